import nock from 'nock';
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
} from './bedrock-pipeline-app.js';

const PAYPAL_QUESTION = 'Can I pay with PayPal?';
const NOVA_LITE = 'amazon.nova-lite-v1:0';

const { app, unmatched } = useBedrockPipeline();
let testApp: TestApp;

async function cacheHitsMetric(): Promise<number> {
  const metrics = await testApp.app.inject({ method: 'GET', url: '/metrics' });
  const line = metrics.body
    .split('\n')
    .find((entry) => entry.startsWith('parley_answer_cache_hits_total '));
  if (!line) throw new Error('parley_answer_cache_hits_total is missing from /metrics');
  return Number(line.split(' ')[1]);
}

describe('answer cache (the saving on Mistral, which has no prompt caching)', () => {
  beforeEach(async () => {
    testApp = await app();
  });

  it('answers the same question in the same language again without any Bedrock request, and counts the hit', async () => {
    const scope = runtimeScope()
      .post(conversePath(SMALL_MODEL_ID))
      .once()
      .reply(
        200,
        converseBody({
          text: 'Standard delivery to Germany takes 2 to 4 business days [p1].',
          usage: { inputTokens: 800, outputTokens: 20 },
        }),
      );
    const first = (
      await postMessage(testApp.app, await createConversation(testApp.app), DELIVERY_QUESTION)
    ).json();
    expect(scope.isDone()).toBe(true);
    expect(await cacheHitsMetric()).toBe(0);

    // Another customer, the same question written differently (case, punctuation, spacing).
    const secondConversation = await createConversation(testApp.app);
    const second = (
      await postMessage(
        testApp.app,
        secondConversation,
        '  how long does DELIVERY take to germany ',
      )
    ).json();
    expect(unmatched.requests).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
    expect(second.reply).toMatchObject({
      text: first.reply.text,
      citations: first.reply.citations,
      tier: 'small',
      reasons: [],
      language: 'en',
    });
    expect(second.reply.id).not.toBe(first.reply.id);
    expect(await cacheHitsMetric()).toBe(1);
    const telemetry = await storedTelemetry(testApp, secondConversation.id);
    expect(telemetry).toMatchObject({ answerCacheHit: true, costUsd: 0, attempts: [] });
  });

  it('streams a cached answer: route, delta, reply, still with no Bedrock request', async () => {
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .once()
      .reply(...streamReply({ chunks: ['You can pay ', 'with PayPal ', 'at checkout [p1].'] }));
    const first = await postStreaming(
      testApp,
      await createConversation(testApp.app),
      PAYPAL_QUESTION,
    );
    const second = await postStreaming(
      testApp,
      await createConversation(testApp.app),
      PAYPAL_QUESTION,
    );
    expect(unmatched.requests).toEqual([]);
    expect(second.map((event) => event.event)).toEqual(['route', 'delta', 'reply']);
    expect(deltaTexts(second).join('')).toBe(deltaTexts(first).join(''));
    expect(replyOf(second)).toMatchObject({
      text: 'You can pay with PayPal at checkout.',
      tier: 'small',
    });
    expect(await cacheHitsMetric()).toBe(1);
  });

  it('asks the model for a different question, and for the same question in another language', async () => {
    const small = bodyRecorder();
    runtimeScope()
      .post(conversePath(SMALL_MODEL_ID), small.match)
      .times(3)
      .reply(200, (_uri, body) =>
        converseBody({ text: `Answer ${JSON.stringify(body).length % 97} [p1].` }),
      );
    await postMessage(testApp.app, await createConversation(testApp.app), DELIVERY_QUESTION);
    await postMessage(testApp.app, await createConversation(testApp.app), PAYPAL_QUESTION);
    // "PayPal?" alone would be ambiguous; the locale makes this the French conversation.
    const french = await postMessage(
      testApp.app,
      await createConversation(testApp.app, 'fr'),
      'Puis-je payer avec PayPal ?',
    );
    expect(french.json().reply.language).toBe('fr');
    expect(small.bodies).toHaveLength(3);
    expect(unmatched.requests).toEqual([]);
    expect(await cacheHitsMetric()).toBe(0);
  });

  it('never caches an escalated answer: the next customer with the same question gets a fresh cascade', async () => {
    const scope = runtimeScope()
      .post(conversePath(SMALL_MODEL_ID))
      .times(2)
      .reply(200, converseBody({ text: NO_ANSWER_MARKER }))
      .post(conversePath(LARGE_MODEL_ID))
      .times(2)
      .reply(
        200,
        converseBody({ text: 'Standard delivery to Germany takes 2 to 4 business days [p1].' }),
      );
    for (let turn = 0; turn < 2; turn += 1) {
      const { reply } = (
        await postMessage(testApp.app, await createConversation(testApp.app), DELIVERY_QUESTION)
      ).json();
      expect(reply).toMatchObject({ tier: 'large', reasons: ['model_uncertain'] });
    }
    expect(scope.isDone()).toBe(true);
    expect(await cacheHitsMetric()).toBe(0);
  });
});

