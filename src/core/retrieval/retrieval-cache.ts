import { LRUCache } from 'lru-cache';
import type { RetrievalQuery, RetrievalResult, Retriever } from './retriever.js';

export interface RetrievalCacheStats {
  readonly hits: number;
  readonly misses: number;
}

/**
 * Case, spacing and sentence punctuation do not change what a question retrieves; hyphens and
 * apostrophes inside words ("e-mail", "l'abonnement") may, so they stay in the key.
 */
export function retrievalKey(query: RetrievalQuery): string {
  const words = query.text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'’-]+/gu, ' ')
    .trim();
  return `${query.language}\u0000${query.limit ?? ''}\u0000${words}`;
}

/**
 * Results of recent questions, for a retriever whose content is fixed for the process's life
 * (the local knowledge base): support traffic asks the same questions all day. Bounded by count
 * and by the size of the keys (a message may be 4,000 characters long).
 */
export function withRetrievalCache(
  retriever: Retriever,
  options: { maxEntries: number },
): Retriever & { readonly cacheStats: RetrievalCacheStats } {
  const cache = new LRUCache<string, RetrievalResult>({
    max: Math.max(1, options.maxEntries),
    maxSize: Math.max(1, options.maxEntries) * 400,
    sizeCalculation: (_result, key) => Math.max(1, key.length),
  });
  const cacheStats = { hits: 0, misses: 0 };
  return {
    name: retriever.name,
    cacheStats,
    async retrieve(query) {
      const key = retrievalKey(query);
      let result = cache.get(key);
      if (result === undefined) {
        cacheStats.misses += 1;
        result = await retriever.retrieve(query);
        cache.set(key, result);
      } else {
        cacheStats.hits += 1;
      }
      // Copies: a caller may annotate what it gets, and the cached result must stay as found.
      return { ...result, passages: result.passages.map((passage) => ({ ...passage })) };
    },
  };
}
