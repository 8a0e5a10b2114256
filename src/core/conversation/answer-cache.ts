import { LRUCache } from 'lru-cache';
import type { Language } from '../language/language.js';
import type { Citation } from '../storage/storage.js';

/**
 * Answers to repeated questions, reused without a model call. No Mistral model on Bedrock
 * supports prompt caching, so this is where repeated traffic saves money. The key holds
 * everything that would change the answer: language, normalized question, knowledge-base
 * version and prompt version.
 */
export interface CachedAnswer {
  text: string;
  citations: Citation[];
  modelId: string;
}

export interface AnswerCacheKey {
  language: Language;
  question: string;
  knowledgeBaseVersion: string;
  promptVersion: string;
}

export interface AnswerCache {
  get(key: AnswerCacheKey): CachedAnswer | undefined;
  set(key: AnswerCacheKey, answer: CachedAnswer): void;
  readonly stats: { hits: number; misses: number };
}

/** Case, accents, punctuation and spacing do not make a question different. */
export function normalizeQuestion(question: string): string {
  return question
    .normalize('NFKD')
    .replace(/\p{Mark}/gu, '')
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}]+/gu, ' ')
    .trim();
}

export function createAnswerCache(options: { maxEntries: number; ttlMs?: number }): AnswerCache {
  const cache = new LRUCache<string, CachedAnswer>({
    max: Math.max(1, options.maxEntries),
    ttl: options.ttlMs ?? 6 * 60 * 60 * 1000,
  });
  const stats = { hits: 0, misses: 0 };
  const enabled = options.maxEntries > 0;
  const keyOf = (key: AnswerCacheKey) =>
    [
      key.language,
      key.knowledgeBaseVersion,
      key.promptVersion,
      normalizeQuestion(key.question),
    ].join('\u0000');
  return {
    stats,
    get(key) {
      if (!enabled) return undefined;
      const found = cache.get(keyOf(key));
      if (found) stats.hits += 1;
      else stats.misses += 1;
      return found;
    },
    set(key, answer) {
      if (enabled) cache.set(keyOf(key), answer);
    },
  };
}
