import { PassThrough } from 'node:stream';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockConverseModel } from '../../../src/core/models/bedrock-converse-model.js';
import {
  type BedrockError,
  ModelAbortedError,
  ModelResponseError,
  ModelStreamInterruptedError,
  ModelTimeoutError,
  ModelUnavailableError,
} from '../../../src/core/models/bedrock-errors.js';
import type { ChatStreamEvent } from '../../../src/core/models/chat-model.js';
import {
  brokenStreamFrames,
  converseStreamFrames,
  encodeFrames,
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
  testRuntimeClient,
} from '../../support/bedrock-wire.js';
import { chatRequest } from './bedrock-fixtures.js';

const MODEL_ID = 'mistral.mistral-small-2402-v1:0';

function model(options: { maxAttempts?: number; timeoutMs?: number } = {}) {
  return createBedrockConverseModel({
    client: testRuntimeClient(options.maxAttempts ?? 3),
    modelId: MODEL_ID,
    timeoutMs: options.timeoutMs ?? 5_000,
    maxTokens: 256,
    temperature: 0,
  });
}

async function rejection(promise: Promise<unknown>): Promise<BedrockError> {
  try {
    await promise;
  } catch (error) {
    return error as BedrockError;
  }
  throw new Error('expected a rejection');
}

