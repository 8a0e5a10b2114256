import { describe, expect, it } from 'vitest';
import type {
  RetrievalQuery,
  RetrievalResult,
  Retriever,
} from '../../src/core/retrieval/retriever.js';

export interface RetrieverContractOptions {
  /** A question the knowledge base answers in its own language (at least two passages exist). */
  onTopic: RetrievalQuery;
  /** A second such question on another topic, in another language. */
  otherOnTopic: RetrievalQuery;
  /** A question the knowledge base knows nothing about. */
  offTopic: RetrievalQuery;
}

/** Questions about the fixture knowledge base in test/fixtures/kb. */
export const FIXTURE_KB_QUESTIONS: RetrieverContractOptions = {
  onTopic: { text: 'How do I reset my password?', language: 'en' },
  otherOnTopic: { text: 'Quels sont les frais de livraison ?', language: 'fr' },
  offTopic: { text: "What's the weather like in Paris today?", language: 'en' },
};

/**
 * What every Retriever promises the pipeline. `makeRetriever` is called once per test, so that a
 * runner can set up its wire stand-in (nock) for that test there; the questions can be replaced
 * to match what the stand-in knows.
 */
export function describeRetrieverContract(
  name: string,
  makeRetriever: () => Retriever | Promise<Retriever>,
  options: RetrieverContractOptions = FIXTURE_KB_QUESTIONS,
): void {
  describe(`Retriever contract: ${name}`, () => {
    it('has a name', async () => {
      const retriever = await makeRetriever();
      expect(retriever.name).toEqual(expect.any(String));
      expect(retriever.name.length).toBeGreaterThan(0);
    });

    it('returns passages with ids, titles, text and scores in 0..1, best first', async () => {
      const retriever = await makeRetriever();
      const result = await retriever.retrieve(options.onTopic);
      expect(result.passages.length).toBeGreaterThan(0);
      for (const passage of result.passages) {
        expect(passage.id.length).toBeGreaterThan(0);
        expect(passage.title.length).toBeGreaterThan(0);
        expect(passage.text.trim().length).toBeGreaterThan(0);
        expect(passage.score).toBeGreaterThanOrEqual(0);
        expect(passage.score).toBeLessThanOrEqual(1);
        if (passage.url !== undefined) expect(passage.url).toMatch(/^(https?:\/\/|\/)/);
      }
      const scores = result.passages.map((passage) => passage.score);
      expect(scores).toEqual([...scores].sort((left, right) => right - left));
      expect(new Set(result.passages.map((passage) => passage.id)).size).toBe(
        result.passages.length,
      );
    });

    it('finds something relevant for an on-topic question and nothing relevant for an off-topic one', async () => {
      const retriever = await makeRetriever();
      const onTopic = await retriever.retrieve(options.onTopic);
      expect(onTopic.passages[0]?.relevant).toBe(true);
      const offTopic = await retriever.retrieve(options.offTopic);
      expect(offTopic.passages.filter((passage) => passage.relevant)).toEqual([]);
    });

    it('respects the limit', async () => {
      const retriever = await makeRetriever();
      const one = await retriever.retrieve({ ...options.onTopic, limit: 1 });
      expect(one.passages).toHaveLength(1);
      const two = await retriever.retrieve({ ...options.onTopic, limit: 2 });
      expect(two.passages.length).toBeGreaterThan(0);
      expect(two.passages.length).toBeLessThanOrEqual(2);
      expect(two.passages[0]?.id).toBe(one.passages[0]?.id);
    });

    it("keeps to the customer's language unless it says it fell back", async () => {
      const retriever = await makeRetriever();
      for (const query of [options.onTopic, options.otherOnTopic]) {
        const result = await retriever.retrieve(query);
        expect(result.usedLanguageFallback).toBe(false);
        for (const passage of result.passages)
          expect([query.language, null]).toContain(passage.language);
      }
    });

    it('marks as relevant exactly the passages above one threshold', async () => {
      const retriever = await makeRetriever();
      const results: RetrievalResult[] = [];
      for (const query of [options.onTopic, options.otherOnTopic, options.offTopic])
        results.push(await retriever.retrieve(query));
      const passages = results.flatMap((result) => result.passages);
      const relevantScores = passages
        .filter((passage) => passage.relevant)
        .map((passage) => passage.score);
      const irrelevantScores = passages
        .filter((passage) => !passage.relevant)
        .map((passage) => passage.score);
      expect(relevantScores.length).toBeGreaterThan(0);
      if (irrelevantScores.length > 0) {
        expect(Math.min(...relevantScores)).toBeGreaterThan(Math.max(...irrelevantScores));
      }
    });

    it('reports a stable knowledge-base version and stable results', async () => {
      const retriever = await makeRetriever();
      const first = await retriever.retrieve(options.onTopic);
      const other = await retriever.retrieve(options.otherOnTopic);
      const again = await retriever.retrieve(options.onTopic);
      expect(first.knowledgeBaseVersion.length).toBeGreaterThan(0);
      expect(other.knowledgeBaseVersion).toBe(first.knowledgeBaseVersion);
      expect(again.knowledgeBaseVersion).toBe(first.knowledgeBaseVersion);
      expect(again.passages.map((passage) => passage.id)).toEqual(
        first.passages.map((passage) => passage.id),
      );
    });
  });
}
