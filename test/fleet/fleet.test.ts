import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackThread } from '../../src/slack/slack-thread-store.js';
import { type BedrockStandIn, startBedrockStandIn } from '../support/bedrock-stand-in.js';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../support/postgres-test-database.js';
import { type SlackApiServer, startSlackApiServer } from '../support/slack-api-server.js';
import {
  eventCallback,
  nowInSeconds,
  SLACK_TEST_BOT_TOKEN,
  SLACK_TEST_HANDOFF_CHANNEL,
  SLACK_TEST_SIGNING_SECRET,
  slackSignature,
  threadReplyEvent,
} from '../support/slack-requests.js';
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
 * still running when an instance is killed, and with Slack on, talking to a local Slack Web API
 * stand-in (Slack's own deliveries are signed here with the shared signing secret).
 */
const MODEL_TIMEOUT_MS = 5000;
const RATE_LIMIT = 400;
const QUESTION = 'How long does shipping take?';
/**
 * Asked only in the kill -9 test: a question no instance has answered before, so no answer cache
 * can reply before B is killed (the first test asks QUESTION on B).
 */
const CRASH_QUESTION = 'How long does express shipping to Austria take?';
/** The load on B before the kill: customers asking, each in their own conversation. */
const LOAD_QUESTION = QUESTION;
const LOADERS = 6;
/** B is killed once it answered this many of their turns, with the load still running. */
const ACKNOWLEDGED_BEFORE_KILL = 20;

let postgres: PostgresTestDatabase;
let standIn: BedrockStandIn;
let slackApi: SlackApiServer;
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
    SLACK_BOT_TOKEN: SLACK_TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SLACK_TEST_SIGNING_SECRET,
    SLACK_HANDOFF_CHANNEL: SLACK_TEST_HANDOFF_CHANNEL,
    SLACK_API_URL: slackApi.url,
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

/** Top-level messages posted to the handoff channel: the cards. */
const handoffCards = () =>
  slackApi.calls.filter(
    (call) =>
      call.method === 'chat.postMessage' &&
      call.params.get('channel') === SLACK_TEST_HANDOFF_CHANNEL &&
      !call.params.get('thread_ts'),
  );

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

type StreamedMessage = { role: string; text: string; author: string | null };
const messagesOn = (client: EventStreamClient, role: string) =>
  client.events
    .filter((event) => event.event === 'message')
    .map((event) => (event.data as { message: StreamedMessage }).message)
    .filter((message) => message.role === role);

/** One POST to /slack/events as Slack sends it: signed over the exact bytes, at a given time. */
interface SlackDelivery {
  body: string;
  headers: Record<string, string>;
}

function signedForSlack(
  body: string,
  timestamp = nowInSeconds(),
  extraHeaders: Record<string, string> = {},
): SlackDelivery {
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(body, timestamp),
      ...extraHeaders,
    },
  };
}

async function deliverFromSlack(baseUrl: string, delivery: SlackDelivery) {
  const response = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  return { status: response.status, text: await response.text() };
}

/**
 * A customer on A asks for a person: A posts the handoff card to Slack and links its thread in
 * the shared database. Resolves with the customer's stream on A and the card's thread.
 */
async function handoffOnA(): Promise<{
  conversation: { id: string; token: string };
  stream: EventStreamClient;
  thread: SlackThread;
}> {
  const conversation = await createConversation(server('A').url);
  const stream = await openEventStream(server('A').url, conversation);
  streams.push(stream);
  const turn = await postTurn(server('A').url, conversation, {
    text: 'My parcel never arrived. I want to talk to a human.',
  });
  expect(turn.status).toBe(200);
  let thread: SlackThread | undefined;
  await waitFor(
    () => thread !== undefined,
    'the handoff card thread',
    15_000,
    async () => {
      thread = await writer.slackThreads.findByConversation(conversation.id);
    },
  );
  return { conversation, stream, thread: thread! };
}

