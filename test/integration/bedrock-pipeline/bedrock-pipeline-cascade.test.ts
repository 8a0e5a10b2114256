import { beforeEach, describe, expect, it } from 'vitest';
import { NO_ANSWER_MARKER } from '../../../src/core/prompts/no-answer-marker.js';
import {
  converseBody,
  conversePath,
  converseStreamPath,
  runtimeScope,
} from '../../support/bedrock-wire.js';
import { createConversation, postMessage, type TestApp } from '../../support/test-app.js';
import {
  BILLING_DISPUTE,
  BOT_MESSAGES,
  bodyRecorder,
  DELIVERY_QUESTION,
  deltaTexts,
  LARGE_MODEL_ID,
  postStreaming,
  replyOf,
  SMALL_MODEL_ID,
  storedTelemetry,
  streamReply,
  useBedrockPipeline,
  visibleText,
} from './bedrock-pipeline-app.js';

const LARGE_ANSWER = 'Standard delivery to Germany takes 2 to 4 business days [p1].';
const LARGE_ANSWER_SHOWN = 'Standard delivery to Germany takes 2 to 4 business days.';

const { app, unmatched } = useBedrockPipeline();
let testApp: TestApp;
beforeEach(async () => {
  testApp = await app();
});

function expectNoMarkerAnywhere(texts: readonly string[]) {
  for (const text of texts) {
    expect(text).not.toMatch(/NO[_ ]?ANSWER/i);
    expect(text).not.toContain('[[');
  }
}

describe('cascade Small → Large on the no-answer marker', () => {
  it('JSON: Small says the passages do not answer, Large answers, reply tier large with model_uncertain', async () => {
    const scope = runtimeScope()
      .post(conversePath(SMALL_MODEL_ID))
      .reply(
        200,
        converseBody({ text: NO_ANSWER_MARKER, usage: { inputTokens: 900, outputTokens: 6 } }),
      )
      .post(conversePath(LARGE_MODEL_ID))
      .reply(
        200,
        converseBody({ text: LARGE_ANSWER, usage: { inputTokens: 950, outputTokens: 40 } }),
      );
    const conversation = await createConversation(testApp.app);
    const response = await postMessage(testApp.app, conversation, DELIVERY_QUESTION);
    expect(response.statusCode).toBe(200);
    const { reply } = response.json();
    expect(reply).toMatchObject({
      role: 'assistant',
      text: LARGE_ANSWER_SHOWN,
      tier: 'large',
      language: 'en',
      handoff: false,
    });
    expect(reply.reasons).toContain('model_uncertain');
    expect(reply.citations[0].url).toContain('/en/shipping');
    expect(scope.isDone()).toBe(true);
    expect(unmatched.requests).toEqual([]);
  });

  it('SSE: the marker, even split across frames, never reaches a delta; Large streams the answer', async () => {
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(...streamReply({ chunks: ['[[NO', '_ANS', 'WER]]'] }))
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(
        ...streamReply({
          chunks: ['Standard ', 'delivery to Germany ', 'takes 2 to 4 ', 'business days [p', '1].'],
        }),
      );
    const conversation = await createConversation(testApp.app);
    const events = await postStreaming(testApp, conversation, DELIVERY_QUESTION);
    expect(events[0]).toMatchObject({
      event: 'route',
      data: { tier: 'small', reasons: [], language: 'en' },
    });
    expect(events.map((event) => event.event)).not.toContain('reset');
    expect(deltaTexts(events).length).toBeGreaterThan(2);
    expectNoMarkerAnywhere(deltaTexts(events));
    expect(visibleText(events)).toBe(LARGE_ANSWER_SHOWN);
    expect(replyOf(events)).toMatchObject({
      text: LARGE_ANSWER_SHOWN,
      tier: 'large',
      reasons: ['model_uncertain'],
    });
    expect(unmatched.requests).toEqual([]);
  });

  it('SSE: a loosely written marker ("[[NO ANSWER]]") escalates too and stays hidden', async () => {
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(...streamReply({ chunks: ['[[NO ', 'ANSWER]]'] }))
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(
        ...streamReply({
          chunks: ['Standard delivery to Germany ', 'takes 2 to 4 business days [p1].'],
        }),
      );
    const conversation = await createConversation(testApp.app);
    const events = await postStreaming(testApp, conversation, DELIVERY_QUESTION);
    expectNoMarkerAnywhere(deltaTexts(events));
    expect(replyOf(events)).toMatchObject({
      text: LARGE_ANSWER_SHOWN,
      tier: 'large',
      reasons: ['model_uncertain'],
    });
  });

  it('SSE: a marker after a few words escalates: the words are withdrawn with reset, the marker never shown', async () => {
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(...streamReply({ chunks: ['Sorry, ', 'I cannot tell. ', '[[NO_', 'ANSWER]]'] }))
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(
        ...streamReply({
          chunks: ['Standard delivery to Germany ', 'takes 2 to 4 business days [p1].'],
        }),
      );
    const conversation = await createConversation(testApp.app);
    const events = await postStreaming(testApp, conversation, DELIVERY_QUESTION);
    expectNoMarkerAnywhere(deltaTexts(events));
    const names = events.map((event) => event.event);
    expect(names.indexOf('reset')).toBeGreaterThan(names.indexOf('delta'));
    expect(visibleText(events)).toBe(LARGE_ANSWER_SHOWN);
    expect(replyOf(events)).toMatchObject({
      text: LARGE_ANSWER_SHOWN,
      tier: 'large',
      reasons: ['model_uncertain'],
    });
  });

  it('JSON: a marker anywhere in a Converse answer escalates, it is never the reply', async () => {
    runtimeScope()
      .post(conversePath(SMALL_MODEL_ID))
      .reply(200, converseBody({ text: `I am not sure. ${NO_ANSWER_MARKER}` }))
      .post(conversePath(LARGE_MODEL_ID))
      .reply(200, converseBody({ text: LARGE_ANSWER }));
    const conversation = await createConversation(testApp.app);
    const { reply } = (await postMessage(testApp.app, conversation, DELIVERY_QUESTION)).json();
    expect(reply).toMatchObject({
      text: LARGE_ANSWER_SHOWN,
      tier: 'large',
      reasons: ['model_uncertain'],
    });
  });

  it('when Large also answers with the marker, the customer gets the localized no-answer message, never the marker', async () => {
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(...streamReply({ chunks: [NO_ANSWER_MARKER] }))
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(...streamReply({ chunks: ['[[NO_ANSWER', ']]'] }));
    const conversation = await createConversation(testApp.app, 'de');
    const events = await postStreaming(
      testApp,
      conversation,
      'Wie lange dauert der Versand nach Österreich?',
    );
    expectNoMarkerAnywhere(deltaTexts(events));
    expect(visibleText(events)).toBe(BOT_MESSAGES.de.noAnswer);
    expect(replyOf(events)).toMatchObject({
      role: 'assistant',
      text: BOT_MESSAGES.de.noAnswer,
      language: 'de',
      tier: 'large',
      reasons: ['model_uncertain'],
    });
    expect(unmatched.requests).toEqual([]);
  });
});

