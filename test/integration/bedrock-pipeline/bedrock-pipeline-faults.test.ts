import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  brokenStreamFrames,
  converseStreamFrames,
  type EventStreamFrame,
  encodeFrame,
} from '../../support/bedrock-eventstream.js';
import {
  awsErrorReply,
  connectionReset,
  converseBody,
  conversePath,
  converseStreamPath,
  EVENTSTREAM_HEADERS,
  eventStreamReply,
  runtimeScope,
} from '../../support/bedrock-wire.js';
import { createConversation, postMessage } from '../../support/test-app.js';
import {
  BILLING_DISPUTE,
  BOT_MESSAGES,
  DELIVERY_QUESTION,
  deltaTexts,
  LARGE_MODEL_ID,
  postStreaming,
  replyOf,
  type ServerSentEvent,
  SMALL_MODEL_ID,
  storedMessages,
  storedTelemetry,
  streamReply,
  useBedrockPipeline,
  visibleText,
} from './bedrock-pipeline-app.js';

const SMALL_CHUNKS = ['Standard delivery ', 'to Germany takes ', '2 to 4 business days [p1].'];
const SMALL_TEXT = 'Standard delivery to Germany takes 2 to 4 business days.';
const LARGE_CHUNKS = ['Parcels to Germany ', 'arrive in 2 to 4 ', 'business days [p1].'];
const LARGE_TEXT = 'Parcels to Germany arrive in 2 to 4 business days.';

const { app, unmatched } = useBedrockPipeline();

/** Consecutive deltas collapsed: the shape of what the client saw. */
function shape(events: readonly ServerSentEvent[]): string {
  return events
    .map((event) => event.event)
    .filter((name, index, names) => !(name === 'delta' && names[index - 1] === 'delta'))
    .join(' ');
}

describe('faults the SDK retries: the customer never notices', () => {
  it('rides out a throttling burst (429, 429, then the stream)', async () => {
    const testApp = await app();
    const scope = runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .times(2)
      .reply(
        ...awsErrorReply(
          429,
          'ThrottlingException',
          'Too many requests, please wait before trying again.',
        ),
      )
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(...streamReply({ chunks: SMALL_CHUNKS }));
    const conversation = await createConversation(testApp.app);
    const events = await postStreaming(testApp, conversation, DELIVERY_QUESTION);
    expect(scope.isDone()).toBe(true);
    expect(shape(events)).toBe('route delta reply');
    expect(replyOf(events)).toMatchObject({ text: SMALL_TEXT, tier: 'small', reasons: [] });
    const telemetry = await storedTelemetry(testApp, conversation.id);
    expect(telemetry.attempts.map((attempt) => [attempt.tier, attempt.outcome])).toEqual([
      ['small', 'answered'],
    ]);
  });

  it('retries a 500 (Converse) and a 503 (ConverseStream) and answers', async () => {
    const testApp = await app();
    const scope = runtimeScope()
      .post(conversePath(SMALL_MODEL_ID))
      .reply(...awsErrorReply(500, 'InternalServerException', 'internal error'))
      .post(conversePath(SMALL_MODEL_ID))
      .reply(200, converseBody({ text: SMALL_CHUNKS.join('') }))
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(...awsErrorReply(503, 'ServiceUnavailableException', 'busy'))
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(...streamReply({ chunks: ['You can pay ', 'with PayPal [p1].'] }));
    const json = await postMessage(
      testApp.app,
      await createConversation(testApp.app),
      DELIVERY_QUESTION,
    );
    expect(json.json().reply).toMatchObject({ text: SMALL_TEXT, tier: 'small' });
    const events = await postStreaming(
      testApp,
      await createConversation(testApp.app),
      'Can I pay with PayPal?',
    );
    expect(shape(events)).toBe('route delta reply');
    expect(replyOf(events)).toMatchObject({ text: 'You can pay with PayPal.', tier: 'small' });
    expect(scope.isDone()).toBe(true);
  });

  it('reconnects after a connection reset and answers', async () => {
    const testApp = await app();
    const scope = runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .replyWithError(connectionReset())
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(...streamReply({ chunks: SMALL_CHUNKS }));
    const events = await postStreaming(
      testApp,
      await createConversation(testApp.app),
      DELIVERY_QUESTION,
    );
    expect(scope.isDone()).toBe(true);
    expect(replyOf(events)).toMatchObject({ text: SMALL_TEXT, tier: 'small' });
  });
});