describe('cachePoint follows the model capability table', () => {
  it('sends no cachePoint to Mistral (Small and Large), with a byte-identical system prefix per language', async () => {
    testApp = await app({ ANSWER_CACHE_SIZE: '0' });
    const small = bodyRecorder();
    const large = bodyRecorder();
    runtimeScope()
      .post(conversePath(SMALL_MODEL_ID), small.match)
      .times(2)
      .reply(200, converseBody({ text: NO_ANSWER_MARKER }))
      .post(conversePath(LARGE_MODEL_ID), large.match)
      .times(2)
      .reply(200, converseBody({ text: 'Yes [p1].' }));
    await postMessage(testApp.app, await createConversation(testApp.app), DELIVERY_QUESTION);
    await postMessage(testApp.app, await createConversation(testApp.app), PAYPAL_QUESTION);
    const bodies = [...small.bodies, ...large.bodies];
    expect(bodies).toHaveLength(4);
    for (const body of bodies) expect(JSON.stringify(body)).not.toContain('cachePoint');
    const systems = bodies.map((body) => body.system as Array<{ text?: string }>);
    // Block 0 is the static prompt: the same bytes for every turn in English; block 1 holds the passages.
    expect(new Set(systems.map((system) => system[0]?.text)).size).toBe(1);
    expect(systems[0]?.[0]?.text).toContain('English');
    expect(systems[0]?.[1]?.text).not.toBe(systems[1]?.[1]?.text);
  });

  it('sends a cachePoint after the static prompt to Nova and records the cache tokens and their cost', async () => {
    // Nova is not in the Mistral list-price table, so the operator states its price.
    testApp = await app({
      BEDROCK_SMALL_MODEL_ID: NOVA_LITE,
      PRICE_SMALL_INPUT_PER_MTOK: '0.06',
      PRICE_SMALL_OUTPUT_PER_MTOK: '0.24',
    });
    const nova = bodyRecorder();
    const usage = {
      inputTokens: 300,
      outputTokens: 30,
      cacheReadInputTokens: 1100,
      cacheWriteInputTokens: 0,
    };
    runtimeScope()
      .post(converseStreamPath(NOVA_LITE), nova.match)
      .reply(
        ...streamReply({
          chunks: ['Standard delivery ', 'takes 2 to 4 business days [p1].'],
          usage,
        }),
      );
    const conversation = await createConversation(testApp.app);
    const events = await postStreaming(testApp, conversation, DELIVERY_QUESTION);
    expect(replyOf(events)).toMatchObject({
      tier: 'small',
      text: 'Standard delivery takes 2 to 4 business days.',
    });
    const system = nova.bodies[0]?.system as Array<Record<string, unknown>>;
    expect(system[0]).toHaveProperty('text');
    expect(system[1]).toEqual({ cachePoint: { type: 'default' } });
    expect(system[2]).toHaveProperty('text');

    const telemetry = await storedTelemetry(testApp, conversation.id);
    expect(telemetry.usage).toEqual(usage);
    // Cache reads are priced at the input price unless configured otherwise (never under-reported).
    const expected =
      ((usage.inputTokens + usage.cacheReadInputTokens) * 0.06 + usage.outputTokens * 0.24) / 1e6;
    expect(telemetry.attempts[0]?.costUsd).toBeCloseTo(expected, 12);
    expect(telemetry.attempts[0]?.modelId).toBe(NOVA_LITE);
  });
});
