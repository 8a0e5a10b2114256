/**
 * The service as a real process (`node --import tsx src/server.ts`, or `node dist/server.js` when
 * built) with MODEL_PROVIDER=bedrock and RETRIEVER=bedrock, pointed at the Bedrock stand-in by
 * BEDROCK_RUNTIME_ENDPOINT / BEDROCK_AGENT_RUNTIME_ENDPOINT, with fake AWS credentials in its
 * environment: the real SDK clients sign, send, parse eventstream frames, all over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BedrockStandIn, startBedrockStandIn } from '../support/bedrock-stand-in.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { parseServerSentEvents } from '../support/test-app.js';

const KNOWLEDGE_BASE_ID = 'STANDINKB1';
const SMALL_MODEL_ID = 'mistral.mistral-small-2402-v1:0';

/** Questions the stand-in's Knowledge Base answers well in each language (routed small). */
const QUESTIONS = [
  { language: 'en', text: 'How can I track my order?' },
  { language: 'fr', text: 'Comment puis-je réinitialiser mon mot de passe ?' },
  { language: 'de', text: 'Wie lange dauert der Versand nach Österreich?' },
  { language: 'es', text: '¿Cuánto tiempo tengo para devolver un pedido?' },
  { language: 'it', text: 'Come posso reimpostare la password?' },
] as const;

let standIn: BedrockStandIn;
let server: ServerProcess;
let baseUrl: string;
let dataDirectory: string;

beforeAll(async () => {
  // Paced like a model: 40 tokens/s after 150 ms, so that the answer really arrives in pieces.
  standIn = await startBedrockStandIn({ tokensPerSecond: 40, firstTokenDelayMs: 150 });
  dataDirectory = mkdtempSync(join(tmpdir(), 'parley-bedrock-e2e-'));
  server = await startServerProcess({
    environment: {
      HOME: dataDirectory,
      DATABASE_URL: `sqlite:${join(dataDirectory, 'parley.db')}`,
      TOKEN_SECRET: 'e2e-bedrock-secret-e2e-bedrock-secret-0001',
      MODEL_PROVIDER: 'bedrock',
      RETRIEVER: 'bedrock',
      BEDROCK_KB_ID: KNOWLEDGE_BASE_ID,
      BEDROCK_SMALL_MODEL_ID: SMALL_MODEL_ID,
      BEDROCK_RUNTIME_ENDPOINT: standIn.url,
      BEDROCK_AGENT_RUNTIME_ENDPOINT: standIn.url,
      AWS_REGION: 'eu-west-3',
      // Fake credentials through the SDK's default chain (environment first): signed, never checked.
      AWS_ACCESS_KEY_ID: 'AKIDPARLEYE2E',
      AWS_SECRET_ACCESS_KEY: 'parley-e2e-fake-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  baseUrl = server.url;
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await standIn?.close();
  if (dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
});

interface TimedStream {
  events: Array<{ event: string; data: unknown }>;
  /** How many separate network reads carried at least one delta. */
  readsWithDeltas: number;
}

async function askStreaming(text: string): Promise<TimedStream> {
  const created = await fetch(`${baseUrl}/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(created.status).toBe(201);
  const conversation = (await created.json()) as { id: string; token: string };
  const response = await fetch(`${baseUrl}/v1/conversations/${conversation.id}/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${conversation.token}`,
    },
    body: JSON.stringify({ text }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let body = '';
  let readsWithDeltas = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = decoder.decode(value, { stream: true });
    if (chunk.includes('event: delta')) readsWithDeltas += 1;
    body += chunk;
  }
  return { events: parseServerSentEvents(body), readsWithDeltas };
}

describe('Parley as a process on Bedrock (stand-in): streamed, cited answers in five languages', () => {
  it.each(QUESTIONS)(
    'answers in $language, streaming route → deltas → reply, with a citation from the $language articles',
    async ({ language, text }) => {
      const requestsBefore = standIn.requests.length;
      const { events, readsWithDeltas } = await askStreaming(text);
      const names = events.map((event) => event.event);
      expect(names[0]).toBe('route');
      expect(names.at(-1)).toBe('reply');
      expect(names).not.toContain('reset');
      expect(names).not.toContain('error');
      expect(events[0]?.data).toEqual({ tier: 'small', reasons: [], language });

      const deltas = events
        .filter((event) => event.event === 'delta')
        .map((event) => (event.data as { text: string }).text);
      expect(deltas.length).toBeGreaterThanOrEqual(3);
      // Paced tokens arrive in separate reads: the service forwards them as they come, it does not buffer the answer.
      expect(readsWithDeltas).toBeGreaterThanOrEqual(2);

      const reply = events.at(-1)?.data as {
        role: string;
        text: string;
        language: string;
        tier: string;
        citations: Array<{ title: string; url?: string; snippet: string }>;
      };
      expect(reply).toMatchObject({ role: 'assistant', language, tier: 'small' });
      expect(reply.text).toBe(deltas.join('').trim());
      expect(reply.text).not.toMatch(/\[p\d+\]|NO_ANSWER/);
      expect(reply.citations.length).toBeGreaterThan(0);
      expect(reply.citations[0]?.url).toContain(`/${language}/`);
      // The stand-in answers with the first sentence of the first passage: the reply is that article's own words.
      expect(reply.citations[0]?.snippet.startsWith(reply.text.slice(0, 20))).toBe(true);

      const turnRequests = standIn.requests.slice(requestsBefore);
      const retrieve = turnRequests.find(
        (request) => request.path === `/knowledgebases/${KNOWLEDGE_BASE_ID}/retrieve`,
      );
      expect(retrieve?.body).toMatchObject({
        retrievalConfiguration: {
          vectorSearchConfiguration: { filter: { equals: { key: 'language', value: language } } },
        },
      });
      const converse = turnRequests.filter((request) => request.path.endsWith('/converse-stream'));
      expect(
        converse.map((request) => decodeURIComponent(request.path.split('/')[2] ?? '')),
      ).toEqual([SMALL_MODEL_ID]);
      expect(JSON.stringify(converse[0]?.body)).not.toContain('cachePoint');
    },
  );

  it('asked the same question again, answers from the answer cache without calling the model', async () => {
    const question = QUESTIONS[0].text;
    const before = standIn.requests.filter((request) =>
      request.path.endsWith('/converse-stream'),
    ).length;
    const { events } = await askStreaming(question);
    expect(events.map((event) => event.event)).toEqual(['route', 'delta', 'reply']);
    expect(
      standIn.requests.filter((request) => request.path.endsWith('/converse-stream')).length,
    ).toBe(before);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^parley_answer_cache_hits_total [1-9]/m);
  });
});
