import { createEldLanguageDetector } from './eld-language-detector.js';
import { createFrancLanguageDetector } from './franc-language-detector.js';
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
 * Picks the language identification engine. Async because eld loads its database on demand;
 * eld (large database) is the default: it is the one that meets the accuracy bar on langid-dev.
 */
export async function createLanguageDetector(
  engine: LanguageDetectorEngine = DEFAULT_LANGUAGE_DETECTOR_ENGINE,
): Promise<LanguageDetector> {
  switch (engine) {
    case 'eld':
      return createEldLanguageDetector();
    case 'franc':
      return createFrancLanguageDetector();
  }
}
