import { LRUCache } from 'lru-cache';
import { normalizeQuestion } from '../language/normalize-text.js';
import type { TurnAnswer, TurnAnswerer } from './turn-answerer.js';

type Answered = Extract<TurnAnswer, { kind: 'answered' }>;
type CachedAnswer = Pick<Answered, 'tier' | 'text' | 'citations' | 'modelId' | 'offline'>;

export interface AnswerCacheOptions {
  /** Distinct questions remembered; 0 turns the cache off. */
  maxEntries: number;
  ttlMs?: number;
}

export interface AnswerCacheStats {
  readonly hits: number;
  readonly misses: number;
}

/** Case, accents, punctuation and spacing do not make a question different. */

/**
 * Answers to repeated plain questions, reused without a model call. No Mistral model on Bedrock
 * supports prompt caching, so this is where repeated traffic saves money. The key holds
 * everything that would change the answer: language, normalized question, knowledge-base
 * version and prompt version. Escalated turns and answers that needed the cascade are never
 * shared.
 */
export function withAnswerCache(
  answerer: TurnAnswerer,
  options: AnswerCacheOptions,
): TurnAnswerer & { readonly stats: AnswerCacheStats } {
  if (options.maxEntries <= 0) {
    return {
      promptVersion: answerer.promptVersion,
      offline: answerer.offline,
      answer: (request) => answerer.answer(request),
      stats: { hits: 0, misses: 0 },
    };
  }
  const cache = new LRUCache<string, CachedAnswer>({
    max: options.maxEntries,
    ttl: options.ttlMs ?? 6 * 60 * 60 * 1000,
  });
  const stats = { hits: 0, misses: 0 };
  return {
    promptVersion: answerer.promptVersion,
    offline: answerer.offline,
    stats,
    async answer(request) {
      if (!request.cacheable) return answerer.answer(request);
      const key = [
        request.language,
        request.knowledgeBaseVersion,
        answerer.promptVersion ?? 'none',
        normalizeQuestion(request.question),
      ].join('\u0000');
      const hit = cache.get(key);
      if (hit !== undefined) {
        stats.hits += 1;
        const common = {
          attempts: [],
          addedReasons: [],
          modelVerdict: null,
          promptVersion: answerer.promptVersion,
        };
        return { ...common, ...hit, kind: 'answered', cached: true };
      }
      stats.misses += 1;
      const answer = await answerer.answer(request);
      if (answer.kind === 'answered' && answer.addedReasons.length === 0) {
        const { tier, text, citations, modelId, offline } = answer;
        cache.set(key, { tier, text, citations, modelId, offline });
      }
      return answer;
    },
  };
}