describe('faults that are ours to handle', () => {
  it('timeout: a Small that does not answer within MODEL_TIMEOUT_MS is abandoned and Large answers', async () => {
    const testApp = await app({ MODEL_TIMEOUT_MS: '300' });
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .delay(3_000)
      .reply(...streamReply({ chunks: ['too late'] }))
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(...streamReply({ chunks: LARGE_CHUNKS }));
    const conversation = await createConversation(testApp.app);
    const started = Date.now();
    const events = await postStreaming(testApp, conversation, DELIVERY_QUESTION);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(shape(events)).toBe('route delta reply');
    expect(replyOf(events)).toMatchObject({ text: LARGE_TEXT, tier: 'large' });
    const telemetry = await storedTelemetry(testApp, conversation.id);
    expect(telemetry.attempts.map((attempt) => [attempt.tier, attempt.outcome])).toEqual([
      ['small', 'failed'],
      ['large', 'answered'],
    ]);
    expect(telemetry.attempts[0]?.error).toMatch(/timeout|did not answer in time/);
  });

  it('timeout is per event for a stream: an answer that keeps flowing longer than MODEL_TIMEOUT_MS in total is not cut', async () => {
    const testApp = await app({ MODEL_TIMEOUT_MS: '300' });
    const frames = converseStreamFrames({
      chunks: ['One ', 'two ', 'three ', 'four ', 'five ', 'six [p1].'],
    });
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(
        200,
        () => {
          // A token every 120 ms, then the closing frames at once, as Bedrock sends them.
          const body = new PassThrough();
          const deltas = frames.filter(
            (frame) => 'event' in frame && frame.event === 'contentBlockDelta',
          );
          const closing = frames.slice(1 + deltas.length);
          body.write(encodeFrame(frames[0] as EventStreamFrame));
          deltas.forEach((frame, index) => {
            setTimeout(() => body.write(encodeFrame(frame)), (index + 1) * 120);
          });
          setTimeout(
            () => body.end(Buffer.concat(closing.map(encodeFrame))),
            (deltas.length + 1) * 120,
          );
          return body;
        },
        EVENTSTREAM_HEADERS,
      );
    const started = Date.now();
    const events = await postStreaming(
      testApp,
      await createConversation(testApp.app),
      DELIVERY_QUESTION,
    );
    expect(Date.now() - started).toBeGreaterThan(600);
    expect(shape(events)).toBe('route delta reply');
    expect(replyOf(events)).toMatchObject({ text: 'One two three four five six.', tier: 'small' });
    expect(unmatched.requests).toEqual([]);
  });

  it('a stream that goes silent mid-answer: deltas, reset, then the complete answer from Large', async () => {
    const testApp = await app({ MODEL_TIMEOUT_MS: '300' });
    const silent = new PassThrough();
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(
        200,
        () => {
          silent.write(encodeFrame({ event: 'messageStart', payload: { role: 'assistant' } }));
          silent.write(
            encodeFrame({
              event: 'contentBlockDelta',
              payload: { contentBlockIndex: 0, delta: { text: 'Standard delivery ' } },
            }),
          );
          return silent;
        },
        EVENTSTREAM_HEADERS,
      )
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(...streamReply({ chunks: LARGE_CHUNKS }));
    const events = await postStreaming(
      testApp,
      await createConversation(testApp.app),
      DELIVERY_QUESTION,
    );
    silent.destroy();
    expect(shape(events)).toBe('route delta reset delta reply');
    expect(deltaTexts(events)[0]).toBe('Standard delivery');
    expect(visibleText(events)).toBe(LARGE_TEXT);
    expect(replyOf(events)).toMatchObject({ text: LARGE_TEXT, tier: 'large' });
  });

  it("an exception frame in the middle of Small's stream: deltas, reset, then the complete answer from Large", async () => {
    const testApp = await app();
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(...eventStreamReply(brokenStreamFrames(['Standard delivery ', 'to Germany '])))
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(...streamReply({ chunks: LARGE_CHUNKS }));
    const conversation = await createConversation(testApp.app);
    const events = await postStreaming(testApp, conversation, DELIVERY_QUESTION);
    expect(shape(events)).toBe('route delta reset delta reply');
    expect(events.find((event) => event.event === 'reset')?.data).toEqual({
      reason: 'model_failed',
    });
    expect(visibleText(events)).toBe(LARGE_TEXT);
    expect(replyOf(events)).toMatchObject({ text: LARGE_TEXT, tier: 'large' });
    const telemetry = await storedTelemetry(testApp, conversation.id);
    expect(telemetry.attempts[0]).toMatchObject({ tier: 'small', outcome: 'failed' });
    expect(telemetry.attempts[0]?.error).toMatch(/broke after/);
  });

  it('Large fails mid-stream on a routed-large turn: reset, then Small answers', async () => {
    const testApp = await app();
    runtimeScope()
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(
        ...eventStreamReply(
          brokenStreamFrames(["I'm sorry ", 'about the '], 'internalServerException'),
        ),
      )
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(
        ...streamReply({ chunks: ['Our billing team ', 'will refund the duplicate charge.'] }),
      );
    const events = await postStreaming(
      testApp,
      await createConversation(testApp.app),
      BILLING_DISPUTE,
    );
    expect(shape(events)).toBe('route delta reset delta reply');
    const reply = replyOf(events);
    expect(reply).toMatchObject({
      text: 'Our billing team will refund the duplicate charge.',
      tier: 'small',
    });
    expect(reply.reasons).toContain('billing_dispute');
  });

  it('Large fails (5xx after the SDK retries) on a routed-large turn: Small answers (JSON)', async () => {
    const testApp = await app({ BEDROCK_MAX_ATTEMPTS: '2' });
    const scope = runtimeScope()
      .post(conversePath(LARGE_MODEL_ID))
      .times(2)
      .reply(...awsErrorReply(500, 'InternalServerException', 'internal error'))
      .post(conversePath(SMALL_MODEL_ID))
      .reply(200, converseBody({ text: 'Our billing team will refund the duplicate charge.' }));
    const conversation = await createConversation(testApp.app);
    const { reply } = (await postMessage(testApp.app, conversation, BILLING_DISPUTE)).json();
    expect(scope.isDone()).toBe(true);
    expect(reply).toMatchObject({
      role: 'assistant',
      text: 'Our billing team will refund the duplicate charge.',
      tier: 'small',
    });
    expect(reply.reasons).toContain('billing_dispute');
    expect(reply.reasons).not.toContain('model_unavailable');
    const telemetry = await storedTelemetry(testApp, conversation.id);
    expect(telemetry.attempts.map((attempt) => [attempt.tier, attempt.outcome])).toEqual([
      ['large', 'failed'],
      ['small', 'answered'],
    ]);
  });

  it('a malformed response (unreadable JSON) is a failure like any other: Large answers', async () => {
    const testApp = await app();
    runtimeScope()
      .post(conversePath(SMALL_MODEL_ID))
      .reply(200, '{"output": {"message": ', { 'content-type': 'application/json' })
      .post(conversePath(LARGE_MODEL_ID))
      .reply(200, converseBody({ text: LARGE_CHUNKS.join('') }));
    const conversation = await createConversation(testApp.app);
    const { reply } = (await postMessage(testApp.app, conversation, DELIVERY_QUESTION)).json();
    expect(reply).toMatchObject({ text: LARGE_TEXT, tier: 'large' });
    expect((await storedTelemetry(testApp, conversation.id)).attempts[0]?.error).toMatch(
      /ModelResponseError/,
    );
  });

  it('a malformed event stream (bytes that are not frames) falls back to Large', async () => {
    const testApp = await app();
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(200, Buffer.from('this is not an event stream at all, just text'), EVENTSTREAM_HEADERS)
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(...streamReply({ chunks: LARGE_CHUNKS }));
    const events = await postStreaming(
      testApp,
      await createConversation(testApp.app),
      DELIVERY_QUESTION,
    );
    expect(visibleText(events)).toBe(LARGE_TEXT);
    expect(replyOf(events)).toMatchObject({ text: LARGE_TEXT, tier: 'large' });
  });
});

