import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBaseUnavailableError } from '../../../src/core/models/bedrock-errors.js';
import { createBedrockKnowledgeBaseRetriever } from '../../../src/core/retrieval/bedrock-knowledge-base-retriever.js';
import {
  agentRuntimeScope,
  awsErrorReply,
  retrievePath,
  testAgentRuntimeClient,
} from '../../support/bedrock-wire.js';

const KB_ID = 'KBPARLEY01';

interface RetrieveBody {
  retrievalQuery: { text: string };
  retrievalConfiguration: {
    vectorSearchConfiguration: {
      numberOfResults: number;
      overrideSearchType?: string;
      filter?: { equals?: { key: string; value: unknown } };
    };
  };
}

function result(options: {
  text: string;
  score: number;
  language: string;
  title?: string;
  url?: string;
  chunk?: string;
  web?: string;
}) {
  return {
    content: { type: 'TEXT', text: options.text },
    location: options.web
      ? { type: 'WEB', webLocation: { url: options.web } }
      : { type: 'S3', s3Location: { uri: `s3://parley-kb/${options.language}/returns-policy.md` } },
    metadata: {
      language: options.language,
      ...(options.title ? { title: options.title } : {}),
      ...(options.url ? { url: options.url } : {}),
      ...(options.chunk ? { 'x-amz-bedrock-kb-chunk-id': options.chunk } : {}),
      'x-amz-bedrock-kb-source-uri': `s3://parley-kb/${options.language}/returns-policy.md`,
    },
    score: options.score,
  };
}

