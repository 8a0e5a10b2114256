import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockConverseModel } from '../../../src/core/models/bedrock-converse-model.js';
import type {
  ChatModel,
  ChatRequest,
  ChatStreamEvent,
} from '../../../src/core/models/chat-model.js';
import { createPromptCachingRegistry } from '../../../src/core/models/model-capabilities.js';
import { createPricing } from '../../../src/core/models/pricing.js';
import { NO_ANSWER_MARKER } from '../../../src/core/prompts/no-answer-marker.js';
import { converseStreamFrames } from '../../support/bedrock-eventstream.js';
import {
  awsErrorReply,
  converseBody,
  conversePath,
  converseStreamPath,
  eventStreamReply,
  runtimeScope,
  testRuntimeClient,
} from '../../support/bedrock-wire.js';
import { chatRequest, QUESTION, RETURN_PASSAGES, renderer } from './bedrock-fixtures.js';

const MISTRAL_SMALL = 'mistral.mistral-small-2402-v1:0';
const MISTRAL_7B = 'mistral.mistral-7b-instruct-v0:2';
const NOVA_LITE = 'amazon.nova-lite-v1:0';

type ConverseBody = {
  system?: Array<{ text?: string; cachePoint?: { type: string } }>;
  messages: Array<{ role: string; content: Array<{ text: string }> }>;
  inferenceConfig?: { maxTokens?: number; temperature?: number };
};

function model(
  modelId: string,
  overrides: Partial<Parameters<typeof createBedrockConverseModel>[0]> = {},
) {
  return createBedrockConverseModel({
    client: testRuntimeClient(),
    modelId,
    timeoutMs: 5_000,
    maxTokens: 512,
    temperature: 0.1,
    ...overrides,
  });
}

/** Intercepts one call and keeps the JSON body the SDK sent. */
function captureConverse(modelId: string, bodies: ConverseBody[], reply: Record<string, unknown>) {
  return runtimeScope()
    .post(conversePath(modelId), (body: ConverseBody) => {
      bodies.push(body);
      return true;
    })
    .reply(200, reply);
}

async function collect(events: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const collected: ChatStreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Bedrock Converse (generate) over the wire', () => {
  it('sends the static system block, the per-turn block and the question, and maps the answer', async () => {
    const bodies: ConverseBody[] = [];
    const scope = captureConverse(
      MISTRAL_SMALL,
      bodies,
      converseBody({
        text: 'You have 30 days to return it [p1]. Return shipping is free in the EU [p2].',
        stopReason: 'max_tokens',
        usage: { inputTokens: 812, outputTokens: 37 },
      }),
    );
    const request = chatRequest();
    const response = await model(MISTRAL_SMALL).generate(request);

    expect(scope.isDone()).toBe(true);
    const body = bodies[0] as ConverseBody;
    expect(body.system).toEqual([
      { text: request.prompt?.staticSystem },
      { text: request.prompt?.dynamicSystem },
    ]);
    expect(body.messages).toEqual([{ role: 'user', content: [{ text: QUESTION }] }]);
    expect(body.inferenceConfig).toEqual({ maxTokens: 512, temperature: 0.1 });
    expect(response.text).toBe('You have 30 days to return it. Return shipping is free in the EU.');
    expect(response.citedPassageIds).toEqual(['en/returns#window', 'en/returns#costs']);
    expect(response.finishReason).toBe('length');
    expect(response.usage).toEqual({
      inputTokens: 812,
      outputTokens: 37,
      cacheReadInputTokens: 0,
      cacheWriteInputTokens: 0,
    });
    expect(response.modelId).toBe(MISTRAL_SMALL);
    expect(response.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps the no-answer marker in the text so the pipeline can escalate', async () => {
    const bodies: ConverseBody[] = [];
    captureConverse(MISTRAL_SMALL, bodies, converseBody({ text: `${NO_ANSWER_MARKER}` }));
    const response = await model(MISTRAL_SMALL).generate(chatRequest());
    expect(response.text).toBe(NO_ANSWER_MARKER);
    expect(response.citedPassageIds).toEqual([]);
  });

  it('renders the prompt itself when the request has none and a renderer is configured', async () => {
    const bodies: ConverseBody[] = [];
    captureConverse(MISTRAL_SMALL, bodies, converseBody({ text: 'Ok [p1]' }));
    const { prompt: _unused, ...withoutPrompt } = chatRequest({ language: 'de' });
    await model(MISTRAL_SMALL, { promptRenderer: renderer }).generate(withoutPrompt as ChatRequest);
    expect(bodies[0]?.system?.[0]?.text).toBe(renderer.staticSystem('de'));
    expect(bodies[0]?.system?.[0]?.text).toContain('German');
  });

  it('maps every Bedrock usage field, cache reads and writes included, and prices them', async () => {
    const bodies: ConverseBody[] = [];
    captureConverse(
      NOVA_LITE,
      bodies,
      converseBody({
        text: 'Yes [p1]',
        usage: {
          inputTokens: 120,
          outputTokens: 30,
          cacheReadInputTokens: 900,
          cacheWriteInputTokens: 40,
        },
      }),
    );
    const response = await model(NOVA_LITE).generate(chatRequest());
    expect(response.usage).toEqual({
      inputTokens: 120,
      outputTokens: 30,
      cacheReadInputTokens: 900,
      cacheWriteInputTokens: 40,
    });
    const pricing = createPricing({
      large: { input: 4, output: 12, cacheRead: 0.4, cacheWrite: 5 },
    });
    // 120×4 + 30×12 + 900×0.4 + 40×5 = 480 + 360 + 360 + 200 = 1400 USD per 1M tokens
    expect(pricing.costOf(response.usage, 'large')).toBeCloseTo(0.0014, 10);
    // Small defaults (0.20 in and out), cache tokens at the input price: (120 + 30 + 900 + 40) × 0.2
    expect(pricing.costOf(response.usage, 'small')).toBeCloseTo(
      ((120 + 30 + 900 + 40) * 0.2) / 1_000_000,
      10,
    );
  });
});

