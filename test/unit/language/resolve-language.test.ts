import { beforeAll, describe, expect, it } from 'vitest';
import { createEldLanguageDetector } from '../../../src/core/language/eld-language-detector.js';
import type { Language } from '../../../src/core/language/language.js';
import type {
  LanguageDetection,
  LanguageDetector,
} from '../../../src/core/language/language-detector.js';
import type { LanguageResolver } from '../../../src/core/language/resolve-language.js';
import { createLanguageResolver } from '../../../src/core/language/resolve-language.js';

/** A detector that answers from a table, so that each rule is tested apart from any engine's quirks. */
function tableDetector(table: Record<string, LanguageDetection>): LanguageDetector {
  return {
    name: 'table',
    detect: (text) => table[text] ?? { language: null, confidence: 0 },
  };
}

const LONG_ENGLISH = 'Sorry, I do not speak German, can you answer in English?';
const LONG_FRENCH_UNSURE = 'Bonjour, ich brauche Hilfe mit meiner commande';
const SHORT_ITALIAN = 'ho un problema';

const detector = tableDetector({
  [LONG_ENGLISH]: { language: 'en', confidence: 0.99 },
  [LONG_FRENCH_UNSURE]: { language: 'fr', confidence: 0.3 },
  [SHORT_ITALIAN]: { language: 'it', confidence: 0.9 },
  'ok thx!': { language: 'en', confidence: 0.2 },
  'exactly 20 chars ok!': { language: 'en', confidence: 0.95 },
  'just 19 chars, ok!!': { language: 'en', confidence: 0.95 },
});

describe('createLanguageResolver: conversation stickiness', () => {
  const resolver = createLanguageResolver({ detector, confidenceThreshold: 0.5 });

  it('switches a conversation when a long message is confidently in another language', () => {
    expect(
      resolver.resolve({ text: LONG_ENGLISH, conversationLanguage: 'de', localeHint: 'de' }),
    ).toEqual({
      language: 'en',
      detected: 'en',
      confidence: 0.99,
      source: 'detected',
    });
  });

  it('keeps the conversation language when a long message is not confidently another one', () => {
    expect(
      resolver.resolve({ text: LONG_FRENCH_UNSURE, conversationLanguage: 'de' }),
    ).toMatchObject({
      language: 'de',
      detected: 'fr',
      source: 'conversation',
    });
  });

  it('keeps the conversation language for a short message, however confident the detection', () => {
    expect(resolver.resolve({ text: SHORT_ITALIAN, conversationLanguage: 'es' })).toMatchObject({
      language: 'es',
      detected: 'it',
      confidence: 0.9,
      source: 'conversation',
    });
  });

  it('counts characters of the trimmed message against stickyMinLength (20 by default)', () => {
    expect(
      resolver.resolve({ text: 'exactly 20 chars ok!', conversationLanguage: 'fr' }).language,
    ).toBe('en');
    expect(
      resolver.resolve({ text: 'just 19 chars, ok!!', conversationLanguage: 'fr' }).language,
    ).toBe('fr');
    expect(
      resolver.resolve({ text: '   just 19 chars, ok!!   ', conversationLanguage: 'fr' }).language,
    ).toBe('fr');
  });

  it('honours a custom stickyMinLength', () => {
    const eager = createLanguageResolver({
      detector,
      stickyMinLength: 10,
      confidenceThreshold: 0.5,
    });
    expect(eager.resolve({ text: SHORT_ITALIAN, conversationLanguage: 'es' })).toMatchObject({
      language: 'it',
      source: 'detected',
    });
  });

  it('keeps the conversation language for text without letters, ignoring the locale hint', () => {
    expect(
      resolver.resolve({ text: '12345', conversationLanguage: 'it', localeHint: 'fr' }),
    ).toEqual({
      language: 'it',
      detected: null,
      confidence: 0,
      source: 'conversation',
    });
  });

  it('reports a confident long message in the conversation language as detected', () => {
    expect(resolver.resolve({ text: LONG_ENGLISH, conversationLanguage: 'en' })).toMatchObject({
      language: 'en',
      source: 'detected',
    });
  });
});

