/**
 * A server process for the turn benchmark: `bare` is a plain Fastify JSON route (the baseline),
 * `parley` is the real application on the embedded defaults with a throwaway SQLite file.
 * Prints {"port": N, "conversations": [...]} on stdout once it listens.
 */
import Fastify from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/app.js';

const mode = process.argv[2];
const conversationCount = Number(process.argv[3] ?? 200);

async function main() {
  if (mode === 'bare') {
    const app = Fastify({ logger: false });
    app.post('/echo', async (request) => ({ message: request.body, reply: { text: 'ok' } }));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    process.stdout.write(`${JSON.stringify({ url: address, conversations: [] })}\n`);
    return;
  }
  const directory = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: process.env['BENCH_DATABASE_URL'] ?? `sqlite:${join(directory, 'bench.db')}`,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  const { app } = await buildApp({ config, logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const conversations = [];
  for (let index = 0; index < conversationCount; index += 1) {
    const response = await app.inject({ method: 'POST', url: '/v1/conversations', payload: {} });
    conversations.push(response.json());
  }
  process.stdout.write(`${JSON.stringify({ url: address, conversations })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
