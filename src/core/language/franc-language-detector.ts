import { francAll } from 'franc';
import { countLetters, detectionConfidence, hasLetters } from './detection-confidence.js';
import type { Language } from './language.js';
import type { LanguageDetection, LanguageDetector } from './language-detector.js';

/** franc speaks ISO 639-3. */
const LANGUAGE_BY_FRANC_CODE: Readonly<Record<string, Language>> = {
  eng: 'en',
  fra: 'fr',
  deu: 'de',
  spa: 'es',
  ita: 'it',
};

const FRANC_CODES = Object.keys(LANGUAGE_BY_FRANC_CODE);

export interface FrancLanguageDetectorOptions {
  /**
   * franc's `minLength`: shorter texts are `und`. Default 1, because chat messages are short and the
   * resolver, not the engine, decides how far to trust a short guess (franc's own default of 10
   * turns 12 % of langid-dev into `und` and costs 5.5 points of accuracy).
   */
  minLength?: number;
}

/** franc's margins are narrow (0.15 is already a clear lead), hence a larger gain than eld's. */
const FRANC_MARGIN_GAIN = 5;

/** Language detection with franc (trigram distances), restricted to our five languages. */
export function createFrancLanguageDetector(
  options: FrancLanguageDetectorOptions = {},
): LanguageDetector {
  const minLength = options.minLength ?? 1;
  return {
    name: 'franc',
    detect(text: string): LanguageDetection {
      if (!hasLetters(text)) return { language: null, confidence: 0 };
      const ranking = francAll(text, { only: FRANC_CODES, minLength });
      const [best, runnerUp] = ranking;
      const language = best ? LANGUAGE_BY_FRANC_CODE[best[0]] : undefined;
      if (!best || !language) return { language: null, confidence: 0 };
      // franc scores are 1 for the winner and 0..1 for the others; all zero means every language tied (e.g. "ok").
      if (!(best[1] > 0)) return { language: null, confidence: 0 };
      return {
        language,
        confidence: detectionConfidence({
          top: best[1],
          runnerUp: runnerUp?.[1] ?? 0,
          letters: countLetters(text),
          marginGain: FRANC_MARGIN_GAIN,
        }),
      };
    },
  };
}
