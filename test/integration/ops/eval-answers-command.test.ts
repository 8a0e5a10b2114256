import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createConversationRepository } from '../../../src/core/conversation/conversation-repository.js';
import { createDatabase } from '../../../src/core/database/create-database.js';
import { createEscalationStore } from '../../../src/core/escalations/create-escalation-store.js';
import { type EvalCommandDeps, runEvalCommand } from '../../../src/core/evaluation/eval-command.js';
import { createFeedbackRepository } from '../../../src/core/feedback/feedback-repository.js';
import { tierPricesOfConfig } from '../../../src/core/models/tier-prices.js';
import { createRedactor } from '../../../src/core/redaction/redact-personal-data.js';
import { parleyMigrations } from '../../../src/migrations.js';
import { createConversation, createTestApp, postMessage } from '../../support/test-app.js';

const directory = mkdtempSync(join(tmpdir(), 'parley-eval-answers-'));
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
      Promise.reject(new Error('not needed: these runs only read the ops database')),
    async openOpsDatabase() {
      const database = createDatabase(databaseUrl);
      await database.migrate(parleyMigrations(database.dialect));
      return {
        store: createEscalationStore(database),
        conversations: createConversationRepository(database),
        feedback: createFeedbackRepository(database),
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

/** Customers' ratings become evaluation material: `eval answers` and 👎 cases in `eval routing`. */
describe('parley eval answers --from-ops', () => {
  beforeAll(async () => {
    const test = await createTestApp({ DATABASE_URL: databaseUrl });
    try {
      const rate = async (locale: string, question: string, rating: string, comment?: string) => {
        const conversation = await createConversation(test.app, locale);
        const reply = (await postMessage(test.app, conversation, question)).json().reply;
        const response = await test.app.inject({
          method: 'POST',
          url: `/v1/conversations/${conversation.id}/messages/${reply.id}/feedback`,
          headers: { authorization: `Bearer ${conversation.token}` },
          payload: comment ? { rating, comment } : { rating },
        });
        expect(response.statusCode).toBe(200);
      };
      await rate('en', 'How long does standard delivery take?', 'up');
      await rate(
        'fr',
        'Comment réinitialiser mon mot de passe ? Mon mail : marie@example.fr',
        'down',
        'Rien reçu sur marie@example.fr',
      );
    } finally {
      await test.close();
    }
  }, 60_000);

  it('lists the rated answers with question, answer, rating and redacted comment', async () => {
    const stdout = capture();
    const stderr = capture();
    expect(await runEvalCommand(['answers', '--from-ops'], deps(stdout, stderr))).toBe(0);
    const lines = stdout
      .text()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.lang, line.rating])).toEqual([
      ['en', 'up'],
      ['fr', 'down'],
    ]);
    const french = lines[1];
    expect(french.question).toContain('[email]');
    expect(french.comment).toContain('[email]');
    expect(JSON.stringify(lines)).not.toContain('marie@example.fr');
    expect(french.answer.length).toBeGreaterThan(10);
    expect(stderr.text()).toContain('2 rated answer(s): 1 helpful, 1 not helpful');
  });

  it('adds 👎 answers to the routing material one tier up, with the comment', async () => {
    const stdout = capture();
    expect(await runEvalCommand(['routing', '--from-ops'], deps(stdout, capture()))).toBe(0);
    const cases = stdout
      .text()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ lang: 'fr', tier: 'large', source: 'rated_down' });
    expect(cases[0].comment).toContain('[email]');
  });

  it('needs --from-ops', async () => {
    const stderr = capture();
    expect(await runEvalCommand(['answers'], deps(capture(), stderr))).toBe(2);
    expect(stderr.text()).toMatch(/--from-ops/);
  });
});
