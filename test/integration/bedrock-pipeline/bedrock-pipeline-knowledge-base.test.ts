import { describe, expect, it } from 'vitest';
import { NO_ANSWER_MARKER } from '../../../src/core/prompts/no-answer-marker.js';
import {
  agentRuntimeScope,
  awsErrorReply,
  converseBody,
  conversePath,
  converseStreamPath,
  retrievePath,
  runtimeScope,
} from '../../support/bedrock-wire.js';
import { createConversation, postMessage } from '../../support/test-app.js';
import {
  BOT_MESSAGES,
  bodyRecorder,
  deltaTexts,
  KNOWLEDGE_BASE_ID,
  LARGE_MODEL_ID,
  postStreaming,
  replyOf,
  SMALL_MODEL_ID,
  storedMessages,
  storedTelemetry,
  streamReply,
  useBedrockPipeline,
} from './bedrock-pipeline-app.js';

const KB_VERSION = 'kb-2025-06-01';

interface KbChunk {
  id: string;
  language: string;
  title: string;
  url: string;
  text: string;
  score: number;
}

/** One Retrieve result as Bedrock returns it for a document ingested with a metadata sidecar. */
function retrievalResult(chunk: KbChunk) {
  const uri = `s3://tessera-help/${chunk.language}/${chunk.id.split('#')[0]?.split('/')[1]}.md`;
  return {
    content: { type: 'TEXT', text: chunk.text },
    location: { type: 'S3', s3Location: { uri } },
    metadata: {
      language: chunk.language,
      title: chunk.title,
      url: chunk.url,
      passageId: chunk.id,
      'x-amz-bedrock-kb-source-uri': uri,
      'x-amz-bedrock-kb-chunk-id': `chunk-${chunk.id}`,
    },
    score: chunk.score,
  };
}

const FR_RETURN_WINDOW: KbChunk = {
  id: 'fr/returns-refunds#delai-de-retour',
  language: 'fr',
  title: 'Retours et remboursements — Délai de retour',
  url: 'https://help.tessera-shop.example/fr/returns-refunds#delai-de-retour',
  text: 'Vous pouvez retourner un article dans les 30 jours suivant la livraison.',
  score: 0.83,
};
const FR_RETURN_COST: KbChunk = {
  id: 'fr/returns-refunds#qui-paie-le-retour',
  language: 'fr',
  title: 'Retours et remboursements — Qui paie le retour',
  url: 'https://help.tessera-shop.example/fr/returns-refunds#qui-paie-le-retour',
  text: "Le retour est gratuit dans l'Union européenne avec l'étiquette prépayée.",
  score: 0.71,
};
const EN_GIFT_CARDS: KbChunk = {
  id: 'en/gift-cards#validity',
  language: 'en',
  title: 'Gift cards — Validity',
  url: 'https://help.tessera-shop.example/en/gift-cards#validity',
  text: 'Gift cards are valid for two years from the date of purchase.',
  score: 0.79,
};

const pipeline = useBedrockPipeline();
const { unmatched } = pipeline;

function app(environment: Record<string, string> = {}) {
  return pipeline.app({ RETRIEVER: 'bedrock', BEDROCK_KB_VERSION: KB_VERSION, ...environment });
}