describe('Bedrock ConverseStream over the wire', () => {
  it('yields deltas with citation markers stripped even when split across frames, then done', async () => {
    let sentBody: ConverseBody | undefined;
    const scope = runtimeScope()
      .post(converseStreamPath(MISTRAL_SMALL), (body: ConverseBody) => {
        sentBody = body;
        return true;
      })
      .reply(
        ...eventStreamReply(
          converseStreamFrames({
            chunks: ['You have ', '30 days [', 'p1', ']. Shipping', ' back is free [p2', '].'],
            stopReason: 'end_turn',
            usage: {
              inputTokens: 640,
              outputTokens: 18,
              cacheReadInputTokens: 0,
              cacheWriteInputTokens: 0,
            },
          }),
        ),
      );

    const events = await collect(model(MISTRAL_SMALL).stream(chatRequest()));

    expect(scope.isDone()).toBe(true);
    expect(sentBody?.system?.some((block) => 'cachePoint' in block)).toBe(false);
    const deltas = events
      .filter((event) => event.type === 'delta')
      .map((event) => (event.type === 'delta' ? event.text : ''));
    expect(deltas.join('')).toBe('You have 30 days. Shipping back is free.');
    expect(deltas.every((text) => !text.includes('[') && !text.includes(']'))).toBe(true);
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    if (done?.type !== 'done') return;
    expect(done.response.text).toBe('You have 30 days. Shipping back is free.');
    expect(done.response.citedPassageIds).toEqual(['en/returns#window', 'en/returns#costs']);
    expect(done.response.finishReason).toBe('stop');
    expect(done.response.usage).toEqual({
      inputTokens: 640,
      outputTokens: 18,
      cacheReadInputTokens: 0,
      cacheWriteInputTokens: 0,
    });
  });

  it('maps a content-filter stop and reports cache usage from the metadata frame', async () => {
    runtimeScope()
      .post(converseStreamPath(NOVA_LITE))
      .reply(
        ...eventStreamReply(
          converseStreamFrames({
            chunks: ['Sorry.'],
            stopReason: 'guardrail_intervened',
            usage: {
              inputTokens: 12,
              outputTokens: 2,
              cacheReadInputTokens: 700,
              cacheWriteInputTokens: 0,
            },
          }),
        ),
      );
    const events = await collect(model(NOVA_LITE).stream(chatRequest()));
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.response.finishReason).toBe('content_filter');
    expect(done.response.usage.cacheReadInputTokens).toBe(700);
  });
});

