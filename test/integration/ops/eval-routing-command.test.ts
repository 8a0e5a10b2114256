import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createConversationRepository } from '../../../src/core/conversation/conversation-repository.js';
import { createDatabase } from '../../../src/core/database/create-database.js';
import { createEscalationStore } from '../../../src/core/escalations/create-escalation-store.js';
import { runEvalFromCli } from '../../../src/core/evaluation/eval-cli.js';
import { type EvalCommandDeps, runEvalCommand } from '../../../src/core/evaluation/eval-command.js';
import { tierPricesOfConfig } from '../../../src/core/models/tier-prices.js';
import { createRedactor } from '../../../src/core/redaction/redact-personal-data.js';
import { createServices } from '../../../src/create-services.js';
import { parleyMigrations } from '../../../src/migrations.js';
import {
  createConversation,
  createTestApp,
  postMessage,
  TEST_TOKEN_SECRET,
} from '../../support/test-app.js';
import { AUTHORIZATION, OPS_TOKEN } from './ops-test-support.js';

const directory = mkdtempSync(join(tmpdir(), 'parley-eval-'));
const databaseUrl = `sqlite:${join(directory, 'parley.db')}`;

function capture() {
  let text = '';
  return { stream: { write: (chunk: string) => (text += chunk) }, text: () => text };
}

