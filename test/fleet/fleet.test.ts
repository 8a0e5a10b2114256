import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BedrockStandIn, startBedrockStandIn } from '../support/bedrock-stand-in.js';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../support/postgres-test-database.js';
import {
  createConversation,
  type EventStreamClient,
  openEventStream,
  type ServerProcess,
  startServer,
  waitFor,
  waitUntilReady,
} from './fleet-harness.js';
import { createFleetWriter } from './fleet-writer.js';

/*
 * Three built servers (node dist/server.js) on one PostgreSQL schema and one Redis, answering
 * with Bedrock through a local stand-in whose first token comes after 1.5 s, so that a turn is
 * still running when an instance is killed.
 */
const MODEL_TIMEOUT_MS = 5000;
const RATE_LIMIT = 400;
const QUESTION = 'How long does shipping take?';
/**
 * Asked only in the kill -9 test: a question no instance has answered before, so no answer cache
 * can reply before B is killed (the first test asks QUESTION on B).
 */
const CRASH_QUESTION = 'How long does express shipping to Austria take?';

let postgres: PostgresTestDatabase;
let standIn: BedrockStandIn;
let databaseUrl: string;
let writer: ReturnType<typeof createFleetWriter>;
const servers = new Map<string, ServerProcess>();
const streams: EventStreamClient[] = [];

function environment(): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `fleet-${randomPrefix}:`,
    RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    MODEL_PROVIDER: 'bedrock',
    RETRIEVER: 'local',
    MODEL_TIMEOUT_MS: String(MODEL_TIMEOUT_MS),
    BEDROCK_RUNTIME_ENDPOINT: standIn.url,
    BEDROCK_MAX_ATTEMPTS: '1',
    AWS_REGION: 'eu-west-3',
    AWS_ACCESS_KEY_ID: 'AKIDPARLEYFLEET',
    AWS_SECRET_ACCESS_KEY: 'parley-fleet-fake-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    SHUTDOWN_DRAIN_MS: '300',
  };
}
const randomPrefix = randomBytes(6).toString('hex');

async function start(name: string): Promise<ServerProcess> {
  const server = await startServer(name, environment());
  servers.set(name, server);
  await waitUntilReady(server);
  return server;
}
const server = (name: string) => servers.get(name)!;

/** The parts of a turn answer (or error) the tests read. */
type TurnBody = { reply?: { id: string; role: string }; error?: { code: string } };

async function postTurn(
  baseUrl: string,
  conversation: { id: string; token: string },
  body: { text: string; clientMessageId?: string },
) {
  const response = await fetch(`${baseUrl}/v1/conversations/${conversation.id}/messages`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${conversation.token}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as TurnBody };
}

const idsOf = (client: EventStreamClient) =>
  client.events.filter((event) => event.id !== undefined).map((event) => event.id!);

beforeAll(async () => {
  postgres = await createPostgresTestDatabase('fleet');
  databaseUrl = `${postgres.url}?options=${encodeURIComponent(`-c search_path=${postgres.schema}`)}`;
  standIn = await startBedrockStandIn({ tokensPerSecond: 200, firstTokenDelayMs: 1500 });
  // One migrates first; the others find the schema up to date (migrations run once).
  await start('A');
  await Promise.all([start('B'), start('C')]);
  writer = createFleetWriter(databaseUrl);
}, 120_000);

afterAll(async () => {
  for (const stream of streams) stream.close();
  for (const process of servers.values()) process.kill('SIGKILL');
  await Promise.all([...servers.values()].map((process) => process.exited));
  await writer?.close();
  await standIn?.close();
  await postgres?.drop();
});

