import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationTokens } from '../../../src/core/conversation/conversation-tokens.js';
import type { Database } from '../../../src/core/database/database.js';
import {
  createConversation,
  createTestApp,
  parseServerSentEvents,
  TEST_TOKEN_SECRET,
  type TestApp,
} from '../../support/test-app.js';

/** Fixed, so a failure is reproduced by running the suite again (fast-check prints the path). */
export const FUZZ_SEED = 20_261_207;

/** Every status the public contract (docs, README "HTTP API") may answer on these routes. */
const CONTRACT_STATUSES = new Set([200, 400, 401, 403, 404, 409, 413, 415, 429]);

const SPECIAL_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\r',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '\u00a0',
  '\u200b',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u3164',
  '\u2028',
  '\ud800',
  '\udfff',
  '\ud83d',
  '📦',
  'é',
  '"',
  '\\',
  '<',
  '>',
  '&',
  '`',
  '%00',
];
const PLAIN_CHARACTERS = [...'where is my parcel? I want a refund, talk to a human 123'];

/** Text as a customer (or an attacker) might send it: mostly words, some controls, invisibles and broken UTF-16. */
const messyText = (maxLength: number) =>
  fc
    .array(
      fc.oneof(
        { arbitrary: fc.constantFrom(...PLAIN_CHARACTERS), weight: 6 },
        { arbitrary: fc.constantFrom(...SPECIAL_CHARACTERS), weight: 2 },
        {
          arbitrary: fc
            .integer({ min: 0, max: 0x10ffff })
            .map((code) => String.fromCodePoint(code)),
          weight: 1,
        },
      ),
      { maxLength },
    )
    .map((parts) => parts.join(''));

const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);

export interface FuzzCounts {
  messages: number;
  events: number;
  feedback: number;
  serverErrors: number;
  /** Message answers by status, to show the properties were exercised on both paths. */
  statuses: Record<number, number>;
}

/**
 * Property-based tests of the public message, event-stream and feedback routes on one backend: any JSON
 * body, any value of the contract's headers. The answer is always a contract status (never 5xx),
 * errors are the JSON error shape, a refused request stores nothing, and a 200 echoes exactly
 * what the transcript holds.
 */
