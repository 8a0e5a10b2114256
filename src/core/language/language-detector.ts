import type { Language } from './language.js';

export interface LanguageDetection {
  /** Best guess among the supported languages, or null when the text carries no signal (digits, emoji, empty). */
  language: Language | null;
  /** 0..1; how far the best guess stands above the runner-up, as the engine reports it. */
  confidence: number;
}

/** A language identification engine restricted to the supported languages. */
export interface LanguageDetector {
  readonly name: string;
  detect(text: string): LanguageDetection;
}
