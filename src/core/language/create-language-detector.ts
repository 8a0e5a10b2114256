import type { LanguageDetector } from './language-detector.js';

export const LANGUAGE_DETECTOR_ENGINES = ['eld', 'franc'] as const;

export type LanguageDetectorEngine = (typeof LANGUAGE_DETECTOR_ENGINES)[number];

export const DEFAULT_LANGUAGE_DETECTOR_ENGINE: LanguageDetectorEngine = 'eld';

export function isLanguageDetectorEngine(value: unknown): value is LanguageDetectorEngine {
  return (
    typeof value === 'string' && (LANGUAGE_DETECTOR_ENGINES as readonly string[]).includes(value)
  );
}

/**
 * Picks the language identification engine. Async because eld loads its database on demand, and
 * each engine's module is imported only when chosen (a process never pays for the other one).
 * eld (large database, restricted to our five languages) is the default: it is the one that meets
 * the accuracy bar on langid-dev, and with the five-language database it is also the smaller in
 * memory (see `npm run bench:langid`).
 */
export async function createLanguageDetector(
  engine: LanguageDetectorEngine = DEFAULT_LANGUAGE_DETECTOR_ENGINE,
): Promise<LanguageDetector> {
  switch (engine) {
    case 'eld': {
      const { createEldLanguageDetector } = await import('./eld-language-detector.js');
      return createEldLanguageDetector();
    }
    case 'franc': {
      const { createFrancLanguageDetector } = await import('./franc-language-detector.js');
      return createFrancLanguageDetector();
    }
  }
}
