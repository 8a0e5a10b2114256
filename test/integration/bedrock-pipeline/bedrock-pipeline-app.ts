import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import type { Message } from '../../../src/core/conversation/conversation.js';
import type { TurnTelemetry } from '../../../src/core/conversation/turn-telemetry.js';
import type { Language } from '../../../src/core/language/language.js';
import { type BotMessages, loadBotMessages } from '../../../src/core/locales/load-bot-messages.js';
import { createChatModels } from '../../../src/core/models/create-chat-models.js';
import { createRetriever } from '../../../src/core/retrieval/create-retriever.js';
import {
  type ConverseStreamScript,
  converseStreamFrames,
} from '../../support/bedrock-eventstream.js';
import { eventStreamReply, TEST_CREDENTIALS, TEST_REGION } from '../../support/bedrock-wire.js';
import {
  createTestApp,
  parseServerSentEvents,
  TEST_TOKEN_SECRET,
  type TestApp,
} from '../../support/test-app.js';

/** The configuration contract's default model ids (the tests set them explicitly, as a deployment would). */
export const SMALL_MODEL_ID = 'mistral.mistral-small-2402-v1:0';
export const LARGE_MODEL_ID = 'mistral.mistral-large-2407-v1:0';
export const KNOWLEDGE_BASE_ID = 'PARLEYKB01';

/** Routed small on kb/ (relevant passages, no signal), see the local retriever. */
export const DELIVERY_QUESTION = 'How long does delivery take to Germany?';
/** Routed large: billing_dispute. */
export const BILLING_DISPUTE =
  'I was charged twice for the same order, I want my money back for the double charge.';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BOT_MESSAGES: Record<Language, BotMessages> = loadBotMessages(
  path.join(repositoryRoot, 'locales'),
);

/**
 * The whole application with MODEL_PROVIDER=bedrock: the real Bedrock SDK clients built by
 * createChatModels / createRetriever, on an HTTP/1.1 handler so that nock sees every request.
 */
export async function createBedrockPipelineApp(
  environment: Record<string, string> = {},
): Promise<TestApp> {
  const full = {
    MODEL_PROVIDER: 'bedrock',
    RETRIEVER: 'local',
    AWS_REGION: TEST_REGION,
    BEDROCK_SMALL_MODEL_ID: SMALL_MODEL_ID,
    BEDROCK_LARGE_MODEL_ID: LARGE_MODEL_ID,
    BEDROCK_MAX_ATTEMPTS: '3',
    MODEL_TIMEOUT_MS: '5000',
    RATE_LIMIT_PER_MINUTE: '10000',
    ...(environment.RETRIEVER === 'bedrock' ? { BEDROCK_KB_ID: KNOWLEDGE_BASE_ID } : {}),
    ...environment,
  };
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'silent',
    TOKEN_SECRET: TEST_TOKEN_SECRET,
    ...full,
  });
  const wire = { requestHandler: new NodeHttpHandler(), credentials: TEST_CREDENTIALS };
  const models = await createChatModels(config, wire);
  const retriever =
    config.RETRIEVER === 'bedrock' ? await createRetriever(config, wire) : undefined;
  return createTestApp(full, { models, ...(retriever ? { retriever } : {}) });
}

export interface ServerSentEvent {
  event: string;
  data: unknown;
}

/** POST a message with Accept: text/event-stream; returns the events in order. */
export async function postStreaming(
  testApp: TestApp,
  conversation: { id: string; token: string },
  text: string,
): Promise<ServerSentEvent[]> {
  const response = await testApp.app.inject({
    method: 'POST',
    url: `/v1/conversations/${conversation.id}/messages`,
    headers: { authorization: `Bearer ${conversation.token}`, accept: 'text/event-stream' },
    payload: { text },
  });
  if (response.statusCode !== 200)
    throw new Error(`streaming turn failed: ${response.statusCode} ${response.body}`);
  return parseServerSentEvents(response.body);
}

export function deltaTexts(events: readonly ServerSentEvent[]): string[] {
  return events
    .filter((event) => event.event === 'delta')
    .map((event) => (event.data as { text: string }).text);
}

export function replyOf(events: readonly ServerSentEvent[]): Record<string, unknown> {
  const reply = events.find((event) => event.event === 'reply');
  if (!reply)
    throw new Error(`no reply event in ${JSON.stringify(events.map((event) => event.event))}`);
  return reply.data as Record<string, unknown>;
}

/** What the client shows once the stream ends: deltas after the last reset. */
export function visibleText(events: readonly ServerSentEvent[]): string {
  const lastReset = events.map((event) => event.event).lastIndexOf('reset');
  return deltaTexts(events.slice(lastReset + 1)).join('');
}

/** A ConverseStream 200 reply made of real eventstream frames. */
export function streamReply(script: ConverseStreamScript) {
  return eventStreamReply(converseStreamFrames(script));
}

/** The stored messages of a conversation, with their (never public) telemetry. */
export async function storedMessages(testApp: TestApp, conversationId: string): Promise<Message[]> {
  return testApp.services.conversations.listMessages(conversationId);
}

export async function storedTelemetry(
  testApp: TestApp,
  conversationId: string,
): Promise<TurnTelemetry> {
  const messages = await storedMessages(testApp, conversationId);
  const reply = messages.at(-1);
  if (!reply || reply.role === 'user') throw new Error('the conversation has no stored reply');
  return reply.meta as unknown as TurnTelemetry;
}

export interface BedrockPipelineTestContext {
  /**
   * Builds the app for the current test (see createBedrockPipelineApp) and closes it after the
   * test. One app per test: building another closes the previous one.
   */
  app(environment?: Record<string, string>): Promise<TestApp>;
  /** Requests nock had no interceptor for during the current test. */
  unmatched: { readonly requests: readonly string[] };
}

/**
 * Registers the hooks of a pipeline test file (call it at the top level): no real network for the
 * whole file, unmatched requests recorded afresh for each test, and after each test the
 * interceptors removed and the test's app closed.
 */
export function useBedrockPipeline(): BedrockPipelineTestContext {
  const unmatched = recordUnmatchedRequests();
  let current: TestApp | undefined;

  beforeAll(() => {
    nock.disableNetConnect();
    unmatched.start();
  });
  beforeEach(() => {
    unmatched.requests.length = 0;
  });
  afterEach(async () => {
    nock.cleanAll();
    await current?.close();
    current = undefined;
  });
  afterAll(() => {
    unmatched.stop();
    nock.enableNetConnect();
  });

  return {
    async app(environment = {}) {
      await current?.close();
      current = await createBedrockPipelineApp(environment);
      return current;
    },
    unmatched,
  };
}

/** Requests nock had no interceptor for: proof that a turn made no Bedrock call it should not have. */
function recordUnmatchedRequests(): { requests: string[]; start(): void; stop(): void } {
  const requests: string[] = [];
  const listener = (request: {
    method?: string;
    path?: string;
    href?: string;
    options?: { href?: string };
  }) => {
    requests.push(
      `${request.method ?? '?'} ${request.href ?? request.options?.href ?? request.path ?? '?'}`,
    );
  };
  return {
    requests,
    start: () => nock.emitter.on('no match', listener),
    stop: () => nock.emitter.removeListener('no match', listener),
  };
}

/** The JSON bodies sent to one model, for assertions on what reached Bedrock. */
export function bodyRecorder() {
  const bodies: Array<Record<string, unknown>> = [];
  return {
    bodies,
    match: (body: Record<string, unknown>) => {
      bodies.push(body);
      return true;
    },
  };
}
