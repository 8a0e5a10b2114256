/**
 * `npm run bench:streams`: one built server (node dist/server.js, PostgreSQL bus) holding N open
 * event streams. Reports the server's RSS idle and with the streams open, and the delivery
 * latency of events written by another process (this one, through the conversation module, as
 * the CLI does) to streams chosen at random while all N are open.
 *   --streams 10000
 *   --events 500      written at --rate per second
 *   --rate 100
 *   --node-options=--max-semi-space-size=4   passed to the server (and the floor) as NODE_OPTIONS
 * It first measures the floor: Node's own http server (bench/support/plain-stream-server.mjs)
 * holding the same number of streams and doing nothing else.
 * The npm script raises the open-file limit to the hard limit first; each stream is one socket
 * in the server and one here, so N must stay below that limit (it is printed).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { createConversationTokens } from '../src/core/conversation/conversation-tokens.js';
import { startServer, waitUntilReady } from '../test/fleet/fleet-harness.js';
import { createFleetWriter } from '../test/fleet/fleet-writer.js';
import { createPostgresTestDatabase } from '../test/support/postgres-test-database.js';

const { values } = parseArgs({
  options: {
    streams: { type: 'string', default: '10000' },
    events: { type: 'string', default: '500' },
    rate: { type: 'string', default: '100' },
    'node-options': { type: 'string', default: '' },
  },
});
const streamCount = Number(values.streams);
const eventCount = Number(values.events);
const rate = Number(values.rate);
const SECRET = 'bench-streams-secret-bench-streams-secret';

const nodeOptions = values['node-options'];
const floor = await measureFloor(streamCount);

const database = await createPostgresTestDatabase('bench_streams');
const databaseUrl = `${database.url}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}`;
const server = await startServer('streams', {
  DATABASE_URL: databaseUrl,
  TOKEN_SECRET: SECRET,
  RATE_LIMIT_PER_MINUTE: '100000000',
  LOG_LEVEL: 'error',
  ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
});
const writer = createFleetWriter(databaseUrl);
const sockets: Array<{ destroy(): void }> = [];
try {
  await waitUntilReady(server);
  const tokens = createConversationTokens({ secret: SECRET });
  const conversations: string[] = [];
  for (let index = 0; index < streamCount; index += 1)
    conversations.push(
      (await writer.repository.createConversation({ localeHint: null, language: 'en' })).id,
    );
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const idleRss = rssOf(server.child.pid!);

  const received = new Map<string, number>();
  const latencies: number[] = [];
  const pendingWrites = new Map<string, number>();
  let opened = 0;
  let failed = 0;
  const started = performance.now();
  const port = Number(new URL(server.url).port);
  const open = (conversationId: string) =>
    new Promise<void>((resolve) => {
      const outgoing = request(
        {
          host: '127.0.0.1',
          port,
          path: `/v1/conversations/${conversationId}/events`,
          headers: { authorization: `Bearer ${tokens.issue(conversationId)}` },
          agent: false,
        },
        (response) => {
          sockets.push(response.socket);
          opened += 1;
          resolve();
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (!chunk.includes('event: message')) return;
            const written = pendingWrites.get(conversationId);
            if (written !== undefined) {
              latencies.push(performance.now() - written);
              pendingWrites.delete(conversationId);
            }
            received.set(conversationId, (received.get(conversationId) ?? 0) + 1);
          });
        },
      );
      outgoing.on('error', () => {
        failed += 1;
        resolve();
      });
      outgoing.end();
    });
  // 200 connections at a time: the server accepts them as fast as it can without a SYN flood.
  for (let index = 0; index < conversations.length; index += 200)
    await Promise.all(conversations.slice(index, index + 200).map(open));
  const openSeconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const openRss = rssOf(server.child.pid!);

  for (let index = 0; index < eventCount; index += 1) {
    const conversationId = conversations[Math.floor(Math.random() * conversations.length)]!;
    if (pendingWrites.has(conversationId)) continue;
    pendingWrites.set(conversationId, performance.now());
    void writer.staffReply(conversationId, `event ${index}`);
    await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const sorted = [...latencies].sort((left, right) => left - right);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

  console.log(
    `\nOne instance${nodeOptions ? ` (NODE_OPTIONS=${nodeOptions})` : ''}, ${opened} open event streams (${failed} failed to open, opened in ${openSeconds.toFixed(1)} s; open-file limit ${openFileLimit()})`,
  );
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  console.log(`| server RSS idle (MB) | ${megabytes(idleRss)} |`);
  console.log(`| server RSS with the streams open (MB) | ${megabytes(openRss)} |`);
  console.log(`| RSS above idle (MB) | ${megabytes(openRss - idleRss)} |`);
  console.log(
    `| per stream (KB) | ${((openRss - idleRss) / Math.max(1, opened) / 1024).toFixed(1)} |`,
  );
  console.log(
    `| floor: Node's own http server, ${floor.opened} streams, RSS above idle (MB) | ${megabytes(floor.above)} (${(floor.above / Math.max(1, floor.opened) / 1024).toFixed(1)} KB per stream) |`,
  );
  console.log(`| events written at ${rate}/s, delivered | ${latencies.length} |`);
  console.log(
    `| delivery p50 / p99 / max (ms) | ${at(50).toFixed(1)} / ${at(99).toFixed(1)} / ${at(100).toFixed(1)} |`,
  );
  console.log(`\n(${new Date().toISOString()})`);
} finally {
  for (const socket of sockets) socket.destroy();
  server.kill('SIGKILL');
  await server.exited;
  await writer.close();
  await database.drop();
}

/** RSS above idle of a bare node:http server holding `count` streams (same client, same flags). */
async function measureFloor(count: number): Promise<{ opened: number; above: number }> {
  const child = spawn(process.execPath, ['bench/support/plain-stream-server.mjs'], {
    env: { PATH: process.env.PATH, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))),
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idle = rssOf(child.pid!);
  const held: Array<{ destroy(): void }> = [];
  const open = () =>
    new Promise<void>((resolve) => {
      const outgoing = request(
        { host: '127.0.0.1', port, path: '/events', agent: false },
        (response) => {
          held.push(response.socket);
          response.resume();
          resolve();
        },
      );
      outgoing.on('error', () => resolve());
      outgoing.end();
    });
  for (let index = 0; index < count; index += 200)
    await Promise.all(Array.from({ length: Math.min(200, count - index) }, open));
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const above = rssOf(child.pid!) - idle;
  for (const socket of held) socket.destroy();
  child.kill('SIGKILL');
  return { opened: held.length, above };
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kilobytes * 1024;
}

function openFileLimit(): string {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  return /Max open files\s+(\d+)/.exec(limits)?.[1] ?? 'unknown';
}