export function describePublicApiFuzz(
  name: string,
  makeDatabase: () => Promise<Database>,
  runs: { messages: number; events: number; feedback: number; minimumRequests: number },
): void {
  describe(`public API fuzz on ${name} (seed ${FUZZ_SEED})`, { timeout: 240_000 }, () => {
    let test: TestApp;
    let address: string;
    let own: { id: string; token: string };
    let other: { id: string; token: string };
    const counts: FuzzCounts = {
      messages: 0,
      events: 0,
      feedback: 0,
      serverErrors: 0,
      statuses: {},
    };
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const unknownToken = createConversationTokens({ secret: TEST_TOKEN_SECRET }).issue(unknownId);

    beforeAll(async () => {
      test = await createTestApp(
        { RATE_LIMIT_PER_MINUTE: '1000000' },
        { database: await makeDatabase() },
      );
      own = await createConversation(test.app, 'en');
      other = await createConversation(test.app, 'fr');
      address = await test.app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      console.log(
        `fuzz on ${name}: seed ${FUZZ_SEED}, ${counts.messages} message + ${counts.events} event-stream + ${counts.feedback} feedback requests = ${counts.messages + counts.events + counts.feedback}, ${counts.serverErrors} answers with 5xx; message answers by status ${JSON.stringify(counts.statuses)}`,
      );
      await test?.close();
    });

    /** Which conversation the URL names and which token comes with it. */
    const target = fc.constantFrom(
      'own',
      'own',
      'own',
      'own',
      'own',
      'own',
      'own',
      'own',
      'other-token',
      'no-token',
      'bad-token',
      'unknown',
      'bad-id',
    );
    const pathAndToken = (choice: string): { id: string; token: string | undefined } => {
      if (choice === 'other-token') return { id: own.id, token: other.token };
      if (choice === 'no-token') return { id: own.id, token: undefined };
      if (choice === 'bad-token') return { id: own.id, token: `${own.token}!` };
      if (choice === 'unknown') return { id: unknownId, token: unknownToken };
      if (choice === 'bad-id') return { id: 'not-a-uuid', token: own.token };
      return own;
    };

    const expectErrorShape = (status: number, contentType: unknown, body: string) => {
      expect(String(contentType), body).toMatch(/application\/json/);
      const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
      expect(Object.keys(parsed)).toEqual(['error']);
      expect(typeof parsed.error?.code, body).toBe('string');
      expect(typeof parsed.error?.message, body).toBe('string');
      expect(status).toBeGreaterThanOrEqual(400);
    };

    /** Mostly text a person would type (so that turns run), else anything. */
    const text = fc.oneof(
      {
        arbitrary: fc
          .array(
            fc.oneof(
              { arbitrary: fc.constantFrom(...PLAIN_CHARACTERS), weight: 20 },
              { arbitrary: fc.constantFrom('é', '📦', '\n', '\t', '\r\n', '  ', 'ß'), weight: 1 },
            ),
            { minLength: 1, maxLength: 60 },
          )
          .map((parts) => parts.join('')),
        weight: 4,
      },
      { arbitrary: messyText(60), weight: 3 },
      { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
    );
    const clientMessageId = fc.oneof(
      { arbitrary: fc.constantFrom('retry-1', 'retry-2', 'retry-3'), weight: 2 },
      { arbitrary: fc.uuid(), weight: 2 },
      { arbitrary: messyText(12), weight: 1 },
      { arbitrary: fc.integer(), weight: 1 },
    );
    const messageBody = fc.oneof(
      {
        arbitrary: fc.record({ text, clientMessageId }, { requiredKeys: ['text'] }),
        weight: 6,
      },
      {
        arbitrary: fc.record(
          { text, clientMessageId, extra: fc.jsonValue({ maxDepth: 1 }) },
          { requiredKeys: [] },
        ),
        weight: 1,
      },
      { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
    );

    it(`POST /messages answers within the contract and stores all or nothing (seed ${FUZZ_SEED})`, async () => {
      await fc.assert(
        fc.asyncProperty(
          target,
          messageBody,
          fc.constantFrom('application/json', 'text/event-stream', '*/*', undefined),
          fc.oneof(
            { arbitrary: fc.constant('application/json'), weight: 8 },
            {
              arbitrary: fc.constantFrom(
                'application/json; charset=utf-8',
                'text/plain',
                'application/x-www-form-urlencoded',
              ),
              weight: 1,
            },
            { arbitrary: headerValue, weight: 1 },
          ),
          async (choice, body, accept, contentType) => {
            // A fresh conversation now and then keeps the transcript reads cheap (and covers new ones).
            if (counts.messages % 50 === 0) own = await createConversation(test.app, 'en');
            const { id, token } = pathAndToken(choice);
            const before = await test.services.conversations.listMessages(own.id);
            counts.messages += 1;
            const response = await test.app.inject({
              method: 'POST',
              url: `/v1/conversations/${id}/messages`,
              headers: {
                ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
                ...(accept === undefined ? {} : { accept }),
                'content-type': contentType,
              },
              payload: JSON.stringify(body) ?? '',
            });
            if (response.statusCode >= 500) counts.serverErrors += 1;
            counts.statuses[response.statusCode] = (counts.statuses[response.statusCode] ?? 0) + 1;
            expect(CONTRACT_STATUSES.has(response.statusCode), response.body).toBe(true);
            const after = await test.services.conversations.listMessages(own.id);
            if (response.statusCode !== 200) {
              expectErrorShape(
                response.statusCode,
                response.headers['content-type'],
                response.body,
              );
              expect(after.length).toBe(before.length);
              return;
            }
            const stored = new Map(after.map((message) => [message.id, message]));
            let echoed: {
              message: { id: string; text: string };
              reply: { id: string; text: string };
            };
            if (String(response.headers['content-type']).startsWith('text/event-stream')) {
              const events = parseServerSentEvents(response.body);
              const last = events.at(-1);
              expect(last?.event, response.body).toBe('reply');
              const reply = last?.data as { id: string; text: string; replyToId: string };
              const message = stored.get(reply.replyToId);
              expect(message, response.body).toBeDefined();
              echoed = { message: message as { id: string; text: string }, reply };
            } else {
              echoed = response.json();
            }
            expect(stored.get(echoed.message.id)?.text).toBe(echoed.message.text);
            expect(stored.get(echoed.reply.id)?.text).toBe(echoed.reply.text);
            // A new message is stored as sent (line breaks normalised, trimmed); a repeated
            // clientMessageId echoes the message stored the first time.
            const repeated = before.some((message) => message.id === echoed.message.id);
            if (!repeated)
              expect(echoed.message.text).toBe(
                (body as { text: string }).text.replace(/\r\n?/g, '\n').trim(),
              );
          },
        ),
        { seed: FUZZ_SEED, numRuns: runs.messages, endOnFailure: true },
      );
    });

    it(`GET /events answers within the contract (seed ${FUZZ_SEED})`, async () => {
      await fc.assert(
        fc.asyncProperty(
          target,
          fc.oneof(
            fc.constant(undefined),
            fc.nat().map(String),
            fc.constantFrom('0x10', '1e3', '9007199254740991', '9007199254740992', '-1', ''),
            headerValue,
          ),
          fc.boolean(),
          fc.constantFrom('text/event-stream', 'application/json', undefined),
          async (choice, lastEventId, inQuery, accept) => {
            const { id, token } = pathAndToken(choice);
            const query = new URLSearchParams();
            if (token !== undefined && inQuery) query.set('token', token);
            if (lastEventId !== undefined && inQuery) query.set('lastEventId', lastEventId);
            const headers: Record<string, string> = {};
            if (token !== undefined && !inQuery) headers.authorization = `Bearer ${token}`;
            if (lastEventId !== undefined && !inQuery) headers['last-event-id'] = lastEventId;
            if (accept !== undefined) headers.accept = accept;
            counts.events += 1;
            const controller = new AbortController();
            const response = await fetch(
              `${address}/v1/conversations/${encodeURIComponent(id)}/events?${query}`,
              { headers, signal: controller.signal },
            );
            if (response.status >= 500) counts.serverErrors += 1;
            expect(CONTRACT_STATUSES.has(response.status)).toBe(true);
            if (response.status === 200) {
              expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
              const reader = response.body!.getReader();
              const first = new TextDecoder().decode((await reader.read()).value);
              expect(first).toContain('event: ready');
              controller.abort();
              return;
            }
            expectErrorShape(
              response.status,
              response.headers.get('content-type'),
              await response.text(),
            );
          },
        ),
        { seed: FUZZ_SEED, numRuns: runs.events, endOnFailure: true },
      );
    });

    it(`POST /feedback answers within the contract and stores all or nothing (seed ${FUZZ_SEED})`, async () => {
      const rated = await createConversation(test.app, 'en');
      const turn = await test.app.inject({
        method: 'POST',
        url: `/v1/conversations/${rated.id}/messages`,
        headers: { authorization: `Bearer ${rated.token}` },
        payload: { text: 'How long does delivery take?' },
      });
      const { message, reply } = turn.json() as { message: { id: string }; reply: { id: string } };
      const storedFeedback = async () =>
        JSON.stringify(await test.services.feedback.listFeedback([rated.id]));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('reply', 'reply', 'reply', 'user-message', 'unknown', 'not-a-uuid'),
          fc.constantFrom('own', 'own', 'own', 'other-token', 'no-token', 'bad-token'),
          fc.oneof(
            {
              arbitrary: fc.record(
                {
                  rating: fc.oneof(fc.constantFrom('up', 'down'), fc.jsonValue({ maxDepth: 0 })),
                  comment: fc.oneof(text, messyText(30)),
                },
                { requiredKeys: ['rating'] },
              ),
              weight: 5,
            },
            { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
          ),
          async (which, tokenChoice, body) => {
            const messageId =
              which === 'reply'
                ? reply.id
                : which === 'user-message'
                  ? message.id
                  : which === 'unknown'
                    ? '00000000-0000-4000-8000-00000000000f'
                    : 'not-a-uuid';
            const token =
              tokenChoice === 'own'
                ? rated.token
                : tokenChoice === 'other-token'
                  ? other.token
                  : tokenChoice === 'bad-token'
                    ? `${rated.token}~`
                    : undefined;
            const before = await storedFeedback();
            counts.feedback += 1;
            const response = await test.app.inject({
              method: 'POST',
              url: `/v1/conversations/${rated.id}/messages/${messageId}/feedback`,
              headers: {
                'content-type': 'application/json',
                ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
              },
              payload: JSON.stringify(body) ?? '',
            });
            if (response.statusCode >= 500) counts.serverErrors += 1;
            expect(CONTRACT_STATUSES.has(response.statusCode), response.body).toBe(true);
            if (response.statusCode !== 200) {
              expectErrorShape(
                response.statusCode,
                response.headers['content-type'],
                response.body,
              );
              expect(await storedFeedback()).toBe(before);
              return;
            }
            const echoed = response.json() as {
              messageId: string;
              rating: string;
              comment: string | null;
            };
            const stored = await test.services.feedback.listFeedback([rated.id]);
            expect(
              stored.find((feedback) => feedback.messageId === echoed.messageId),
            ).toMatchObject({
              rating: echoed.rating,
              comment: echoed.comment,
            });
          },
        ),
        { seed: FUZZ_SEED, numRuns: runs.feedback, endOnFailure: true },
      );
    });

    it('sent as many requests as planned, none answered with 5xx, accepted and refused ones alike', () => {
      expect(counts.messages + counts.events + counts.feedback).toBeGreaterThanOrEqual(
        runs.minimumRequests,
      );
      expect(counts.serverErrors).toBe(0);
      expect(counts.statuses[200] ?? 0).toBeGreaterThan(runs.messages / 10);
      expect(counts.statuses[400] ?? 0).toBeGreaterThan(runs.messages / 10);
    });
  });
}
