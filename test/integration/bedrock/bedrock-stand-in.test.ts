import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockAgentRuntimeClient } from '../../../src/core/models/bedrock-agent-runtime-client.js';
import { createBedrockConverseModel } from '../../../src/core/models/bedrock-converse-model.js';
import { ModelStreamInterruptedError } from '../../../src/core/models/bedrock-errors.js';
import { createBedrockRuntimeClient } from '../../../src/core/models/bedrock-runtime-client.js';
import { NO_ANSWER_MARKER } from '../../../src/core/prompts/no-answer-marker.js';
import { createBedrockKnowledgeBaseRetriever } from '../../../src/core/retrieval/bedrock-knowledge-base-retriever.js';
import {
  type BedrockStandIn,
  type StandInPassage,
  startBedrockStandIn,
} from '../../support/bedrock-stand-in.js';
import { TEST_CREDENTIALS, TEST_REGION } from '../../support/bedrock-wire.js';
import { chatRequest } from './bedrock-fixtures.js';

const PASSAGES: StandInPassage[] = [
  {
    id: 'en/shipping#norway',
    language: 'en',
    title: 'Shipping — Countries',
    url: '/help/shipping',
    text: 'We ship to Norway and Switzerland in 5 business days. Customs fees apply.',
  },
  {
    id: 'fr/livraison#delais',
    language: 'fr',
    title: 'Livraison — Délais',
    text: 'La livraison standard en France prend 2 à 3 jours ouvrés.',
  },
  {
    id: 'de/versand#zeiten',
    language: 'de',
    title: 'Versand — Lieferzeiten',
    text: 'Der Standardversand nach Deutschland dauert 3 bis 4 Werktage.',
  },
];

const MODEL_ID = 'mistral.mistral-small-2402-v1:0';
let standIn: BedrockStandIn;

function clients(url: string) {
  // No injected handler: the http:// endpoint alone must select HTTP/1.1.
  const options = {
    region: TEST_REGION,
    endpoint: url,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  };
  return {
    runtime: createBedrockRuntimeClient(options),
    agentRuntime: createBedrockAgentRuntimeClient(options),
  };
}

beforeAll(async () => {
  nock.enableNetConnect();
  standIn = await startBedrockStandIn({
    tokensPerSecond: 40,
    firstTokenDelayMs: 150,
    passages: PASSAGES,
  });
});
afterAll(async () => {
  await standIn.close();
});