beforeAll(async () => {
  postgres = await createPostgresTestDatabase('fleet');
  databaseUrl = `${postgres.url}?options=${encodeURIComponent(`-c search_path=${postgres.schema}`)}`;
  standIn = await startBedrockStandIn({ tokensPerSecond: 200, firstTokenDelayMs: 1500 });
  slackApi = await startSlackApiServer();
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
  await slackApi?.close();
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

  it('a staff reply Slack delivers to B reaches the customer stream on A', async () => {
    const cardsBefore = handoffCards().length;
    const { conversation, stream, thread } = await handoffOnA();
    // One card, whichever instances share the database.
    expect(handoffCards().length - cardsBefore).toBe(1);
    expect(thread).toMatchObject({ kind: 'handoff', channelId: SLACK_TEST_HANDOFF_CHANNEL });

    const text = 'Hello, I am checking with the carrier right now and will write back shortly.';
    const delivered = await deliverFromSlack(
      server('B').url,
      signedForSlack(
        eventCallback(
          threadReplyEvent({
            channel: SLACK_TEST_HANDOFF_CHANNEL,
            threadTs: thread.threadTs,
            user: 'U0ANNA',
            text,
          }),
        ),
      ),
    );
    expect(delivered.status).toBe(200);
    await waitFor(
      () => messagesOn(stream, 'staff').length > 0,
      'the staff reply handled by B on the stream on A',
    );
    expect(messagesOn(stream, 'staff')).toEqual([
      expect.objectContaining({ role: 'staff', author: 'Anna Keller', text }),
    ]);
    const stored = await writer.repository.listMessages(conversation.id);
    expect(stored.filter((message) => message.role === 'staff')).toHaveLength(1);
  });

  it('handles the same Slack event once when Slack delivers it to B and its retry to C at once', async () => {
    const { conversation, stream, thread } = await handoffOnA();
    const text = 'Your replacement parcel leaves our warehouse today, sorry for the wait.';
    // A user no instance has looked up yet: each instance that handles the reply asks Slack for
    // the name once (users.info, cached per process), so the stand-in counts the handlers.
    const user = `U0RETRY${randomBytes(3).toString('hex').toUpperCase()}`;
    const body = eventCallback(
      threadReplyEvent({
        channel: SLACK_TEST_HANDOFF_CHANNEL,
        threadTs: thread.threadTs,
        user,
        text,
      }),
      `Ev${randomBytes(6).toString('hex').toUpperCase()}`,
    );
    // Slack re-signs a retry with a fresh timestamp: another signature, the same event_id.
    const first = signedForSlack(body, nowInSeconds() - 1);
    const retry = signedForSlack(body, nowInSeconds(), {
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(retry.headers['x-slack-signature']).not.toBe(first.headers['x-slack-signature']);
    const [toB, toC] = await Promise.all([
      deliverFromSlack(server('B').url, first),
      deliverFromSlack(server('C').url, retry),
    ]);
    expect([toB.status, toC.status]).toEqual([200, 200]);

    await waitFor(
      () => messagesOn(stream, 'staff').length > 0,
      'the staff reply on the stream on A',
    );
    // Both answers are out, so the loser has decided; a second handler would have started by now
    // and stored its copy within this wait.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(messagesOn(stream, 'staff')).toEqual([expect.objectContaining({ text })]);
    const stored = await writer.repository.listMessages(conversation.id);
    expect(stored.filter((message) => message.role === 'staff')).toHaveLength(1);
    const lookups = slackApi.calls.filter(
      (call) => call.method === 'users.info' && call.params.get('user') === user,
    );
    expect(lookups).toHaveLength(1);

    // The very request B took, replayed to A (same signature): every instance remembers it.
    const replayed = await deliverFromSlack(server('A').url, first);
    expect(replayed.status).toBe(401);
    expect(JSON.parse(replayed.text)).toMatchObject({ error: { code: 'replayed_request' } });
  });

  it('kill -9 of B under load (50 streams, turns answered): no acknowledged message lost, no event missed, no answer twice', async () => {
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

    // The load: customers asking B, one after another in their own conversations (not the one
    // asked below), until B dies. What B answered with 200 is acknowledged: it must survive.
    const acknowledged: Array<{ conversationId: string; messageId: string; replyId: string }> = [];
    let loading = true;
    const loaders = conversations.slice(1, 1 + LOADERS).map(async (conversation, loader) => {
      for (let round = 0; loading; round += 1) {
        try {
          const turn = await postTurn(server('B').url, conversation, {
            text: LOAD_QUESTION,
            clientMessageId: `load-${loader}-${round}`,
          });
          const body = turn.body as TurnBody & { message?: { id: string } };
          if (turn.status === 200 && body.message && body.reply)
            acknowledged.push({
              conversationId: conversation.id,
              messageId: body.message.id,
              replyId: body.reply.id,
            });
        } catch {
          return; // B is gone.
        }
        // Paced so that the load stays inside the fleet's shared rate limit.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    await waitFor(
      () => acknowledged.length >= ACKNOWLEDGED_BEFORE_KILL,
      `${ACKNOWLEDGED_BEFORE_KILL} turns answered by B`,
      30_000,
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
    loading = false;
    await Promise.all(loaders);
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

    // The three numbers of the crash, counted before any assertion so that a failing run
    // reports them too (scripts/fleet-kill-runs.mjs collects them over several runs).
    const storedMessages = new Map(
      await Promise.all(
        conversations.map(
          async (conversation) =>
            [conversation.id, await writer.repository.listMessages(conversation.id)] as const,
        ),
      ),
    );
    const acknowledgedLost = acknowledged.filter((turn) => {
      const ids = new Set(storedMessages.get(turn.conversationId)?.map((message) => message.id));
      return !ids.has(turn.messageId) || !ids.has(turn.replyId);
    }).length;
    let duplicateAnswers = 0;
    for (const messages of storedMessages.values())
      for (const message of messages.filter((candidate) => candidate.role === 'user'))
        duplicateAnswers += Math.max(
          0,
          messages.filter((candidate) => candidate.replyToId === message.id).length - 1,
        );
    const storedIds = await Promise.all(
      conversations.map(async (conversation) =>
        (await writer.repository.listEvents(conversation.id, 0)).map((event) => event.id),
      ),
    );
    const received = (index: number) => [...idsOf(onB[index]!), ...idsOf(onA[index]!)];
    await waitFor(
      () => storedIds.every((ids, index) => received(index).length >= ids.length),
      'every client to receive every stored event',
    ).catch(() => undefined);
    let eventsMissed = 0;
    let eventsStored = 0;
    for (const [index, ids] of storedIds.entries()) {
      const seen = new Set(received(index));
      eventsStored += ids.length;
      eventsMissed += ids.filter((id) => !seen.has(id)).length;
    }
    console.log(
      `FLEET KILL -9: acknowledged messages lost ${acknowledgedLost} of ${acknowledged.length}, ` +
        `events missed by reconnecting clients ${eventsMissed} of ${eventsStored}, ` +
        `duplicate answers ${duplicateAnswers}`,
    );
    expect(acknowledgedLost).toBe(0);
    expect(eventsMissed).toBe(0);
    expect(duplicateAnswers).toBe(0);

    const userMessages = storedMessages
      .get(asked.id)!
      .filter((message) => message.clientMessageId === 'crash-1');
    expect(userMessages).toHaveLength(1);
    expect(
      storedMessages.get(asked.id)!.filter((message) => message.replyToId === userMessages[0]!.id),
    ).toHaveLength(1);

    // Every client saw every stored event of its conversation exactly once, in order, across
    // its connection to B and its reconnection to A.
    for (const [index, ids] of storedIds.entries())
      expect(received(index), `conversation ${index}`).toEqual(ids);
  }, 90_000);

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

  // The budget covers starting a fourth server (Bolt included, Slack being on) on a busy machine.
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
  }, 60_000);
});
