/** The five languages Parley serves. Order matters nowhere; `en` is the last-resort fallback. */
export const SUPPORTED_LANGUAGES = ['en', 'fr', 'de', 'es', 'it'] as const;

export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const FALLBACK_LANGUAGE: Language = 'en';

/** Each language's English name (staff tools, prompts) and its own name (customers, prompt hints). */
export const LANGUAGE_NAMES: Readonly<Record<Language, { english: string; native: string }>> = {
  en: { english: 'English', native: 'English' },
  fr: { english: 'French', native: 'français' },
  de: { english: 'German', native: 'Deutsch' },
  es: { english: 'Spanish', native: 'español' },
  it: { english: 'Italian', native: 'italiano' },
};

/** "French", or "French (français)" where a model should see both. */
export function languageName(language: Language, options: { withNative?: boolean } = {}): string {
  const { english, native } = LANGUAGE_NAMES[language];
  return options.withNative && native !== english ? `${english} (${native})` : english;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/**
 * Turns a browser or widget locale ("fr-CH", "de_AT", "IT") into one of our languages,
 * or undefined when it names a language we do not serve.
 */
export function languageFromLocale(locale: string | undefined | null): Language | undefined {
  if (!locale) return undefined;
  const primary = locale.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(primary) ? primary : undefined;
}