describe('createLanguageResolver: first message', () => {
  const resolver = createLanguageResolver({ detector, confidenceThreshold: 0.5 });

  it('uses a confident detection over the locale hint, even for a short message', () => {
    expect(resolver.resolve({ text: SHORT_ITALIAN, localeHint: 'fr' })).toMatchObject({
      language: 'it',
      source: 'detected',
    });
  });

  it('prefers the locale hint to an unconfident detection', () => {
    expect(
      resolver.resolve({ text: 'ok thx!', localeHint: 'de', conversationLanguage: null }),
    ).toEqual({
      language: 'de',
      detected: 'en',
      confidence: 0.2,
      source: 'hint',
    });
    expect(resolver.resolve({ text: LONG_FRENCH_UNSURE, localeHint: 'es' })).toMatchObject({
      language: 'es',
      source: 'hint',
    });
  });

  it('falls back to an unconfident detection when there is no hint', () => {
    expect(resolver.resolve({ text: 'ok thx!' })).toMatchObject({
      language: 'en',
      source: 'detected',
    });
    expect(resolver.resolve({ text: LONG_FRENCH_UNSURE })).toMatchObject({
      language: 'fr',
      source: 'detected',
    });
  });

  it('falls back to the hint, then to English, when nothing is detected', () => {
    expect(resolver.resolve({ text: '👍', localeHint: 'it' })).toMatchObject({
      language: 'it',
      source: 'hint',
    });
    expect(resolver.resolve({ text: '👍' })).toEqual({
      language: 'en',
      detected: null,
      confidence: 0,
      source: 'fallback',
    });
  });

  it('moves the bar with confidenceThreshold', () => {
    const lenient = createLanguageResolver({ detector, confidenceThreshold: 0.1 });
    expect(lenient.resolve({ text: 'ok thx!', localeHint: 'de' })).toMatchObject({
      language: 'en',
      source: 'detected',
    });
    const strict = createLanguageResolver({ detector, confidenceThreshold: 0.95 });
    expect(strict.resolve({ text: SHORT_ITALIAN, localeHint: 'fr' })).toMatchObject({
      language: 'fr',
      source: 'hint',
    });
  });

  it('recognises common courtesy phrases that engines get wrong, as a confident detection', () => {
    // The table detector knows none of these: the answer can only come from the phrase list.
    expect(resolver.resolve({ text: 'Merci !', localeHint: 'it' })).toEqual({
      language: 'fr',
      detected: 'fr',
      confidence: 1,
      source: 'detected',
    });
    expect(resolver.resolve({ text: 'Danke schön 🙂' })).toMatchObject({
      language: 'de',
      source: 'detected',
    });
  });

  it('still lets a conversation keep its language when the customer writes a courtesy phrase', () => {
    expect(resolver.resolve({ text: 'merci', conversationLanguage: 'de' })).toMatchObject({
      language: 'de',
      detected: 'fr',
      source: 'conversation',
    });
  });
});

describe('createLanguageResolver with eld: everyday chat openings', () => {
  let resolver: LanguageResolver;

  beforeAll(async () => {
    resolver = createLanguageResolver({ detector: await createEldLanguageDetector() });
  });

  const openings: ReadonlyArray<readonly [string, Language]> = [
    ['merci', 'fr'],
    ['Danke!', 'de'],
    ['hola', 'es'],
    ['grazie mille', 'it'],
    ['thanks!', 'en'],
  ];

  it.each(openings)(
    'answers a first message %j in %s without a hint, and despite a hint',
    (text, expected) => {
      expect(resolver.resolve({ text }).language).toBe(expected);
      const otherHint = expected === 'en' ? 'fr' : 'en';
      expect(resolver.resolve({ text, localeHint: otherHint }).language).toBe(expected);
    },
  );

  it('answers "ok" in the widget locale, or in English without one', () => {
    expect(resolver.resolve({ text: 'ok', localeHint: 'it' })).toMatchObject({
      language: 'it',
      source: 'hint',
    });
    expect(resolver.resolve({ text: 'ok' })).toMatchObject({ language: 'en', source: 'fallback' });
  });

  it('keeps a German conversation German when the customer writes "ok thanks"', () => {
    expect(
      resolver.resolve({ text: 'ok thanks', conversationLanguage: 'de', localeHint: 'de' }),
    ).toMatchObject({
      language: 'de',
      detected: 'en',
      source: 'conversation',
    });
  });

  it('switches a German conversation to English on a full English sentence', () => {
    expect(
      resolver.resolve({
        text: 'Sorry, my German is not good. Could you please answer in English?',
        conversationLanguage: 'de',
        localeHint: 'de',
      }),
    ).toMatchObject({ language: 'en', detected: 'en', source: 'detected' });
  });

  it('keeps a French conversation French on a full French question', () => {
    expect(
      resolver.resolve({
        text: 'Et combien de temps prend un remboursement ?',
        conversationLanguage: 'fr',
      }),
    ).toMatchObject({ language: 'fr', source: 'detected' });
  });

  it('uses the detection of a clear first sentence over the widget locale', () => {
    expect(
      resolver.resolve({
        text: 'Ich habe meine Rechnung nicht erhalten, können Sie mir helfen?',
        localeHint: 'en',
      }),
    ).toMatchObject({ language: 'de', source: 'detected' });
  });
});
