import { LRUCache } from 'lru-cache';
import type { LanguageDetection, LanguageDetector } from './language-detector.js';

export interface DetectionCacheOptions {
  /** Distinct texts remembered. */
  maxEntries?: number;
  /** Characters of text remembered in all (a message may be 4,000 characters long). */
  maxCharacters?: number;
}

/**
 * Remembers the detections of recent texts. Detection is a pure function of the text, and support
 * traffic repeats the same short questions ("Where is my order?") all day, while eld scores every
 * n-gram of a message against its database on each call.
 */
export function withDetectionCache(
  detector: LanguageDetector,
  options: DetectionCacheOptions = {},
): LanguageDetector {
  const cache = new LRUCache<string, LanguageDetection>({
    max: options.maxEntries ?? 10_000,
    maxSize: options.maxCharacters ?? 2_000_000,
    sizeCalculation: (_detection, text) => Math.max(1, text.length),
  });
  return {
    name: detector.name,
    detect(text) {
      let detection = cache.get(text);
      if (detection === undefined) {
        detection = detector.detect(text);
        // A text longer than the whole budget is not stored (lru-cache refuses it): detected again next time.
        cache.set(text, detection);
      }
      // A copy: a caller that adjusts its result must not change what the next caller gets.
      return { ...detection };
    },
  };
}
