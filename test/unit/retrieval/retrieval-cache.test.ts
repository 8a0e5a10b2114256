import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language/language.js';
import type { KnowledgeBase } from '../../../src/core/retrieval/knowledge-base-loader.js';
import { loadKnowledgeBase } from '../../../src/core/retrieval/knowledge-base-loader.js';
import { createLocalRetriever } from '../../../src/core/retrieval/local-retriever.js';
import { analyzeText } from '../../../src/core/retrieval/local-text-analyzer.js';
import { retrievalKey, withRetrievalCache } from '../../../src/core/retrieval/retrieval-cache.js';

const fixtureKb = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/kb');

let knowledgeBase: KnowledgeBase;

beforeAll(async () => {
  knowledgeBase = await loadKnowledgeBase(fixtureKb);
});

const QUESTIONS: Array<{ text: string; language: Language }> = [
  { text: 'How do I reset my password?', language: 'en' },
  { text: 'Comment puis-je réinitialiser mon mot de passe ?', language: 'fr' },
  { text: 'Wie setze ich mein Passwort zurück?', language: 'de' },
  { text: '¿Cuánto cuesta el envío?', language: 'es' },
  { text: 'Quanto costa la spedizione?', language: 'it' },
  // Nothing relevant in its own language: the answer comes from the fallback search.
  { text: 'PayPal?', language: 'de' },
  { text: 'what is the weather in Paris', language: 'en' },
];

describe('the retrieval cache over the local retriever', () => {
  it('returns exactly what an uncached retriever finds, for first and repeated questions', async () => {
    const uncached = await createLocalRetriever({ kbDir: fixtureKb, knowledgeBase });
    const cached = withRetrievalCache(uncached, { maxEntries: 100 });
    for (const round of [1, 2]) {
      for (const query of QUESTIONS) {
        expect(await cached.retrieve(query), `${query.text} (round ${round})`).toEqual(
          await uncached.retrieve(query),
        );
        expect(await cached.retrieve({ ...query, limit: 2 })).toEqual(
          await uncached.retrieve({ ...query, limit: 2 }),
        );
      }
    }
    expect(cached.cacheStats).toEqual({ hits: 2 * QUESTIONS.length, misses: 2 * QUESTIONS.length });
  });

  it('treats case, punctuation and spacing as the same question, but not another language or limit', async () => {
    const retriever = withRetrievalCache(
      await createLocalRetriever({ kbDir: fixtureKb, knowledgeBase }),
      { maxEntries: 100 },
    );
    const first = await retriever.retrieve({ text: 'How do I reset my password?', language: 'en' });
    const same = await retriever.retrieve({
      text: '  how do i RESET my password ',
      language: 'en',
    });
    expect(same).toEqual(first);
    expect(retriever.cacheStats).toEqual({ hits: 1, misses: 1 });
    await retriever.retrieve({ text: 'How do I reset my password?', language: 'fr' });
    await retriever.retrieve({ text: 'How do I reset my password?', language: 'en', limit: 1 });
    await retriever.retrieve({ text: 'How do I reset my passwords?', language: 'en' });
    expect(retriever.cacheStats).toEqual({ hits: 1, misses: 4 });
  });

  it('hands out copies: changing a result does not change what the next caller gets', async () => {
    const retriever = withRetrievalCache(
      await createLocalRetriever({ kbDir: fixtureKb, knowledgeBase }),
      { maxEntries: 100 },
    );
    const query = { text: 'Quanto costa la spedizione?', language: 'it' as const };
    const first = await retriever.retrieve(query);
    const expected = structuredClone(first);
    first.passages[0]!.score = 0;
    first.passages[0]!.relevant = false;
    first.passages.pop();
    expect(await retriever.retrieve(query)).toEqual(expected);
  });
});

describe('retrievalKey and analyzeText', () => {
  it('keys a question by its words, keeping what could change the analysis', () => {
    const key = (text: string) => retrievalKey({ text, language: 'fr' });
    expect(key('  Où est ma COMMANDE ?! ')).toBe(key('où est ma commande'));
    expect(key('Où est ma commande')).not.toBe(key('Où est ma commande 2'));
    expect(key('E-Mail ändern')).not.toBe(key('E Mail ändern'));
    expect(retrievalKey({ text: 'x', language: 'fr' })).not.toBe(
      retrievalKey({ text: 'x', language: 'de' }),
    );
  });

  it('gives the same terms on a repeated call, in a fresh array each time', () => {
    const first = analyzeText('Wie setze ich mein Passwort zurück?', 'de');
    first.push('changed');
    const second = analyzeText('Wie setze ich mein Passwort zurück?', 'de');
    expect(second).not.toContain('changed');
    expect(second).toEqual(first.slice(0, -1));
    expect(second.length).toBeGreaterThan(0);
  });
});