describe('both tiers fail: a localized apology, never a silent cut, and the message is kept', () => {
  it('SSE (French): deltas, reset, the apology in French with model_unavailable', async () => {
    const testApp = await app();
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(...eventStreamReply(brokenStreamFrames(['La livraison ', 'standard '])))
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(...eventStreamReply(brokenStreamFrames(['Les colis '])));
    const conversation = await createConversation(testApp.app, 'fr');
    const question = 'Combien de temps prend la livraison en Allemagne ?';
    const events = await postStreaming(testApp, conversation, question);
    expect(shape(events)).toBe('route delta reset delta reset delta reply');
    expect(visibleText(events)).toBe(BOT_MESSAGES.fr.modelUnavailable);
    const reply = replyOf(events);
    expect(reply).toMatchObject({
      role: 'system',
      text: BOT_MESSAGES.fr.modelUnavailable,
      language: 'fr',
      citations: [],
    });
    expect(reply.reasons).toContain('model_unavailable');
    const stored = await storedMessages(testApp, conversation.id);
    expect(stored.map((message) => [message.role, message.text])).toEqual([
      ['user', question],
      ['system', BOT_MESSAGES.fr.modelUnavailable],
    ]);
    expect((stored[1]!.meta as { outcome?: string }).outcome).toBe('failed');
  });

  it('JSON (German): both tiers unavailable after the SDK retries → the German apology, the message stored', async () => {
    const testApp = await app({ BEDROCK_MAX_ATTEMPTS: '2' });
    const scope = runtimeScope()
      .post(conversePath(SMALL_MODEL_ID))
      .times(2)
      .reply(...awsErrorReply(503, 'ServiceUnavailableException', 'busy'))
      .post(conversePath(LARGE_MODEL_ID))
      .times(2)
      .reply(...awsErrorReply(429, 'ThrottlingException', 'Too many requests'));
    const conversation = await createConversation(testApp.app, 'de');
    const question = 'Wie lange dauert der Versand nach Österreich?';
    const response = await postMessage(testApp.app, conversation, question);
    expect(response.statusCode).toBe(200);
    expect(scope.isDone()).toBe(true);
    const { message, reply } = response.json();
    expect(message).toMatchObject({ role: 'user', text: question, language: 'de' });
    expect(reply).toMatchObject({
      role: 'system',
      text: BOT_MESSAGES.de.modelUnavailable,
      language: 'de',
      reasons: ['model_unavailable'],
    });
    const stored = await storedMessages(testApp, conversation.id);
    expect(stored.map((entry) => entry.role)).toEqual(['user', 'system']);
    const telemetry = stored[1]?.meta as { attempts: Array<{ outcome: string; error?: string }> };
    expect(telemetry.attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'failed']);
    expect(telemetry.attempts[1]?.error).toMatch(/ThrottlingException/);
  });

  it('SSE: a failure before any text needs no reset: route, apology, reply', async () => {
    const testApp = await app({ BEDROCK_MAX_ATTEMPTS: '1' });
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .replyWithError(connectionReset())
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(...awsErrorReply(403, 'AccessDeniedException', 'You do not have access to the model'));
    const conversation = await createConversation(testApp.app, 'es');
    const events = await postStreaming(
      testApp,
      conversation,
      '¿Cuánto tiempo tengo para devolver un pedido?',
    );
    expect(shape(events)).toBe('route delta reply');
    expect(replyOf(events)).toMatchObject({
      role: 'system',
      text: BOT_MESSAGES.es.modelUnavailable,
      language: 'es',
      reasons: ['model_unavailable'],
    });
  });
});