describe('capabilities on the wire', () => {
  async function sendBoth(
    chatModel: ChatModel,
    modelId: string,
    request: ChatRequest,
  ): Promise<ConverseBody[]> {
    const bodies: ConverseBody[] = [];
    captureConverse(modelId, bodies, converseBody({ text: 'ok' }));
    runtimeScope()
      .post(converseStreamPath(modelId), (body: ConverseBody) => {
        bodies.push(body);
        return true;
      })
      .reply(...eventStreamReply(converseStreamFrames({ chunks: ['ok'] })));
    await chatModel.generate(request);
    await collect(chatModel.stream(request));
    return bodies;
  }

  it('never sends a cachePoint to a Mistral model, in generate or stream, and keeps its system block', async () => {
    for (const modelId of [
      MISTRAL_SMALL,
      'mistral.mistral-large-2407-v1:0',
      'eu.mistral.pixtral-large-2502-v1:0',
      'mistral.mistral-large-3-675b-instruct',
      'mistral.ministral-3-14b-instruct',
      'mistral.ministral-3-8b-instruct',
      'mistral.ministral-3-3b-instruct',
    ]) {
      const bodies = await sendBoth(model(modelId), modelId, chatRequest());
      expect(bodies).toHaveLength(2);
      for (const body of bodies) {
        expect(JSON.stringify(body)).not.toContain('cachePoint');
        expect(body.system?.[0]?.text, modelId).toBeTruthy();
      }
    }
  });

  it('puts the cachePoint right after the static system block for Nova, with a byte-identical prefix', async () => {
    const chatModel = model(NOVA_LITE);
    const first = await sendBoth(chatModel, NOVA_LITE, chatRequest());
    const second = await sendBoth(
      chatModel,
      NOVA_LITE,
      chatRequest({
        passages: RETURN_PASSAGES.slice(1),
        history: [
          { role: 'user', text: 'hello' },
          { role: 'assistant', text: 'Hi!' },
        ],
      }),
    );
    for (const body of [...first, ...second]) {
      expect(body.system?.[1]).toEqual({ cachePoint: { type: 'default' } });
      expect(body.system).toHaveLength(3);
    }
    expect(first[0]?.system?.[0]?.text).toBe(second[0]?.system?.[0]?.text);
    expect(first[0]?.system?.[2]?.text).not.toBe(second[0]?.system?.[2]?.text);
  });

  it('folds the system prompt into the first user turn for Mistral 7B', async () => {
    const request = chatRequest();
    const bodies = await sendBoth(model(MISTRAL_7B), MISTRAL_7B, request);
    for (const body of bodies) {
      expect(body.system).toBeUndefined();
      expect(body.messages).toHaveLength(1);
      const text = body.messages[0]?.content[0]?.text ?? '';
      expect(body.messages[0]?.role).toBe('user');
      expect(text.startsWith(request.prompt?.staticSystem ?? '∅')).toBe(true);
      expect(text).toContain(request.prompt?.dynamicSystem);
      expect(text.endsWith(QUESTION)).toBe(true);
    }
  });

  it('drops the cachePoint after a caching refusal, retries once, and never sends it again', async () => {
    const registry = createPromptCachingRegistry();
    const bodies: ConverseBody[] = [];
    const record = (body: ConverseBody) => {
      bodies.push(body);
      return true;
    };
    const refusal =
      'You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.';
    runtimeScope()
      .post(conversePath(NOVA_LITE), record)
      .reply(...awsErrorReply(400, 'ValidationException', refusal));
    runtimeScope()
      .post(conversePath(NOVA_LITE), record)
      .reply(200, converseBody({ text: 'first [p1]' }));
    runtimeScope()
      .post(conversePath(NOVA_LITE), record)
      .reply(200, converseBody({ text: 'second' }));
    runtimeScope()
      .post(converseStreamPath(NOVA_LITE), record)
      .reply(...eventStreamReply(converseStreamFrames({ chunks: ['third'] })));

    const chatModel = model(NOVA_LITE, { cachingRegistry: registry });
    const first = await chatModel.generate(chatRequest());
    const second = await chatModel.generate(chatRequest());
    await collect(chatModel.stream(chatRequest()));

    expect(first.text).toBe('first');
    expect(second.text).toBe('second');
    expect(bodies).toHaveLength(4);
    expect(JSON.stringify(bodies[0])).toContain('cachePoint');
    for (const body of bodies.slice(1)) expect(JSON.stringify(body)).not.toContain('cachePoint');
    expect(registry.isDisabled(NOVA_LITE)).toBe(true);
  });

  it('handles the 403 AccessDeniedException form of the refusal on the stream path too', async () => {
    const bodies: ConverseBody[] = [];
    const record = (body: ConverseBody) => {
      bodies.push(body);
      return true;
    };
    const claude = 'anthropic.claude-3-haiku-20240307-v1:0';
    runtimeScope()
      .post(converseStreamPath(claude), record)
      .reply(
        ...awsErrorReply(
          403,
          'AccessDeniedException',
          'Your request did not allow prompt caching for this model (cachePoint).',
        ),
      );
    runtimeScope()
      .post(converseStreamPath(claude), record)
      .reply(...eventStreamReply(converseStreamFrames({ chunks: ['Hello'] })));

    const events = await collect(model(claude).stream(chatRequest()));
    expect(events.at(-1)?.type).toBe('done');
    expect(bodies.map((body) => JSON.stringify(body).includes('cachePoint'))).toEqual([
      true,
      false,
    ]);
  });

  it('does not retry a validation error that is not about caching', async () => {
    const scope = runtimeScope()
      .post(conversePath(NOVA_LITE))
      .reply(...awsErrorReply(400, 'ValidationException', 'messages: must not be empty'));
    await expect(model(NOVA_LITE).generate(chatRequest())).rejects.toMatchObject({
      name: 'ModelRequestRejectedError',
      code: 'rejected',
    });
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
