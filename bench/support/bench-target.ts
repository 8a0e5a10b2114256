/**
 * A server process for the turn benchmark: `bare` is a plain Fastify JSON route (the baseline),
 * `parley` is the real application on the embedded defaults with a throwaway SQLite file. Both
 * answer `GET /bench/stats` (CPU time used, and Parley's cache counters). Prints {"url": ..., "conversations": [...]} on stdout
 * once it listens. Usage: bench-target.ts bare|parley [conversations]
 *
 * Parley runs from the compiled build in dist/ (`npm run bench:*` builds first): that is the code
 * `npm start` and the Dockerfile run, and it measured ~10% faster than the same code under tsx.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type * as AppModule from '../../src/app.js';
import type * as ConfigModule from '../../src/config.js';

const mode = process.argv[2];
const conversationCount = Number(process.argv[3] ?? 200);

async function main() {
  if (mode === 'bare') {
    const app = Fastify({ logger: false });
    app.post('/echo', async (request) => ({ message: request.body, reply: { text: 'ok' } }));
    app.get('/bench/stats', async () => ({
      cpuMicros: cpuMicros(),
      answerCache: null,
      retrieval: null,
    }));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    process.stdout.write(`${JSON.stringify({ url: address, conversations: [] })}\n`);
    return;
  }
  const { loadConfig, buildApp } = await loadBuild();
  const directory = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `sqlite:${join(directory, 'bench.db')}`,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  const { app, services } = await buildApp({ config, logger: false });
  // Cache counters for the bench's report; only this benchmark process serves the route.
  app.get('/bench/stats', async () => ({
    cpuMicros: cpuMicros(),
    answerCache: { ...services.answerCacheStats },
    retrieval:
      'cacheStats' in services.retriever
        ? { ...(services.retriever.cacheStats as { hits: number; misses: number }) }
        : null,
  }));
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  // Created through the service rather than HTTP: thousands of them, and only turns are measured.
  const conversations = [];
  for (let index = 0; index < conversationCount; index += 1) {
    const conversation = await services.conversations.createConversation({});
    conversations.push({ id: conversation.id, token: services.tokens.issue(conversation.id) });
  }
  process.stdout.write(`${JSON.stringify({ url: address, conversations })}\n`);
}

/** The compiled application; the same modules as src/, so their types are taken from there. */
async function loadBuild(): Promise<typeof ConfigModule & typeof AppModule> {
  const build = new URL('../../dist/', import.meta.url);
  try {
    const [config, app] = await Promise.all([
      import(new URL('config.js', build).href),
      import(new URL('app.js', build).href),
    ]);
    return { ...config, ...app };
  } catch (error) {
    throw new Error(
      `cannot load the compiled build from ${build.pathname}: run \`npm run build\` first (npm run bench:turn does)`,
      { cause: error },
    );
  }
}

/** CPU time this server process used so far (user + system): the cost of a request, whatever the machine's load. */
function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

// A clean exit on the bench's kill, so that `node --cpu-prof` can write its profile.
process.on('SIGTERM', () => process.exit(0));

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
