/**
 * `npm run bench:fleet`: two built servers (node dist/server.js) on one PostgreSQL schema.
 *
 * 1. Event delivery latency: event streams open on A for 50 conversations; events are stored at
 *    a fixed rate, two at a time: customer turns (the message and the reply) posted on A (same
 *    instance) or on B (across instances: pg_notify, A's LISTEN connection, a re-read), and staff
 *    messages stored by this process through the conversation module (as the CLI would), which
 *    measures the bus without a turn pipeline in front of it. Latency = time the stream on A
 *    receives a message event − the message's createdAt (set by the writer just before its
 *    insert), so every row includes the insert; a turn row includes the wait for the turn.
 * 2. Turns/s (local answerer, JSON turns, keep-alive clients) against one instance, then spread
 *    over two, on the same 2-core machine as the load generator.
 *   --rate 100        events/s for the latency rows
 *   --seconds 10      per latency row and per throughput row
 *   --concurrency 16  requests in flight for the throughput rows
 */
import { parseArgs } from 'node:util';
import {
  createConversation,
  openEventStream,
  type ServerProcess,
  startServer,
  waitUntilReady,
} from '../test/fleet/fleet-harness.js';
import { createFleetWriter } from '../test/fleet/fleet-writer.js';
import { createPostgresTestDatabase } from '../test/support/postgres-test-database.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

const QUESTIONS = [
  'How long does shipping take?',
  'Can I return an item?',
  'Where is my parcel?',
  'Do you ship to Canada?',
  'How do I reset my password?',
];

const database = await createPostgresTestDatabase('bench_fleet');
const environment = {
  DATABASE_URL: `${database.url}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}`,
  TOKEN_SECRET: 'bench-fleet-secret-bench-fleet-secret-01',
  RATE_LIMIT_PER_MINUTE: '10000000',
  LOG_LEVEL: 'error',
};
const servers: ServerProcess[] = [];
try {
  const first = await startServer('A', environment);
  servers.push(first);
  await waitUntilReady(first);
  const second = await startServer('B', environment);
  servers.push(second);
  await waitUntilReady(second);

  const writer = createFleetWriter(environment.DATABASE_URL);
  const latencies = {
    same: await latencyRow(first, (conversation, index) =>
      postTurn(first.url, conversation, QUESTIONS[index % QUESTIONS.length]!),
    ),
    cross: await latencyRow(first, (conversation, index) =>
      postTurn(second.url, conversation, QUESTIONS[index % QUESTIONS.length]!),
    ),
    process: await latencyRow(first, async (conversation, index) => {
      await writer.staffReply(conversation.id, `staff reply ${index}`);
      await writer.staffReply(conversation.id, `staff follow-up ${index}`);
    }),
  };
  await writer.close();
  const oneInstance = await turnsPerSecond([first]);
  const twoInstances = await turnsPerSecond([first, second]);

  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(
    `\nEvent delivery to a stream on A at ${rate} events/s for ${seconds} s (50 conversations)`,
  );
  console.log(row(['written on', 'events', 'p50 ms', 'p99 ms', 'max ms']));
  console.log(row(['---', '---:', '---:', '---:', '---:']));
  for (const [name, samples] of [
    ['A: turns posted on A (same instance)', latencies.same],
    ['B: turns posted on B (across instances)', latencies.cross],
    ['another process: 2 staff messages per tick (across processes)', latencies.process],
  ] as const)
    console.log(
      row([
        name,
        String(samples.length),
        percentile(samples, 50).toFixed(1),
        percentile(samples, 99).toFixed(1),
        Math.max(...samples).toFixed(1),
      ]),
    );
  console.log(`\nJSON turns (local answerer), ${concurrency} in flight, ${seconds} s each`);
  console.log(row(['instances', 'turns', 'turns/s', 'errors']));
  console.log(row(['---', '---:', '---:', '---:']));
  for (const [name, result] of [
    ['1', oneInstance],
    ['2', twoInstances],
  ] as const)
    console.log(
      row([name, String(result.turns), (result.turns / seconds).toFixed(0), String(result.errors)]),
    );
  console.log(`\n(${new Date().toISOString()}, load average ${(await loadAverage()).join(' ')})`);
} finally {
  for (const server of servers) server.kill('SIGKILL');
  await Promise.all(servers.map((server) => server.exited));
  await database.drop();
}

/** `produce` stores two events in a conversation; it is called rate/2 times a second. */
async function latencyRow(
  reader: ServerProcess,
  produce: (conversation: { id: string; token: string }, index: number) => Promise<unknown>,
): Promise<number[]> {
  const conversations = await Promise.all(
    Array.from({ length: 50 }, () => createConversation(reader.url)),
  );
  const samples: number[] = [];
  const streams = await Promise.all(
    conversations.map((conversation) => openEventStream(reader.url, conversation)),
  );
  const seen = streams.map(() => 0);
  const poll = setInterval(() => {
    const now = Date.now();
    streams.forEach((stream, index) => {
      for (; seen[index]! < stream.events.length; seen[index]! += 1) {
        const event = stream.events[seen[index]!]!;
        if (event.event !== 'message') continue;
        const createdAt = (event.data as { message: { createdAt: string } }).message.createdAt;
        samples.push(now - Date.parse(createdAt));
      }
    });
  }, 1);
  // Two events per turn: rate/2 turns per second, spread evenly.
  const turns = Math.round((rate / 2) * seconds);
  const interval = 1000 / (rate / 2);
  const started = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let index = 0; index < turns; index += 1) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const conversation = conversations[index % conversations.length]!;
    pending.push(produce(conversation, index));
  }
  await Promise.all(pending);
  await new Promise((resolve) => setTimeout(resolve, 500));
  clearInterval(poll);
  for (const stream of streams) stream.close();
  return samples;
}

async function postTurn(
  baseUrl: string,
  conversation: { id: string; token: string },
  text: string,
): Promise<boolean> {
  const response = await fetch(`${baseUrl}/v1/conversations/${conversation.id}/messages`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${conversation.token}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({ text }),
  });
  await response.arrayBuffer();
  return response.status === 200;
}

async function turnsPerSecond(targets: ServerProcess[]) {
  const conversations = await Promise.all(
    Array.from({ length: concurrency * 4 }, () => createConversation(targets[0]!.url)),
  );
  let turns = 0;
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let index = 0; performance.now() < deadline; index += 1) {
        const target = targets[(worker + index) % targets.length]!;
        const conversation = conversations[(worker * 4 + index) % conversations.length]!;
        if (await postTurn(target.url, conversation, QUESTIONS[index % QUESTIONS.length]!))
          turns += 1;
        else errors += 1;
      }
    }),
  );
  return { turns, errors };
}

function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function loadAverage(): Promise<string[]> {
  const { loadavg } = await import('node:os');
  return loadavg().map((value) => value.toFixed(1));
}
