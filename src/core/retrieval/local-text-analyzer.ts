import type { Language } from '../language/language.js';
import { foldAccents } from '../language/normalize-text.js';
import { stemmerOf } from '../language/stemmers.js';
import { isStopWord } from '../language/stop-words.js';

const WORD = /[\p{L}\p{N}]+/gu;
// "e-mail", "E-Mail", "t-shirt": a one-letter prefix joined by a hyphen is part of the word.
const ONE_LETTER_PREFIX = /(^|[^\p{L}\p{N}])(\p{L})-(?=\p{L})/gu;

/*
 * German glues words together: "Passwort zurücksetzen" is asked as "Wie setze ich mein Passwort
 * zurück?", "Standardversand" as "Versand". Separable particles are split off always; noun compounds
 * are split where both parts are words the knowledge base uses on their own.
 */
const GERMAN_SEPARABLE_PARTICLES = [
  'zurück',
  'wieder',
  'weiter',
  'zusammen',
  'heraus',
  'herunter',
  'hinzu',
  'hinein',
];
const GERMAN_LINKING_ELEMENTS = ['', 's', 'n', 'en', 'es'];
const MINIMUM_COMPOUND_PART = 4;
const MAX_CACHED_STEMS = 100_000;

export interface TextAnalyzer {
  readonly language: Language;
  /**
   * Index terms of a text: lowercase words (apostrophes split elisions such as "l'abonnement"),
   * minus stop words, Snowball-stemmed, then accent-folded so that "reinitialiser" typed without
   * accents still meets "réinitialiser". Repeated terms are kept: term frequency matters to BM25.
   */
  analyze(text: string): string[];
  /**
   * The same terms grouped by the word they come from: a German compound's parts stay together
   * ("Wochenende" → ["woch", "end"]), so that one word matching on two parts counts as one word.
   */
  analyzeWords(text: string): string[][];
}

export interface TextAnalyzerOptions {
  /**
   * The knowledge base's own text. Its words may be parts of German compounds (without it,
   * compounds stay whole, apart from separable particles), and its accented words typed without
   * accents get their stems: Snowball strips "-ción" from "devolución" but not from "devolucion".
   */
  vocabularyText?: string;
}

export function createTextAnalyzer(
  language: Language,
  options: TextAnalyzerOptions = {},
): TextAnalyzer {
  const stem = stemmerOf(language);
  // German compound splitting stems every candidate part of a word; the stems of the words seen
  // are kept per analyzer (bounded: cleared when it grows past what a help center's vocabulary needs).
  const stemCache = new Map<string, string>();
  // "devolucion" → the stem of "devolución": the accented word as the knowledge base spells it.
  const stemOfAccentless = new Map<string, string>();
  for (const word of options.vocabularyText ? words(options.vocabularyText) : []) {
    const folded = foldAccents(word);
    if (folded !== word && !stemOfAccentless.has(folded))
      stemOfAccentless.set(folded, foldAccents(stem(word)));
  }
  const cachedStem = (word: string): string => {
    let stemmed = stemCache.get(word);
    if (stemmed === undefined) {
      if (stemCache.size >= MAX_CACHED_STEMS) stemCache.clear();
      stemmed =
        stemOfAccentless.get(word) ??
        (language === 'es' ? stemSpanishVosotros(word, stem) : undefined) ??
        foldAccents(stem(word));
      stemCache.set(word, stemmed);
    }
    return stemmed;
  };

  const knownStems = new Set<string>();
  if (language === 'de' && options.vocabularyText) {
    for (const word of words(options.vocabularyText)) {
      if (word.length >= MINIMUM_COMPOUND_PART && !isStopWord(word, language))
        knownStems.add(cachedStem(word));
    }
  }

  const splitCompound = (word: string): string[] => {
    for (const particle of GERMAN_SEPARABLE_PARTICLES) {
      if (word.startsWith(particle) && word.length - particle.length >= MINIMUM_COMPOUND_PART) {
        let rest = word.slice(particle.length);
        // "zurückzuschicken": the infinitive "zu" sits between the particle and the verb.
        if (
          rest.startsWith('zu') &&
          rest.length - 2 >= MINIMUM_COMPOUND_PART &&
          knownStems.has(cachedStem(rest.slice(2)))
        ) {
          rest = rest.slice(2);
        }
        return [particle, ...splitCompound(rest)];
      }
    }
    if (knownStems.size === 0 || word.length < 2 * MINIMUM_COMPOUND_PART) return [word];
    // Longest known tail first: "rücksendeetikett" → "rücksende" + "etikett", then the head again.
    for (let cut = MINIMUM_COMPOUND_PART; cut <= word.length - MINIMUM_COMPOUND_PART; cut += 1) {
      const tail = word.slice(cut);
      if (!knownStems.has(cachedStem(tail))) continue;
      const head = word.slice(0, cut);
      for (const linking of GERMAN_LINKING_ELEMENTS) {
        if (!head.endsWith(linking)) continue;
        const bareHead = head.slice(0, head.length - linking.length);
        if (bareHead.length >= MINIMUM_COMPOUND_PART && knownStems.has(cachedStem(bareHead))) {
          return [...splitCompound(bareHead), tail];
        }
      }
    }
    return [word];
  };

  const analyzeWords = (text: string): string[][] => {
    const termsByWord: string[][] = [];
    for (const word of words(text)) {
      if (isStopWord(word, language)) continue;
      const parts = language === 'de' ? splitCompound(word) : [word];
      const terms: string[] = [];
      for (const part of parts) {
        if (parts.length > 1 && isStopWord(part, language)) continue;
        const term = cachedStem(part);
        if (term !== '') terms.push(term);
      }
      if (terms.length > 0) termsByWord.push(terms);
    }
    return termsByWord;
  };

  return {
    language,
    analyze: (text) => analyzeWords(text).flat(),
    analyzeWords,
  };
}