/** Consumes a stream, returning the deltas seen before it failed and the failure. */
async function consumeUntilFailure(
  events: AsyncIterable<ChatStreamEvent>,
): Promise<{ deltas: string[]; error: BedrockError }> {
  const deltas: string[] = [];
  try {
    for await (const event of events) if (event.type === 'delta') deltas.push(event.text);
  } catch (error) {
    return { deltas, error: error as BedrockError };
  }
  throw new Error('expected the stream to fail');
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('faults retried by the SDK', () => {
  it('rides out a throttling burst and answers', async () => {
    const scope = runtimeScope()
      .post(conversePath(MODEL_ID))
      .times(2)
      .reply(
        ...awsErrorReply(
          429,
          'ThrottlingException',
          'Too many requests, please wait before trying again.',
        ),
      )
      .post(conversePath(MODEL_ID))
      .reply(200, converseBody({ text: 'Thirty days [p1].' }));
    const response = await model().generate(chatRequest());
    expect(response.text).toBe('Thirty days.');
    expect(scope.isDone()).toBe(true);
  });

  it('gives up after maxAttempts of throttling with a typed, retryable error', async () => {
    runtimeScope()
      .post(conversePath(MODEL_ID))
      .times(2)
      .reply(...awsErrorReply(429, 'ThrottlingException', 'Too many requests'));
    const error = await rejection(model({ maxAttempts: 2 }).generate(chatRequest()));
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect(error).toMatchObject({
      code: 'unavailable',
      awsErrorName: 'ThrottlingException',
      httpStatus: 429,
      attempts: 2,
      retryable: true,
    });
  });

  it('retries a 500 and answers', async () => {
    const scope = runtimeScope()
      .post(conversePath(MODEL_ID))
      .reply(...awsErrorReply(500, 'InternalServerException', 'internal error'))
      .post(conversePath(MODEL_ID))
      .reply(200, converseBody({ text: 'Fine.' }));
    expect((await model().generate(chatRequest())).text).toBe('Fine.');
    expect(scope.isDone()).toBe(true);
  });

  it('retries a connection reset and answers; reports a connection error when it persists', async () => {
    runtimeScope()
      .post(conversePath(MODEL_ID))
      .replyWithError(connectionReset())
      .post(conversePath(MODEL_ID))
      .reply(200, converseBody({ text: 'Back.' }));
    expect((await model().generate(chatRequest())).text).toBe('Back.');

    runtimeScope().post(conversePath(MODEL_ID)).times(2).replyWithError(connectionReset());
    const error = await rejection(model({ maxAttempts: 2 }).generate(chatRequest()));
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect(error).toMatchObject({ code: 'connection', awsErrorName: 'ECONNRESET' });
  });

  it('retries a 503 before the stream starts', async () => {
    runtimeScope()
      .post(converseStreamPath(MODEL_ID))
      .reply(...awsErrorReply(503, 'ServiceUnavailableException', 'busy'))
      .post(converseStreamPath(MODEL_ID))
      .reply(...eventStreamReply(converseStreamFrames({ chunks: ['All ', 'good.'] })));
    const texts: string[] = [];
    for await (const event of model().stream(chatRequest()))
      if (event.type === 'delta') texts.push(event.text);
    expect(texts.join('')).toBe('All good.');
  });
});

describe('faults that are ours to handle', () => {
  it('times out a slow model with ModelTimeoutError, well before the reply would come', async () => {
    runtimeScope()
      .post(conversePath(MODEL_ID))
      .delay(3_000)
      .reply(200, converseBody({ text: 'too late' }));
    const started = Date.now();
    const error = await rejection(model({ timeoutMs: 200 }).generate(chatRequest()));
    expect(error).toBeInstanceOf(ModelTimeoutError);
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a caller abort as ModelAbortedError, not as a timeout', async () => {
    runtimeScope()
      .post(conversePath(MODEL_ID))
      .delay(3_000)
      .reply(200, converseBody({ text: 'too late' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(
      model({ timeoutMs: 2_500 }).generate(chatRequest({ signal: controller.signal })),
    );
    expect(error).toBeInstanceOf(ModelAbortedError);
    expect(error.retryable).toBe(false);
  });

  it('turns malformed JSON into ModelResponseError', async () => {
    runtimeScope()
      .post(conversePath(MODEL_ID))
      .reply(200, '{"output": {"message": ', { 'content-type': 'application/json' });
    const error = await rejection(model().generate(chatRequest()));
    expect(error).toBeInstanceOf(ModelResponseError);
    expect(error.code).toBe('malformed_response');
  });

  it('turns a well-formed but empty answer into ModelResponseError', async () => {
    runtimeScope().post(conversePath(MODEL_ID)).reply(200, { unexpected: true });
    await expect(model().generate(chatRequest())).rejects.toBeInstanceOf(ModelResponseError);
  });

  for (const exception of [
    'modelStreamErrorException',
    'throttlingException',
    'internalServerException',
  ]) {
    it(`surfaces a ${exception} frame after the deltas already yielded`, async () => {
      runtimeScope()
        .post(converseStreamPath(MODEL_ID))
        .reply(
          ...eventStreamReply(brokenStreamFrames(['You can return ', 'it within [p1'], exception)),
        );
      const { deltas, error } = await consumeUntilFailure(model().stream(chatRequest()));
      expect(deltas.join('')).toBe('You can return it within');
      expect(error).toBeInstanceOf(ModelStreamInterruptedError);
      expect((error as ModelStreamInterruptedError).partialText).toBe('You can return it within');
      expect(error.awsErrorName?.toLowerCase()).toBe(exception.toLowerCase());
      expect(error.retryable).toBe(true);
    });
  }

  it('fails a stream that goes silent mid-answer after the per-event timeout', async () => {
    const body = new PassThrough();
    body.write(encodeFrames(converseStreamFrames({ chunks: ['Hello ', 'there'] }).slice(0, 3)));
    runtimeScope()
      .post(converseStreamPath(MODEL_ID))
      .reply(200, () => body, EVENTSTREAM_HEADERS);
    const started = Date.now();
    const { deltas, error } = await consumeUntilFailure(
      model({ timeoutMs: 300 }).stream(chatRequest()),
    );
    body.destroy();
    expect(deltas.join('')).toBe('Hello there');
    expect(error).toBeInstanceOf(ModelStreamInterruptedError);
    expect((error.cause as BedrockError).code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('fails a stream that ends without messageStop instead of passing off a truncated answer', async () => {
    const frames = converseStreamFrames({ chunks: ['Half an ', 'answer'] }).slice(0, 3);
    runtimeScope()
      .post(converseStreamPath(MODEL_ID))
      .reply(...eventStreamReply(frames));
    const { deltas, error } = await consumeUntilFailure(model().stream(chatRequest()));
    expect(deltas.join('')).toBe('Half an answer');
    expect(error).toBeInstanceOf(ModelStreamInterruptedError);
    expect((error.cause as BedrockError).code).toBe('malformed_response');
  });

  it('fails before any delta when the stream request itself is refused', async () => {
    runtimeScope()
      .post(converseStreamPath(MODEL_ID))
      .reply(...awsErrorReply(403, 'AccessDeniedException', 'You do not have access to the model'));
    const { deltas, error } = await consumeUntilFailure(model().stream(chatRequest()));
    expect(deltas).toEqual([]);
    expect(error).toMatchObject({
      name: 'ModelRequestRejectedError',
      code: 'rejected',
      httpStatus: 403,
      retryable: false,
    });
  });
});
