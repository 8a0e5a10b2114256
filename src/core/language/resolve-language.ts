import { languageOfCourtesyPhrase } from './courtesy-phrase-language.js';
import type { Language } from './language.js';
import { FALLBACK_LANGUAGE } from './language.js';
import type { LanguageDetection, LanguageDetector } from './language-detector.js';

/**
 * The confidence above which a detection is trusted. On langid-dev, eld's detections at or above
 * 0.5 are right 99.2 % of the time (100 % above 20 characters, 97 % for single words and pairs);
 * see `npm run bench:langid`.
 */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.5;

/** Messages shorter than this never move a conversation to another language ("ok thanks", "merci"). */
export const DEFAULT_STICKY_MIN_LENGTH = 20;

export interface LanguageResolverOptions {
  detector: LanguageDetector;
  stickyMinLength?: number;
  confidenceThreshold?: number;
}

export interface LanguageResolutionInput {
  text: string;
  /** The widget's locale, already mapped to one of our languages. */
  localeHint?: Language;
  /** The language the conversation has been in so far; null or absent for its first message. */
  conversationLanguage?: Language | null;
}

export type LanguageSource = 'detected' | 'conversation' | 'hint' | 'fallback';

export interface LanguageResolution {
  /** The language to answer in. */
  language: Language;
  /** What the text alone says, whether or not it was followed. */
  detected: Language | null;
  confidence: number;
  /** Which rule decided. */
  source: LanguageSource;
}

export interface LanguageResolver {
  resolve(input: LanguageResolutionInput): LanguageResolution;
}

/**
 * Decides the language of a customer turn from the text, the widget locale and the conversation.
 *
 * - In a conversation, the language sticks: only a message of `stickyMinLength`+ characters that is
 *   confidently in another language moves it (a German customer writing "ok thanks" still gets
 *   German; one who writes a full English sentence gets English).
 * - For the first message: a confident detection wins, then the widget locale, then the unconfident
 *   detection, then English. A short first message is rarely confident, so the locale usually decides.
 */
export function createLanguageResolver({
  detector,
  stickyMinLength = DEFAULT_STICKY_MIN_LENGTH,
  confidenceThreshold = DEFAULT_CONFIDENCE_THRESHOLD,
}: LanguageResolverOptions): LanguageResolver {
  function detect(text: string): LanguageDetection {
    const phraseLanguage = languageOfCourtesyPhrase(text);
    if (phraseLanguage) return { language: phraseLanguage, confidence: 1 };
    return detector.detect(text);
  }

  return {
    resolve({
      text,
      localeHint,
      conversationLanguage,
    }: LanguageResolutionInput): LanguageResolution {
      const { language: detected, confidence } = detect(text);
      const confident = detected !== null && confidence >= confidenceThreshold;
      const decide = (language: Language, source: LanguageSource): LanguageResolution => ({
        language,
        detected,
        confidence,
        source,
      });

      if (conversationLanguage) {
        const longEnough = [...text.trim()].length >= stickyMinLength;
        if (longEnough && confident) return decide(detected, 'detected');
        return decide(conversationLanguage, 'conversation');
      }

      if (confident) return decide(detected, 'detected');
      if (localeHint) return decide(localeHint, 'hint');
      if (detected) return decide(detected, 'detected');
      return decide(FALLBACK_LANGUAGE, 'fallback');
    },
  };
}