const defaultAnalyzers = new Map<Language, TextAnalyzer>();

/** Analysis with no knowledge-base vocabulary: good enough to compare a question with a passage. */
export function analyzeText(text: string, language: Language): string[] {
  let analyzer = defaultAnalyzers.get(language);
  if (!analyzer) {
    analyzer = createTextAnalyzer(language);
    defaultAnalyzers.set(language, analyzer);
  }
  return analyzer.analyze(text);
}

/**
 * Drops one language's stop words and keeps the other words as typed: used to search another
 * language's passages with a question ("Comment utiliser PayPal ?") whose scaffolding would
 * otherwise pass for content words there.
 */
export function removeStopWords(text: string, language: Language): string {
  return words(text)
    .filter((word) => !isStopWord(word, language))
    .join(' ');
}

/**
 * "¿aceptais paypal?", "enviais a irlanda?": Spanish chat drops the accent of the vosotros verb
 * ending, and Snowball strips "-áis"/"-éis" only with it, so the verb met nothing. The accented
 * form's stem, for words long enough not to be nouns ("país" typed "pais" is left alone).
 */
function stemSpanishVosotros(word: string, stem: (word: string) => string): string | undefined {
  const match = /^(\p{L}{3,})([ae])is$/u.exec(word);
  if (!match) return undefined;
  return foldAccents(stem(`${match[1]}${match[2] === 'a' ? 'á' : 'é'}is`));
}

/** Letters then digits, as discount codes are written ("WELCOME10", "SOMMER15"). */
const CODE = /^(\p{L}{3,})(\p{N}+)$/u;

/**
 * Lowercase words of at least two letters (or any number), with hyphenated one-letter prefixes
 * joined; a code's word and number are two words, so that "WELCOME10" meets "welcome".
 */
function words(text: string): string[] {
  const normalized = text.normalize('NFC').toLowerCase().replace(ONE_LETTER_PREFIX, '$1$2');
  const result: string[] = [];
  for (const match of normalized.matchAll(WORD)) {
    const word = match[0];
    const code = CODE.exec(word);
    if (code) result.push(code[1] as string, code[2] as string);
    else if (word.length >= 2 || /\d/.test(word)) result.push(word);
  }
  return result;
}
