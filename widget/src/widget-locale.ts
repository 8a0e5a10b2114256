import de from '../../locales/widget/de.json' with { type: 'json' };
import en from '../../locales/widget/en.json' with { type: 'json' };
import es from '../../locales/widget/es.json' with { type: 'json' };
import fr from '../../locales/widget/fr.json' with { type: 'json' };
import it from '../../locales/widget/it.json' with { type: 'json' };

export type WidgetStrings = typeof en;
export type WidgetLanguage = 'en' | 'fr' | 'de' | 'es' | 'it';

const STRINGS: Record<WidgetLanguage, WidgetStrings> = { en, fr, de, es, it };

/** The same shape the server accepts as a conversation locale hint. */
const LOCALE_SHAPE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/;

export interface WidgetLocale {
  /** What the page or the host asked for, e.g. "de-CH"; sent to the server as the hint. */
  locale: string;
  language: WidgetLanguage;
  strings: WidgetStrings;
}

export function languageOf(locale: string | null | undefined): WidgetLanguage | undefined {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return primary in STRINGS ? (primary as WidgetLanguage) : undefined;
}

/** First supported of: the explicit locale (data attribute or API), the page's lang, the browser's languages. */
export function resolveLocale(explicit: string | undefined): WidgetLocale {
  const candidates = [
    explicit,
    document.documentElement.lang,
    ...(navigator.languages ?? []),
    navigator.language,
  ];
  for (const candidate of candidates) {
    const language = languageOf(candidate);
    if (language && candidate) {
      const locale = LOCALE_SHAPE.test(candidate.trim()) ? candidate.trim() : language;
      return { locale, language, strings: STRINGS[language] };
    }
  }
  return { locale: 'en', language: 'en', strings: en };
}

export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