function retriever(
  overrides: Partial<Parameters<typeof createBedrockKnowledgeBaseRetriever>[0]> = {},
) {
  return createBedrockKnowledgeBaseRetriever({
    client: testAgentRuntimeClient(2),
    knowledgeBaseId: KB_ID,
    numberOfResults: 4,
    relevanceThreshold: 0.5,
    ...overrides,
  });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Bedrock Knowledge Base retriever over the wire', () => {
  it('filters by the language metadata and maps results into passages with citations', async () => {
    const bodies: RetrieveBody[] = [];
    const scope = agentRuntimeScope()
      .post(retrievePath(KB_ID), (body: RetrieveBody) => {
        bodies.push(body);
        return true;
      })
      .reply(200, {
        retrievalResults: [
          result({
            text: 'Retours possibles sous 30 jours.',
            score: 0.62,
            language: 'fr',
            title: 'Retours — Délai',
            url: 'https://help.example/fr/retours',
            chunk: 'chunk-1',
          }),
          result({
            text: 'Les frais de retour sont offerts.',
            score: 0.83,
            language: 'fr',
            chunk: 'chunk-2',
            web: 'https://help.example/fr/frais',
          }),
          result({ text: 'Échanges de taille.', score: 0.31, language: 'fr' }),
        ],
      });

    const retrieval = await retriever({ searchType: 'HYBRID' }).retrieve({
      text: 'Puis-je renvoyer ma veste ?',
      language: 'fr',
      limit: 3,
    });

    expect(scope.isDone()).toBe(true);
    // The KB id travels in the path; the body carries the query and the filter.
    expect(bodies[0]).toStrictEqual({
      retrievalQuery: { text: 'Puis-je renvoyer ma veste ?' },
      retrievalConfiguration: {
        vectorSearchConfiguration: {
          numberOfResults: 3,
          overrideSearchType: 'HYBRID',
          filter: { equals: { key: 'language', value: 'fr' } },
        },
      },
    });
    expect(retrieval.usedLanguageFallback).toBe(false);
    expect(retrieval.knowledgeBaseVersion).toBe(KB_ID);
    expect(
      retrieval.passages.map((passage) => [passage.id, passage.score, passage.relevant]),
    ).toEqual([
      ['chunk-2', 0.83, true],
      ['chunk-1', 0.62, true],
      [
        expect.stringMatching(/^s3:\/\/parley-kb\/fr\/returns-policy\.md#[0-9a-f]{12}$/),
        0.31,
        false,
      ],
    ]);
    const [frais, delai, echanges] = retrieval.passages;
    expect(delai).toMatchObject({
      title: 'Retours — Délai',
      url: 'https://help.example/fr/retours',
      language: 'fr',
    });
    expect(frais).toMatchObject({
      title: 'frais',
      url: 'https://help.example/fr/frais',
      text: 'Les frais de retour sont offerts.',
    });
    // An s3:// source is not a link a customer can open.
    expect(echanges?.url).toBeUndefined();
    expect(echanges?.title).toBe('returns policy');
  });

  it('searches every language when nothing relevant comes back in the customer language', async () => {
    const bodies: RetrieveBody[] = [];
    const record = (body: RetrieveBody) => {
      bodies.push(body);
      return true;
    };
    agentRuntimeScope()
      .post(retrievePath(KB_ID), record)
      .reply(200, {
        retrievalResults: [result({ text: 'Versand nach Norwegen…', score: 0.2, language: 'de' })],
      })
      .post(retrievePath(KB_ID), record)
      .reply(200, {
        retrievalResults: [
          result({
            text: 'We ship to Norway in 5 days.',
            score: 0.77,
            language: 'en',
            chunk: 'en-shipping',
          }),
        ],
      });

    const retrieval = await retriever({ knowledgeBaseVersion: 'ingest-2024-06-01' }).retrieve({
      text: 'Liefern Sie nach Norwegen?',
      language: 'de',
    });

    expect(bodies).toHaveLength(2);
    expect(bodies[0]?.retrievalConfiguration.vectorSearchConfiguration.filter).toEqual({
      equals: { key: 'language', value: 'de' },
    });
    expect(bodies[1]?.retrievalConfiguration.vectorSearchConfiguration.filter).toBeUndefined();
    expect(bodies[1]?.retrievalConfiguration.vectorSearchConfiguration.numberOfResults).toBe(4);
    expect(retrieval.usedLanguageFallback).toBe(true);
    expect(retrieval.knowledgeBaseVersion).toBe('ingest-2024-06-01');
    expect(retrieval.passages).toEqual([
      expect.objectContaining({ id: 'en-shipping', language: 'en', relevant: true }),
    ]);
  });

  it('keeps the customer-language passages when the fallback finds nothing better', async () => {
    agentRuntimeScope()
      .post(retrievePath(KB_ID))
      .reply(200, {
        retrievalResults: [
          result({
            text: 'Orari del servizio clienti',
            score: 0.3,
            language: 'it',
            chunk: 'it-hours',
          }),
        ],
      })
      .post(retrievePath(KB_ID))
      .reply(200, { retrievalResults: [] });
    const retrieval = await retriever().retrieve({
      text: 'Quanto costa un elefante?',
      language: 'it',
    });
    expect(retrieval.usedLanguageFallback).toBe(true);
    expect(retrieval.passages.map((passage) => passage.id)).toEqual(['it-hours']);
    expect(retrieval.passages.some((passage) => passage.relevant)).toBe(false);
  });

  it('uses the configured metadata key in the filter', async () => {
    let filter: unknown;
    agentRuntimeScope()
      .post(retrievePath(KB_ID), (body: RetrieveBody) => {
        filter = body.retrievalConfiguration.vectorSearchConfiguration.filter;
        return true;
      })
      .reply(200, {
        retrievalResults: [
          {
            content: { text: 'Hours: 9–18' },
            metadata: { lang: 'es', title: 'Horario' },
            score: 0.9,
          },
        ],
      });
    const retrieval = await retriever({ languageMetadataKey: 'lang' }).retrieve({
      text: 'horario',
      language: 'es',
    });
    expect(filter).toEqual({ equals: { key: 'lang', value: 'es' } });
    expect(retrieval.passages[0]).toMatchObject({
      language: 'es',
      title: 'Horario',
      relevant: true,
    });
  });

  it('reports a failing knowledge base with a typed error after the SDK retries', async () => {
    const scope = agentRuntimeScope()
      .post(retrievePath(KB_ID))
      .times(2)
      .reply(...awsErrorReply(500, 'InternalServerException', 'kb down'));
    const error = await retriever()
      .retrieve({ text: 'refund', language: 'en' })
      .catch((caught: unknown) => caught);
    expect(scope.isDone()).toBe(true);
    expect(error).toBeInstanceOf(KnowledgeBaseUnavailableError);
    expect(error).toMatchObject({ code: 'unavailable', resource: KB_ID, attempts: 2 });
  });

  it('gives up on a slow knowledge base at its deadline', async () => {
    agentRuntimeScope().post(retrievePath(KB_ID)).delay(3_000).reply(200, { retrievalResults: [] });
    const started = Date.now();
    await expect(
      retriever({ timeoutMs: 200 }).retrieve({ text: 'refund', language: 'en' }),
    ).rejects.toMatchObject({
      name: 'KnowledgeBaseUnavailableError',
      code: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports an unknown knowledge base as rejected, without retrying', async () => {
    agentRuntimeScope()
      .post(retrievePath(KB_ID))
      .reply(...awsErrorReply(404, 'ResourceNotFoundException', 'no such KB'));
    await expect(retriever().retrieve({ text: 'refund', language: 'en' })).rejects.toMatchObject({
      name: 'KnowledgeBaseUnavailableError',
      code: 'rejected',
      retryable: false,
    });
  });
});