describe('a fleet of three instances on PostgreSQL', () => {
  it('accepts a token issued by A on B and C (one TOKEN_SECRET, from the database)', async () => {
    const conversation = await createConversation(server('A').url);
    for (const name of ['B', 'C']) {
      const response = await fetch(`${server(name).url}/v1/conversations/${conversation.id}`, {
        headers: { authorization: `Bearer ${conversation.token}` },
      });
      expect(response.status, name).toBe(200);
    }
  });

  it('delivers an event stored by B to the customer stream open on A, and a write by another process', async () => {
    const conversation = await createConversation(server('A').url);
    const stream = await openEventStream(server('A').url, conversation);
    streams.push(stream);
    const turn = await postTurn(server('B').url, conversation, { text: QUESTION });
    expect(turn.status).toBe(200);
    await waitFor(
      () => stream.events.filter((event) => event.event === 'message').length >= 2,
      'the turn stored by B on the stream on A',
    );
    const roles = stream.events
      .filter((event) => event.event === 'message')
      .map((event) => (event.data as { message: { role: string } }).message.role);
    expect(roles).toEqual(['user', 'assistant']);

    await writer.staffReply(conversation.id, 'Written by a script, not a server');
    await waitFor(
      () => stream.events.filter((event) => event.event === 'message').length >= 3,
      'the other process write on the stream',
    );
    expect(stream.events.at(-1)).toMatchObject({
      event: 'message',
      data: { message: { role: 'staff', text: 'Written by a script, not a server' } },
    });
  });

  it('kill -9 of B while it holds 50 streams and answers a turn: no event missed, the retried message answered once', async () => {
    const conversations = await Promise.all(
      Array.from({ length: 50 }, () => createConversation(server('A').url)),
    );
    const onB = await Promise.all(
      conversations.map((conversation) => openEventStream(server('B').url, conversation)),
    );
    streams.push(...onB);
    for (const conversation of conversations.slice(0, 10))
      await writer.staffReply(conversation.id, 'before the crash');
    await waitFor(
      () => onB.slice(0, 10).every((client) => idsOf(client).length === 1),
      'events before the crash',
    );

    // A turn in flight on B: its message is stored (and acknowledged on the streams) at once,
    // its answer waits 1.5 s on the model.
    const asked = conversations[0]!;
    const firstAttempt = postTurn(server('B').url, asked, {
      text: CRASH_QUESTION,
      clientMessageId: 'crash-1',
    }).catch(() => undefined);
    await waitFor(
      () =>
        onB[0]!.events.some(
          (event) =>
            event.event === 'message' &&
            (event.data as { message: { role: string } }).message.role === 'user',
        ),
      'the user message stored by B',
    );

    server('B').kill('SIGKILL');
    // B's lease began before this, when it stored the message: it has run out by killedAt + lease.
    const killedAt = Date.now();
    await server('B').exited;
    expect(await firstAttempt).toBeUndefined();
    await Promise.all(onB.map((client) => client.ended));
    // The retry on A while B's lease runs: still being answered (B might be alive and slow).
    const early = await postTurn(server('A').url, asked, {
      text: CRASH_QUESTION,
      clientMessageId: 'crash-1',
    });
    expect(early.status).toBe(409);
    expect(early.body.error?.code).toBe('conflict');

    // Written while the clients are away: they must get these on reconnecting.
    for (const conversation of conversations)
      await writer.staffReply(conversation.id, 'while you were reconnecting');

    const onA = await Promise.all(
      conversations.map((conversation, index) => {
        const seen = idsOf(onB[index]!);
        return openEventStream(server('A').url, conversation, seen.at(-1));
      }),
    );
    streams.push(...onA);
    for (const conversation of conversations)
      await writer.staffReply(conversation.id, 'after reconnecting');

    // After the lease, retries on A and C at once: one answers, the other gets 409 or the same reply.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, killedAt + MODEL_TIMEOUT_MS + 200 - Date.now())),
    );
    const retries = await Promise.all([
      postTurn(server('A').url, asked, { text: CRASH_QUESTION, clientMessageId: 'crash-1' }),
      postTurn(server('C').url, asked, { text: CRASH_QUESTION, clientMessageId: 'crash-1' }),
    ]);
    const answered = retries.filter((retry) => retry.status === 200);
    expect(answered.length).toBeGreaterThanOrEqual(1);
    expect(retries.every((retry) => retry.status === 200 || retry.status === 409)).toBe(true);
    const again = await postTurn(server('A').url, asked, {
      text: CRASH_QUESTION,
      clientMessageId: 'crash-1',
    });
    expect(again.status).toBe(200);
    expect(again.body.reply?.id).toEqual(expect.any(String));
    for (const retry of answered) expect(retry.body.reply?.id).toBe(again.body.reply?.id);

    const stored = await writer.repository.listMessages(asked.id);
    const userMessages = stored.filter((message) => message.clientMessageId === 'crash-1');
    expect(userMessages).toHaveLength(1);
    expect(stored.filter((message) => message.replyToId === userMessages[0]!.id)).toHaveLength(1);

    // Every client saw every stored event of its conversation exactly once, in order, across
    // its connection to B and its reconnection to A.
    for (const [index, conversation] of conversations.entries()) {
      const storedIds = (await writer.repository.listEvents(conversation.id, 0)).map(
        (event) => event.id,
      );
      await waitFor(
        () => [...idsOf(onB[index]!), ...idsOf(onA[index]!)].length >= storedIds.length,
        `conversation ${index} to receive all ${storedIds.length} events`,
      );
      expect([...idsOf(onB[index]!), ...idsOf(onA[index]!)], `conversation ${index}`).toEqual(
        storedIds,
      );
    }
  }, 60_000);

  it('on SIGTERM: /readyz 503 first, streams end with a retry hint, the turn in flight finishes, then exit 0', async () => {
    const conversation = await createConversation(server('A').url);
    const stream = await openEventStream(server('C').url, conversation);
    streams.push(stream);
    let settled = false;
    const turn = postTurn(server('C').url, conversation, { text: QUESTION }).finally(() => {
      settled = true;
    });
    await waitFor(
      () => stream.events.some((event) => event.event === 'message'),
      'the turn to start',
    );
    server('C').kill('SIGTERM');
    let readiness: { status: number; body: unknown } = { status: 0, body: null };
    await waitFor(
      () => readiness.status === 503,
      '/readyz to turn 503',
      2000,
      async () => {
        const response = await fetch(`${server('C').url}/readyz`);
        readiness = { status: response.status, body: await response.json() };
      },
    );
    expect(readiness.body).toMatchObject({ error: { code: 'shutting_down' } });
    // Not ready while the turn still runs: the load balancer is told first.
    expect(settled).toBe(false);
    const finished = await turn;
    expect(finished.status).toBe(200);
    expect(finished.body.reply?.role).toBe('assistant');
    await stream.ended;
    expect(stream.retryMs()).toBeGreaterThan(0);
    expect(await server('C').exited, server('C').output()).toBe(0);
  }, 30_000);

  it('holds the rate limit across instances (Redis)', async () => {
    const restarted = await start('B2');
    const remainingAfter = async (url: string) => {
      const response = await fetch(`${url}/v1/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return {
        status: response.status,
        remaining: Number(response.headers.get('x-ratelimit-remaining')),
      };
    };
    const first = await remainingAfter(server('A').url);
    const second = await remainingAfter(restarted.url);
    expect(second.remaining).toBe(first.remaining - 1);
    const statuses: number[] = [];
    for (let index = 0; index < first.remaining + 1; index += 1)
      statuses.push(
        (await remainingAfter(index % 2 === 0 ? server('A').url : restarted.url)).status,
      );
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(first.remaining);
    expect((await remainingAfter(server('A').url)).status).toBe(429);
    expect((await remainingAfter(restarted.url)).status).toBe(429);
  }, 30_000);
});