describe('turns routed to Large', () => {
  it('a billing dispute goes straight to Large: Small is never called', async () => {
    const large = bodyRecorder();
    const scope = runtimeScope()
      .post(converseStreamPath(LARGE_MODEL_ID), large.match)
      .reply(
        ...streamReply({
          chunks: [
            "I'm sorry about the double charge. ",
            'Our billing team will check it and refund the duplicate.',
          ],
        }),
      );
    const conversation = await createConversation(testApp.app);
    const events = await postStreaming(testApp, conversation, BILLING_DISPUTE);
    expect(events[0]).toMatchObject({ event: 'route', data: { tier: 'large' } });
    expect((events[0]!.data as { reasons: string[] }).reasons).toContain('billing_dispute');
    expect(replyOf(events)).toMatchObject({
      tier: 'large',
      text: "I'm sorry about the double charge. Our billing team will check it and refund the duplicate.",
    });
    expect(scope.isDone()).toBe(true);
    expect(unmatched.requests).toEqual([]);
    expect(JSON.stringify(large.bodies[0]?.messages)).toContain('charged twice');
    const telemetry = await storedTelemetry(testApp, conversation.id);
    expect(
      telemetry.attempts.map((attempt) => [attempt.tier, attempt.modelId, attempt.outcome]),
    ).toEqual([['large', LARGE_MODEL_ID, 'answered']]);
  });

  it('a routed-large turn that Large cannot answer from the passages gets the no-answer message (JSON)', async () => {
    runtimeScope()
      .post(conversePath(LARGE_MODEL_ID))
      .reply(200, converseBody({ text: NO_ANSWER_MARKER }));
    const conversation = await createConversation(testApp.app);
    const { reply } = (await postMessage(testApp.app, conversation, BILLING_DISPUTE)).json();
    expect(reply.text).toBe(BOT_MESSAGES.en.noAnswer);
    expect(reply.reasons).toEqual(expect.arrayContaining(['billing_dispute', 'model_uncertain']));
    expect(unmatched.requests).toEqual([]);
  });
});