function deps(
  stdout: ReturnType<typeof capture>,
  stderr: ReturnType<typeof capture>,
): EvalCommandDeps {
  return {
    buildPipeline: () =>
      createServices(
        loadConfig({
          DATABASE_URL: 'sqlite::memory:',
          LOG_LEVEL: 'silent',
          ANSWER_CACHE_SIZE: '0',
        }),
        { tokenSecret: TEST_TOKEN_SECRET },
      ),
    async openOpsDatabase() {
      const database = createDatabase(databaseUrl);
      await database.migrate(parleyMigrations(database.dialect));
      return {
        store: createEscalationStore(database),
        conversations: createConversationRepository(database),
        redact: createRedactor(true),
        close: () => database.close(),
      };
    },
    pricing: tierPricesOfConfig(loadConfig({})),
    stdout: stdout.stream,
    stderr: stderr.stream,
  };
}

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('parley eval routing', () => {
  it('runs a labelled file through the pipeline and prints accuracy, confusion, recall and cost', async () => {
    const file = join(directory, 'cases.jsonl');
    writeFileSync(
      file,
      [
        { lang: 'en', text: 'How do I reset my password?', tier: 'small', reasons: [] },
        {
          lang: 'fr',
          text: 'Je veux parler à un conseiller humain.',
          tier: 'human',
          reasons: ['human_requested'],
        },
        {
          lang: 'de',
          text: 'Sie haben mir den Betrag doppelt abgebucht, das ist eine Frechheit!',
          tier: 'large',
          reasons: ['billing_dispute', 'negative_sentiment'],
        },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const stdout = capture();
    const stderr = capture();
    const code = await runEvalCommand(['routing', '--file', file, '--json'], deps(stdout, stderr));
    expect(code, stderr.text()).toBe(0);
    const report = JSON.parse(stdout.text());
    expect(report.score.total).toBe(3);
    expect(report.score.confusion.human.human).toBe(1);
    expect(report.score.perReason.human_requested).toMatchObject({ labelled: 1 });
    expect(report.cost.source).toBe('stated');
    expect(report.prices.large).toMatchObject({
      modelId: 'mistral.mistral-large-3-675b-instruct',
      input: 0.5,
      output: 1.5,
    });
    expect(report.cost.perThousandTurns.allLarge).toBeGreaterThan(
      report.cost.perThousandTurns.allSmall,
    );

    const text = capture();
    expect(await runEvalCommand(['routing', '--file', file], deps(text, capture()))).toBe(0);
    expect(text.text()).toMatch(/Tier accuracy: \d\/3/);
    expect(text.text()).toContain('Confusion matrix');
    expect(text.text()).toMatch(/all Large +\$\d+\.\d\d/);
  }, 60_000);

  it('prices the modeled cost with the configured tiers and states the models and prices it used', async () => {
    const file = join(directory, 'one-case.jsonl');
    writeFileSync(
      file,
      JSON.stringify({
        lang: 'en',
        text: 'How do I reset my password?',
        tier: 'small',
        reasons: [],
      }),
    );
    // The CLI path end to end: environment → config → tier prices → report.
    const environment = {
      BEDROCK_SMALL_MODEL_ID: 'mistral.ministral-3-8b-instruct',
      BEDROCK_LARGE_MODEL_ID: 'eu.mistral.pixtral-large-2502-v1:0',
      PRICE_LARGE_INPUT_PER_MTOK: '2.2',
      PRICE_LARGE_OUTPUT_PER_MTOK: '6.6',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
    };
    const saved = Object.fromEntries(
      Object.keys(environment).map((key) => [key, process.env[key]]),
    );
    Object.assign(process.env, environment);
    let printed = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed += String(chunk);
      return true;
    });
    let code: number;
    try {
      code = await runEvalFromCli(
        ['routing', '--file', file, '--avg-input-tokens', '1000', '--avg-output-tokens', '1000'],
        { loadConfig, createServices, migrations: parleyMigrations },
      );
    } finally {
      write.mockRestore();
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    expect(code).toBe(0);
    expect(printed).toContain(
      'small mistral.ministral-3-8b-instruct $0.15/$0.15 per 1M tokens in/out (Bedrock on-demand list price, us-east-1, as published in 2026)',
    );
    expect(printed).toContain(
      'large eu.mistral.pixtral-large-2502-v1:0 $2.20/$6.60 per 1M tokens in/out (configured)',
    );
    // 1,000 turns of 1,000 + 1,000 tokens: (0.15 + 0.15) and (2.2 + 6.6) USD.
    expect(printed).toMatch(/all Small +\$0\.30\n/);
    expect(printed).toMatch(/all Large +\$8\.80\n/);
  }, 60_000);

  it("sends a case's history first, so repeated_question can fire", async () => {
    const file = join(directory, 'history.jsonl');
    const line = {
      lang: 'en',
      text: 'still doesnt work... how do i reset the password??',
      tier: 'large',
      reasons: ['repeated_question'],
      history: ['How can I reset my password?'],
    };
    writeFileSync(file, JSON.stringify(line));
    const stdout = capture();
    expect(
      await runEvalCommand(['routing', '--file', file, '--json'], deps(stdout, capture())),
    ).toBe(0);
    expect(JSON.parse(stdout.text()).score.perReason.repeated_question).toEqual({
      labelled: 1,
      found: 1,
      extra: 0,
      recall: 1,
    });
    writeFileSync(file, JSON.stringify({ ...line, history: [] }));
    const withoutHistory = capture();
    await runEvalCommand(['routing', '--file', file, '--json'], deps(withoutHistory, capture()));
    expect(JSON.parse(withoutHistory.text()).score.perReason.repeated_question.found).toBe(0);
  }, 60_000);

  it('refuses a call without --file or --from-ops, naming both', async () => {
    const stderr = capture();
    expect(await runEvalCommand(['routing'], deps(capture(), stderr))).toBe(2);
    expect(stderr.text()).toMatch(/--file or --from-ops/);
  });

  describe('--from-ops', () => {
    beforeAll(async () => {
      // Turns through the real app on a file database, then reviews over the ops API.
      const test = await createTestApp({ OPS_TOKEN, DATABASE_URL: databaseUrl });
      try {
        const long = `Je veux parler à un humain. ${'Voici tout le contexte de ma commande, en détail. '.repeat(10)}Écrivez-moi à marie@example.fr`;
        for (const [locale, text] of [
          ['fr', long],
          ['en', 'I was charged twice for the same order and I am furious!'],
          ['de', 'Ich möchte mit einem Menschen sprechen.'],
        ]) {
          await postMessage(test.app, await createConversation(test.app, locale), text as string);
        }
        const items = (
          await test.app.inject({ url: '/ops/escalations', headers: AUTHORIZATION })
        ).json().items as Array<{ id: string; language: string }>;
        const review = (id: string, verdict: string) =>
          test.app.inject({
            method: 'POST',
            url: `/ops/escalations/${id}/review`,
            headers: AUTHORIZATION,
            payload: { verdict },
          });
        for (const item of items) {
          if (item.language === 'fr') await review(item.id, 'right');
          if (item.language === 'en') await review(item.id, 'human');
        }
      } finally {
        await test.close();
      }
    }, 60_000);

    it('writes the reviewed turns as cases with the full, redacted customer text', async () => {
      const stdout = capture();
      expect(await runEvalCommand(['routing', '--from-ops'], deps(stdout, capture()))).toBe(0);
      const cases = stdout
        .text()
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(cases).toHaveLength(2);
      const french = cases.find((entry) => entry.lang === 'fr');
      expect(french.tier).toBe('human');
      expect(french.reasons).toContain('human_requested');
      // Longer than the 280-character excerpt, with the email masked.
      expect(french.text.length).toBeGreaterThan(400);
      expect(french.text).toContain('[email]');
      expect(french.text).not.toContain('marie@example.fr');
      const english = cases.find((entry) => entry.lang === 'en');
      expect(english.tier).toBe('human');
      expect(english.reasons).toEqual(expect.arrayContaining(['billing_dispute']));
    });

    it('with --out, writes the file and evaluates it', async () => {
      const out = join(directory, 'from-ops.jsonl');
      const stdout = capture();
      const stderr = capture();
      expect(
        await runEvalCommand(['routing', '--from-ops', '--out', out], deps(stdout, stderr)),
      ).toBe(0);
      expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(2);
      expect(stderr.text()).toContain('Wrote 2 reviewed case(s)');
      expect(stdout.text()).toMatch(/Tier accuracy: \d\/2/);
    }, 60_000);
  });
});
