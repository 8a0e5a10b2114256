import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { evalPipelineEnvironment, runEvalFromCli } from '../../../src/core/evaluation/eval-cli.js';
import { createServices } from '../../../src/create-services.js';
import { parleyMigrations } from '../../../src/migrations.js';
import {
  type BedrockStandIn,
  defaultAnswer,
  startBedrockStandIn,
} from '../../support/bedrock-stand-in.js';

/**
 * `parley eval routing --provider bedrock` wired end to end against the local Bedrock stand-in
 * (real SDK clients, real HTTP): the labelled file runs through the configured Bedrock models, so
 * a model's verdict counts. Real Bedrock is never called from tests (docs/bedrock.md says how to
 * run it for real).
 */

/**
 * The router sees a plain delivery question; only the model notices the customer wants a person.
 * (Its classifier now catches "from a colleague of yours": the wording has to be more oblique.)
 */
const MODEL_ONLY_CASE =
  'I would rather hear the delivery time to Germany from the Lyon warehouse crew.';

const directory = mkdtempSync(join(tmpdir(), 'parley-eval-bedrock-'));
let standIn: BedrockStandIn;
const savedEnvironment = { ...process.env };

beforeAll(async () => {
  standIn = await startBedrockStandIn({
    tokensPerSecond: 2000,
    firstTokenDelayMs: 0,
    answer: (request) =>
      request.userText.includes('Lyon warehouse crew')
        ? '[[ESCALATE: human_requested]]\nA colleague will answer you.'
        : defaultAnswer(request),
  });
  // The SDK's default credential chain reads these; the stand-in never checks the signature.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIDPARLEYEVAL',
    AWS_SECRET_ACCESS_KEY: 'parley-eval-fake-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
});

afterAll(async () => {
  process.env = savedEnvironment;
  await standIn.close();
  rmSync(directory, { recursive: true, force: true });
});

const environment = () => ({
  DATABASE_URL: 'sqlite::memory:',
  LOG_LEVEL: 'silent',
  AWS_REGION: 'eu-west-3',
  BEDROCK_SMALL_MODEL_ID: 'mistral.mistral-small-2402-v1:0',
  BEDROCK_LARGE_MODEL_ID: 'mistral.mistral-large-2407-v1:0',
  BEDROCK_RUNTIME_ENDPOINT: standIn.url,
  BEDROCK_MAX_ATTEMPTS: '1',
});

/** Runs the CLI entry point as `parley eval` would, capturing what it prints. */
async function evaluate(provider: string, file: string) {
  const printed = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed[stream] += String(chunk);
      return true;
    });
  const spies = [capture('stdout'), capture('stderr')];
  try {
    const code = await runEvalFromCli(
      ['routing', '--file', file, '--json', '--provider', provider],
      { loadConfig, createServices, migrations: parleyMigrations },
      environment(),
    );
    return { code, ...printed };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('parley eval routing --provider bedrock', () => {
  it("counts the model's verdict: a case only the model catches is right with Bedrock, missed locally", async () => {
    const file = join(directory, 'cases.jsonl');
    writeFileSync(
      file,
      `${[
        { lang: 'en', text: 'How long does delivery take to Germany?', tier: 'small', reasons: [] },
        { lang: 'en', text: MODEL_ONLY_CASE, tier: 'human', reasons: ['human_requested'] },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n')}\n`,
    );

    const local = await evaluate('local', file);
    expect(local.code).toBe(0);
    expect(standIn.requests).toHaveLength(0);
    const localReport = JSON.parse(local.stdout) as {
      score: { misrouted: Array<{ text: string }> };
    };
    expect(localReport.score.misrouted.map((entry) => entry.text)).toEqual([MODEL_ONLY_CASE]);

    const bedrock = await evaluate('bedrock', file);
    expect(bedrock.code, bedrock.stderr).toBe(0);
    const report = JSON.parse(bedrock.stdout) as {
      score: { misrouted: unknown[] };
      cost: unknown;
    };
    expect(report.score.misrouted).toEqual([]);
    const modelCalls = standIn.requests.filter((request) => request.path.startsWith('/model/'));
    expect(modelCalls.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses an unknown provider, naming the choices', async () => {
    const result = await evaluate('openai', join(directory, 'none.jsonl'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--provider must be one of local, bedrock');
  });

  it('local never takes the configured provider; bedrock keeps the configuration but not the database', () => {
    const configured = { KB_DIR: 'kb', PROMPTS_DIR: 'prompts', LOCALES_DIR: 'locales' };
    const given = {
      MODEL_PROVIDER: 'bedrock',
      DATABASE_URL: 'postgres://ops',
      AWS_REGION: 'eu-west-3',
    };
    expect(evalPipelineEnvironment('local', given, configured)).not.toHaveProperty(
      'MODEL_PROVIDER',
    );
    expect(evalPipelineEnvironment('local', given, configured).DATABASE_URL).toBe(
      'sqlite::memory:',
    );
    expect(evalPipelineEnvironment('bedrock', given, configured)).toMatchObject({
      MODEL_PROVIDER: 'bedrock',
      AWS_REGION: 'eu-west-3',
      DATABASE_URL: 'sqlite::memory:',
      ANSWER_CACHE_SIZE: '0',
    });
  });
});