describe('cost of a turn, stored in the reply meta', () => {
  const prices = {
    PRICE_SMALL_INPUT_PER_MTOK: '1.5',
    PRICE_SMALL_OUTPUT_PER_MTOK: '4.5',
    PRICE_LARGE_INPUT_PER_MTOK: '4',
    PRICE_LARGE_OUTPUT_PER_MTOK: '12',
  };
  const smallUsage = { inputTokens: 1200, outputTokens: 5 };
  const largeUsage = { inputTokens: 1300, outputTokens: 80 };

  function expectedCosts(table: Record<keyof typeof prices, string>) {
    const price = (name: keyof typeof prices) => Number(table[name]);
    const small =
      (smallUsage.inputTokens * price('PRICE_SMALL_INPUT_PER_MTOK') +
        smallUsage.outputTokens * price('PRICE_SMALL_OUTPUT_PER_MTOK')) /
      1e6;
    const large =
      (largeUsage.inputTokens * price('PRICE_LARGE_INPUT_PER_MTOK') +
        largeUsage.outputTokens * price('PRICE_LARGE_OUTPUT_PER_MTOK')) /
      1e6;
    return { small, large };
  }

  for (const mode of ['json', 'sse'] as const) {
    it(`${mode}: tokens and USD of both cascade attempts, priced with the configured table`, async () => {
      testApp = await app(prices);
      if (mode === 'json') {
        runtimeScope()
          .post(conversePath(SMALL_MODEL_ID))
          .reply(200, converseBody({ text: NO_ANSWER_MARKER, usage: smallUsage }))
          .post(conversePath(LARGE_MODEL_ID))
          .reply(200, converseBody({ text: LARGE_ANSWER, usage: largeUsage }));
      } else {
        runtimeScope()
          .post(converseStreamPath(SMALL_MODEL_ID))
          .reply(...streamReply({ chunks: ['[[NO_ANSWER]]'], usage: smallUsage }))
          .post(converseStreamPath(LARGE_MODEL_ID))
          .reply(
            ...streamReply({
              chunks: ['Standard delivery to Germany ', 'takes 2 to 4 business days [p1].'],
              usage: largeUsage,
            }),
          );
      }
      const conversation = await createConversation(testApp.app);
      if (mode === 'json') await postMessage(testApp.app, conversation, DELIVERY_QUESTION);
      else await postStreaming(testApp, conversation, DELIVERY_QUESTION);

      const expected = expectedCosts(prices);
      expect(expected.small).toBeCloseTo(0.0018225, 10);
      const telemetry = await storedTelemetry(testApp, conversation.id);
      expect(telemetry.attempts).toHaveLength(2);
      expect(telemetry.attempts[0]).toMatchObject({
        tier: 'small',
        modelId: SMALL_MODEL_ID,
        outcome: 'uncertain',
        usage: { ...smallUsage, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
      });
      expect(telemetry.attempts[1]).toMatchObject({
        tier: 'large',
        modelId: LARGE_MODEL_ID,
        outcome: 'answered',
        usage: { ...largeUsage, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
      });
      expect(telemetry.attempts[0]?.costUsd).toBeCloseTo(expected.small, 12);
      expect(telemetry.attempts[1]?.costUsd).toBeCloseTo(expected.large, 12);
      expect(telemetry.usage).toEqual({
        inputTokens: 2500,
        outputTokens: 85,
        cacheReadInputTokens: 0,
        cacheWriteInputTokens: 0,
      });
      // The turn total is stored rounded to a millionth of a dollar.
      expect(telemetry.costUsd).toBeCloseTo(
        Math.round((expected.small + expected.large) * 1e6) / 1e6,
        12,
      );
      expect(telemetry).toMatchObject({
        tier: 'large',
        outcome: 'answered',
        answerCacheHit: false,
      });
      expect(telemetry.promptVersion).toMatch(/^[0-9a-f]{16}$/);
    });
  }

  it('meta never leaves the server: the public transcript has no tokens or cost', async () => {
    runtimeScope()
      .post(conversePath(SMALL_MODEL_ID))
      .reply(200, converseBody({ text: 'Two to four business days [p1].' }));
    const conversation = await createConversation(testApp.app);
    const turn = await postMessage(testApp.app, conversation, DELIVERY_QUESTION);
    const transcript = await testApp.app.inject({
      method: 'GET',
      url: `/v1/conversations/${conversation.id}`,
      headers: { authorization: `Bearer ${conversation.token}` },
    });
    for (const body of [turn.body, transcript.body]) {
      expect(body).not.toMatch(/costUsd|inputTokens|attempts/);
    }
    expect((await storedTelemetry(testApp, conversation.id)).costUsd).toBeGreaterThan(0);
  });
});