describe('Bedrock stand-in speaks the wire protocol the real SDK clients expect', () => {
  it('answers Converse from the first passage of the prompt, cited', async () => {
    const chatModel = createBedrockConverseModel({
      client: clients(standIn.url).runtime,
      modelId: MODEL_ID,
      timeoutMs: 5_000,
      maxTokens: 200,
      temperature: 0,
    });
    const response = await chatModel.generate(chatRequest());
    expect(response.text).toBe('You can return any item within 30 days of delivery.');
    expect(response.citedPassageIds).toEqual(['en/returns#window']);
    expect(response.usage.outputTokens).toBeGreaterThan(0);
    const recorded = standIn.requests.at(-1);
    expect(recorded?.path).toBe(`/model/${encodeURIComponent(MODEL_ID)}/converse`);
    expect(JSON.stringify(recorded?.body)).not.toContain('cachePoint');
  });

  it('answers with the no-answer marker when the prompt has no passages', async () => {
    const chatModel = createBedrockConverseModel({
      client: clients(standIn.url).runtime,
      modelId: MODEL_ID,
      timeoutMs: 5_000,
      maxTokens: 200,
      temperature: 0,
    });
    const response = await chatModel.generate(chatRequest({ passages: [] }));
    expect(response.text).toBe(NO_ANSWER_MARKER);
  });

  it('streams real eventstream frames, paced: first token after the delay, then one token at a time', async () => {
    const chatModel = createBedrockConverseModel({
      client: clients(standIn.url).runtime,
      modelId: MODEL_ID,
      timeoutMs: 5_000,
      maxTokens: 200,
      temperature: 0,
    });
    const started = performance.now();
    const arrivals: number[] = [];
    const deltas: string[] = [];
    let finalText = '';
    for await (const event of chatModel.stream(chatRequest())) {
      if (event.type === 'delta') {
        arrivals.push(performance.now() - started);
        deltas.push(event.text);
      } else {
        finalText = event.response.text;
      }
    }
    expect(finalText).toBe('You can return any item within 30 days of delivery.');
    expect(deltas.join('').trim()).toBe(finalText);
    expect(deltas.length).toBeGreaterThanOrEqual(8);
    expect(arrivals[0]).toBeGreaterThanOrEqual(140);
    // 10 tokens at 40 tokens/s: the last one comes at least ~200 ms after the first.
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(180);
  });

  it('serves Knowledge Base Retrieve with the language filter and lets the retriever fall back', async () => {
    const retriever = createBedrockKnowledgeBaseRetriever({
      client: clients(standIn.url).agentRuntime,
      knowledgeBaseId: 'KBSTANDIN',
      numberOfResults: 3,
      relevanceThreshold: 0.3,
    });
    const french = await retriever.retrieve({
      text: 'Combien de jours pour la livraison standard en France ?',
      language: 'fr',
    });
    expect(french.usedLanguageFallback).toBe(false);
    expect(french.passages.map((passage) => passage.id)).toEqual(['fr/livraison#delais']);
    expect(french.passages[0]).toMatchObject({
      language: 'fr',
      title: 'Livraison — Délais',
      relevant: true,
    });

    const norway = await retriever.retrieve({
      text: 'Norway Switzerland Lieferung?',
      language: 'de',
    });
    expect(norway.usedLanguageFallback).toBe(true);
    expect(norway.passages[0]).toMatchObject({
      id: 'en/shipping#norway',
      language: 'en',
      url: '/help/shipping',
    });
  });

  it('can break a stream mid-answer with an exception frame', async () => {
    const failing = await startBedrockStandIn({
      tokensPerSecond: 200,
      firstTokenDelayMs: 0,
      passages: PASSAGES,
      failStreamAfterTokens: 3,
    });
    try {
      const chatModel = createBedrockConverseModel({
        client: clients(failing.url).runtime,
        modelId: MODEL_ID,
        timeoutMs: 5_000,
        maxTokens: 200,
        temperature: 0,
      });
      const deltas: string[] = [];
      const error = await (async () => {
        for await (const event of chatModel.stream(chatRequest()))
          if (event.type === 'delta') deltas.push(event.text);
      })().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ModelStreamInterruptedError);
      // The blank after "return" is held back until the next word shows it is not before a citation.
      expect(deltas.join('')).toBe('You can return');
    } finally {
      await failing.close();
    }
  });

  it('closes the HTTP stream when the consumer stops reading early', async () => {
    const slow = await startBedrockStandIn({
      tokensPerSecond: 20,
      firstTokenDelayMs: 0,
      passages: PASSAGES,
      answer: () => 'word '.repeat(60).trim(),
    });
    try {
      const chatModel = createBedrockConverseModel({
        client: clients(slow.url).runtime,
        modelId: MODEL_ID,
        timeoutMs: 5_000,
        maxTokens: 200,
        temperature: 0,
      });
      for await (const event of chatModel.stream(chatRequest())) {
        expect(event.type).toBe('delta');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
      // Without the abort the stand-in would keep writing for three seconds.
      expect(slow.activeStreams()).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('serves the repository kb/ folder by default', async () => {
    const kbStandIn = await startBedrockStandIn({ tokensPerSecond: 100, firstTokenDelayMs: 0 });
    try {
      const retriever = createBedrockKnowledgeBaseRetriever({
        client: clients(kbStandIn.url).agentRuntime,
        knowledgeBaseId: 'KBREPO',
        numberOfResults: 3,
        relevanceThreshold: 0.2,
      });
      const result = await retriever.retrieve({
        text: 'Comment supprimer mon compte et mes données personnelles ?',
        language: 'fr',
      });
      expect(result.passages.length).toBeGreaterThan(0);
      expect(result.passages.every((passage) => passage.language === 'fr')).toBe(true);
      expect(result.passages[0]?.id).toMatch(/^fr\/account-deletion#/);
    } finally {
      await kbStandIn.close();
    }
  });
});
