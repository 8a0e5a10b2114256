import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, type ServerProcess, startServerProcess } from '../../support/server-process.js';

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

const PACKAGE_PATH = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//;

/**
 * The server bundle (scripts/bundle-server.mjs) holds most packages inside dist/server.js and its
 * chunks: its metafile says which packages each output file holds, so that loading a chunk counts
 * as loading them. Empty when the server runs unbundled (no build: src/ through tsx).
 */
function bundledPackages(): Map<string, string[]> {
  const metafile = join(ROOT, 'dist/server-bundle.meta.json');
  const byUrl = new Map<string, string[]>();
  if (!existsSync(join(ROOT, 'dist/server.js')) || !existsSync(metafile)) return byUrl;
  const { outputs } = JSON.parse(readFileSync(metafile, 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  for (const [file, output] of Object.entries(outputs)) {
    const names = Object.keys(output.inputs).flatMap((input) => {
      const name = PACKAGE_PATH.exec(input)?.[1];
      return name ? [name] : [];
    });
    byUrl.set(pathToFileURL(join(ROOT, file)).href, names);
  }
  return byUrl;
}

function packagesIn(urls: string[]): Set<string> {
  const bundled = bundledPackages();
  const names = new Set<string>();
  for (const url of urls) {
    const name = PACKAGE_PATH.exec(url)?.[1];
    if (name) names.add(name);
    for (const inside of bundled.get(url) ?? []) names.add(inside);
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
