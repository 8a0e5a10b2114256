import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../../support/server-process.js';

const RECORDER = pathToFileURL(
  join(import.meta.dirname, '../../support/module-recorder/register.mjs'),
);

/** The packages a server on the embedded defaults must not load (startup time and memory; issue 15). */
const NOT_ON_EMBEDDED_DEFAULTS = [
  '@aws-sdk/client-bedrock-runtime', // MODEL_PROVIDER=bedrock only
  '@aws-sdk/client-bedrock-agent-runtime', // RETRIEVER=bedrock only
  '@slack/bolt', // Slack credentials only
  'pg', // DATABASE_URL=postgres:// only
  'franc', // LANGUAGE_DETECTOR=franc only
  'marked', // the first help center page (/help) only
];

function packagesIn(urls: string[]): Set<string> {
  const names = new Set<string>();
  for (const url of urls) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match?.[1]) names.add(match[1]);
  }
  return names;
}

describe('a server on the embedded defaults (real process)', () => {
  let directory: string;
  let server: ServerProcess;
  let loaded: Set<string>;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'parley-lazy-'));
    const log = join(directory, 'modules.log');
    server = await startServerProcess({
      environment: {
        DATABASE_URL: `sqlite:${join(directory, 'parley.db')}`,
        NODE_OPTIONS: `--import=${RECORDER.href}`,
        PARLEY_MODULE_LOG: log,
      },
    });
    // One turn, so that whatever answering a customer needs has been loaded too.
    const created = await fetch(`${server.url}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'de-DE' }),
    });
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    const answered = await fetch(`${server.url}/v1/conversations/${id}/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ text: 'Wie lange dauert der Standardversand?' }),
    });
    expect(answered.status).toBe(200);
    loaded = packagesIn(readFileSync(log, 'utf8').split('\n'));
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('loads what it uses (the recorder works)', () => {
    for (const name of ['fastify', 'kysely', 'better-sqlite3', 'eld', 'minisearch'])
      expect(loaded).toContain(name);
  });

  it('never loads the AWS SDK, Slack Bolt, the PostgreSQL driver or the unused language engine', () => {
    expect(NOT_ON_EMBEDDED_DEFAULTS.filter((name) => loaded.has(name))).toEqual([]);
  });
});