describe('RETRIEVER=bedrock: Knowledge Base passages to cited answers', () => {
  it('filters Retrieve by the customer language and turns the model citation markers into the reply citations', async () => {
    // BEDROCK_KB_RESULTS reaches the Retrieve request (the pipeline names no limit of its own).
    const testApp = await app({ BEDROCK_KB_RESULTS: '7' });
    const retrieve = bodyRecorder();
    const small = bodyRecorder();
    agentRuntimeScope()
      .post(retrievePath(KNOWLEDGE_BASE_ID), retrieve.match)
      .reply(200, {
        retrievalResults: [retrievalResult(FR_RETURN_WINDOW), retrievalResult(FR_RETURN_COST)],
      });
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID), small.match)
      .reply(
        ...streamReply({
          chunks: [
            'Vous avez 30 jours ',
            'pour retourner un article [p1], ',
            'et le retour est gratuit dans l’UE [p',
            '2].',
          ],
        }),
      );
    const conversation = await createConversation(testApp.app, 'fr');
    const question = 'Combien de temps ai-je pour retourner un article, et qui paie le retour ?';
    const events = await postStreaming(testApp, conversation, question);

    expect(retrieve.bodies).toHaveLength(1);
    expect(retrieve.bodies[0]).toMatchObject({
      retrievalQuery: { text: question },
      retrievalConfiguration: {
        vectorSearchConfiguration: {
          numberOfResults: 7,
          filter: { equals: { key: 'language', value: 'fr' } },
        },
      },
    });
    const system = small.bodies[0]?.system as Array<{ text?: string }>;
    expect(system[0]?.text).toContain('French');
    expect(system[1]?.text).toContain(`[p1] ${FR_RETURN_WINDOW.title}\n${FR_RETURN_WINDOW.text}`);
    expect(system[1]?.text).toContain(`[p2] ${FR_RETURN_COST.title}`);

    expect(events[0]).toMatchObject({
      event: 'route',
      data: { tier: 'small', reasons: [], language: 'fr' },
    });
    for (const delta of deltaTexts(events)) expect(delta).not.toMatch(/\[p\d/);
    const reply = replyOf(events);
    expect(reply).toMatchObject({
      role: 'assistant',
      language: 'fr',
      tier: 'small',
      text: 'Vous avez 30 jours pour retourner un article, et le retour est gratuit dans l’UE.',
      citations: [
        {
          title: FR_RETURN_WINDOW.title,
          url: FR_RETURN_WINDOW.url,
          snippet: FR_RETURN_WINDOW.text,
        },
        { title: FR_RETURN_COST.title, url: FR_RETURN_COST.url, snippet: FR_RETURN_COST.text },
      ],
    });
    const telemetry = await storedTelemetry(testApp, conversation.id);
    expect(telemetry.retrieval).toMatchObject({
      passageIds: [FR_RETURN_WINDOW.id, FR_RETURN_COST.id],
      topScores: [0.83, 0.71],
      usedLanguageFallback: false,
      knowledgeBaseVersion: KB_VERSION,
    });
    expect(unmatched.requests).toEqual([]);
  });

  it('falls back to every language when nothing relevant exists in the customer language, and still answers in it', async () => {
    const testApp = await app();
    const retrieve = bodyRecorder();
    agentRuntimeScope()
      .post(retrievePath(KNOWLEDGE_BASE_ID), retrieve.match)
      .reply(200, {
        retrievalResults: [
          retrievalResult({
            ...FR_RETURN_COST,
            id: 'de/returns#kosten',
            language: 'de',
            score: 0.21,
          }),
        ],
      })
      .post(retrievePath(KNOWLEDGE_BASE_ID), retrieve.match)
      .reply(200, { retrievalResults: [retrievalResult(EN_GIFT_CARDS)] });
    const small = bodyRecorder();
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID), small.match)
      .reply(
        ...streamReply({
          chunks: ['Geschenkkarten sind ', 'zwei Jahre ab Kaufdatum gültig [p1].'],
        }),
      );
    const conversation = await createConversation(testApp.app, 'de');
    const events = await postStreaming(
      testApp,
      conversation,
      'Wie lange ist eine Geschenkkarte gültig?',
    );

    const filters = retrieve.bodies.map(
      (body) =>
        (body.retrievalConfiguration as { vectorSearchConfiguration: { filter?: unknown } })
          .vectorSearchConfiguration.filter,
    );
    expect(filters).toEqual([{ equals: { key: 'language', value: 'de' } }, undefined]);
    expect((small.bodies[0]!.system as Array<{ text?: string }>)[0]?.text).toContain('German');
    expect(replyOf(events)).toMatchObject({
      language: 'de',
      tier: 'small',
      text: 'Geschenkkarten sind zwei Jahre ab Kaufdatum gültig.',
      citations: [{ title: EN_GIFT_CARDS.title, url: EN_GIFT_CARDS.url }],
    });
    expect((await storedTelemetry(testApp, conversation.id)).retrieval.usedLanguageFallback).toBe(
      true,
    );
  });

  it('nothing relevant anywhere: low_retrieval goes straight to Large, which has no answer → the localized no-answer message', async () => {
    const testApp = await app();
    agentRuntimeScope()
      .post(retrievePath(KNOWLEDGE_BASE_ID))
      .times(2)
      .reply(200, {
        retrievalResults: [retrievalResult({ ...EN_GIFT_CARDS, language: 'it', score: 0.12 })],
      });
    const large = bodyRecorder();
    runtimeScope()
      .post(converseStreamPath(LARGE_MODEL_ID), large.match)
      .reply(...streamReply({ chunks: [NO_ANSWER_MARKER] }));
    const conversation = await createConversation(testApp.app, 'it');
    const events = await postStreaming(
      testApp,
      conversation,
      'Vendete biglietti per il concerto di sabato?',
    );
    expect(events[0]).toMatchObject({
      event: 'route',
      data: { tier: 'large', reasons: ['low_retrieval'], language: 'it' },
    });
    expect((large.bodies[0]!.system as Array<{ text?: string }>)[1]?.text).toContain(
      '(no passages found)',
    );
    expect(deltaTexts(events).join('')).toBe(BOT_MESSAGES.it.noAnswer);
    expect(replyOf(events)).toMatchObject({
      text: BOT_MESSAGES.it.noAnswer,
      language: 'it',
      tier: 'large',
      reasons: ['low_retrieval', 'model_uncertain'],
      citations: [],
    });
    expect(unmatched.requests).toEqual([]);
  });

  it('rides out a throttled Retrieve (SDK retry) and answers with citations', async () => {
    const testApp = await app();
    const scope = agentRuntimeScope()
      .post(retrievePath(KNOWLEDGE_BASE_ID))
      .reply(...awsErrorReply(429, 'ThrottlingException', 'Rate exceeded'))
      .post(retrievePath(KNOWLEDGE_BASE_ID))
      .reply(200, { retrievalResults: [retrievalResult(FR_RETURN_WINDOW)] });
    runtimeScope()
      .post(conversePath(SMALL_MODEL_ID))
      .reply(200, converseBody({ text: 'Vous avez 30 jours [p1].' }));
    const conversation = await createConversation(testApp.app, 'fr');
    const { reply } = (
      await postMessage(
        testApp.app,
        conversation,
        'Combien de temps ai-je pour retourner un article ?',
      )
    ).json();
    expect(scope.isDone()).toBe(true);
    expect(reply).toMatchObject({
      text: 'Vous avez 30 jours.',
      citations: [{ title: FR_RETURN_WINDOW.title }],
    });
  });

  it('a Knowledge Base outage keeps the customer message and answers with the localized apology', async () => {
    const testApp = await app({ BEDROCK_MAX_ATTEMPTS: '1' });
    agentRuntimeScope()
      .post(retrievePath(KNOWLEDGE_BASE_ID))
      .reply(...awsErrorReply(503, 'ServiceUnavailableException', 'down'));
    const conversation = await createConversation(testApp.app, 'es');
    const question = '¿Cuánto tiempo tengo para devolver un pedido?';
    const events = await postStreaming(testApp, conversation, question);
    expect(events.map((event) => event.event)).not.toContain('error');
    expect(replyOf(events)).toMatchObject({
      role: 'system',
      text: BOT_MESSAGES.es.modelUnavailable,
      language: 'es',
    });
    const stored = await storedMessages(testApp, conversation.id);
    expect(stored.map((message) => [message.role, message.text])).toEqual([
      ['user', question],
      ['system', BOT_MESSAGES.es.modelUnavailable],
    ]);
    expect(
      (stored[1]!.meta as { reasons?: string[]; retrievalError?: string }).retrievalError,
    ).toMatch(/ServiceUnavailableException|unavailable/);
    expect(replyOf(events).reasons).toEqual(['model_unavailable']);
    expect(unmatched.requests).toEqual([]);
  });

  it('a Knowledge Base outage does not stop a customer who asks for a person from being handed off', async () => {
    const testApp = await app({ BEDROCK_MAX_ATTEMPTS: '1' });
    agentRuntimeScope()
      .post(retrievePath(KNOWLEDGE_BASE_ID))
      .reply(...awsErrorReply(500, 'InternalServerException', 'down'));
    const conversation = await createConversation(testApp.app, 'en');
    const { reply } = (
      await postMessage(testApp.app, conversation, 'I want to talk to a human agent please')
    ).json();
    expect(reply).toMatchObject({ tier: 'human', handoff: true, text: BOT_MESSAGES.en.handoff });
    expect(reply.reasons).toContain('human_requested');
    expect(unmatched.requests).toEqual([]);
  });
});
