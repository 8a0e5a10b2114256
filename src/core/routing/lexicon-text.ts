import { normalizeForMatching } from '../language/normalize-text.js';
import type { RoutingLexicon, SignalTable } from './routing-lexicon.js';

export interface TextMatch {
  text: string;
  /** Word positions (0-based, inclusive) of the match inside the text it was found in. */
  firstWord: number;
  lastWord: number;
}

/**
 * Stands in for a blanked-out span. Not a letter or digit, so patterns neither match it nor
 * bridge over it with their filler words: "worst case | terrible" cannot become one phrase.
 */
const BARRIER = ' _ ';

/** The normalized text a lexicon's patterns run on: flattened, rewritten, optionally spell-corrected. */
export function prepareLexiconText(
  lexicon: RoutingLexicon,
  text: string,
  options: { correctTypos: boolean },
): string {
  let prepared = normalizeForMatching(text);
  prepared = applyRewrites(lexicon, prepared);
  if (options.correctTypos) prepared = correctTypos(prepared, vocabularyOf(lexicon));
  return prepared;
}

export function applyRewrites(lexicon: RoutingLexicon, normalizedText: string): string {
  let rewritten = normalizedText;
  for (const [from, to] of lexicon.rewrites) rewritten = rewritten.replace(from, to);
  return rewritten.replace(/ +/g, ' ').trim();
}

/*
 * Most tables match nothing in most messages, and running each of their dozens of patterns is
 * the bulk of routing's cost. One alternation of all of a table's patterns answers "does any of
 * them match anywhere?" in a single pass (each alternative is tried at every position, lookarounds
 * included), so it is an exact filter; the per-pattern pass runs only when it says yes.
 */
const anyPatternOf = new WeakMap<readonly RegExp[], RegExp | null>();

function anyPattern(regexes: readonly RegExp[]): RegExp | null {
  let combined = anyPatternOf.get(regexes);
  if (combined === undefined) {
    const flags = new Set(regexes.map((regex) => regex.flags.replace(/[gy]/g, '')));
    // Patterns with different flags (case, unicode) cannot share one regex: no filter for that table.
    combined =
      regexes.length > 1 && flags.size === 1
        ? new RegExp(alternation(regexes), [...flags][0])
        : null;
    anyPatternOf.set(regexes, combined);
  }
  return combined;
}

const WORD_START = '(?<![a-z0-9])(?:';
const WORD_END = ')(?![a-z0-9])';

/** `pattern()` wraps every source in the same word bounds: said once, the engine skips mid-word positions at once. */
function alternation(regexes: readonly RegExp[]): string {
  const bounded = regexes.every(
    ({ source }) => source.startsWith(WORD_START) && source.endsWith(WORD_END),
  );
  if (!bounded) return regexes.map(({ source }) => `(?:${source})`).join('|');
  return `${WORD_START}${regexes.map(({ source }) => `(?:${source.slice(WORD_START.length, -WORD_END.length)})`).join('|')}${WORD_END}`;
}

function mayMatch(text: string, regexes: readonly RegExp[]): boolean {
  const combined = anyPattern(regexes);
  return combined === null || combined.test(text);
}

export function findMatches(text: string, regexes: readonly RegExp[]): TextMatch[] {
  if (regexes.length === 0 || !mayMatch(text, regexes)) return [];
  const found: TextMatch[] = [];
  for (const regex of regexes) {
    for (const match of text.matchAll(regex)) {
      if (match[0] === '') continue;
      const firstWord = wordIndexAt(text, match.index);
      found.push({
        text: match[0].trim(),
        firstWord,
        lastWord: firstWord + match[0].trim().split(' ').length - 1,
      });
    }
  }
  return found;
}

/** Replaces every span matched by `regexes` with a barrier, so that later patterns skip it. */
export function blankOut(text: string, regexes: readonly RegExp[] | undefined): string {
  if (!regexes || regexes.length === 0) return text;
  let blanked = text;
  if (mayMatch(text, regexes))
    for (const regex of regexes) blanked = blanked.replace(regex, BARRIER);
  return blanked.replace(/ +/g, ' ').trim();
}

/** The first match of a signal table on `text` (its `ignore` spans removed first), if any. */
export function matchSignal(text: string, table: SignalTable): TextMatch | undefined {
  return findMatches(blankOut(text, table.ignore), table.match)[0];
}

function wordIndexAt(text: string, position: number): number {
  let words = 0;
  for (let index = 0; index < position; index += 1) if (text[index] === ' ') words += 1;
  // A match that starts on the space after a word starts at the next word.
  return text[position] === ' ' ? words + 1 : words;
}

const vocabularyCache = new WeakMap<RoutingLexicon, { exact: Set<string>; candidates: string[] }>();

function vocabularyOf(lexicon: RoutingLexicon): { exact: Set<string>; candidates: string[] } {
  let vocabulary = vocabularyCache.get(lexicon);
  if (!vocabulary) {
    const words = lexicon.vocabulary.map((word) => normalizeForMatching(word));
    vocabulary = { exact: new Set(words), candidates: words.filter((word) => word.length >= 6) };
    vocabularyCache.set(lexicon, vocabulary);
  }
  return vocabulary;
}

/**
 * Fixes one-keystroke typos of important words ("sombody", "abogdo"). Words under five
 * letters are left alone: one edit turns too many short real words into others.
 */
function correctTypos(
  text: string,
  vocabulary: { exact: Set<string>; candidates: string[] },
): string {
  return text
    .split(' ')
    .map((token) => {
      if (token.length < 5 || vocabulary.exact.has(token)) return token;
      // A trailing letter more or less is an inflection ("payments", "charge"), not a typo.
      const isTypo = (word: string) =>
        !token.startsWith(word) && !word.startsWith(token) && withinOneEdit(token, word);
      return vocabulary.candidates.find(isTypo) ?? token;
    })
    .join(' ');
}

/** Damerau distance of at most 1 (one insertion, deletion, substitution or adjacent swap). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const lengthGap = a.length - b.length;
  if (Math.abs(lengthGap) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  if (lengthGap === 0) {
    if (a.slice(start + 1) === b.slice(start + 1)) return true;
    return (
      a[start] === b[start + 1] &&
      a[start + 1] === b[start] &&
      a.slice(start + 2) === b.slice(start + 2)
    );
  }
  return lengthGap > 0
    ? a.slice(start + 1) === b.slice(start)
    : a.slice(start) === b.slice(start + 1);
}
