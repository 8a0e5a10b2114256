/**
 * Text normalization for every language: the routing lexicons' form (patterns written once, in
 * plain lowercase ASCII, still match "L’Avocat", "l'avocat", "VERÄRGERT" or "Straße"), the
 * answer cache's question key, and accent folding for the retriever's words.
 */

const APOSTROPHES = /[\u2018\u2019\u201b\u02bc\u00b4`\u2032]/g;
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
};

// Links and addresses carry no intent, and their dots would split sentences ("…/returns").
const LINKS_AND_ADDRESSES = /\b(?:https?:\/\/|www\.)\S+|\S+@\S+\.\w+/gi;

/** Lowercase, accents stripped, typographic apostrophes made straight, links removed; punctuation kept. */
export function foldText(text: string): string {
  return text
    .replace(LINKS_AND_ADDRESSES, ' ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(APOSTROPHES, "'")
    .replace(/[ßæœøłđ]/g, (letter) => SPECIAL_LETTERS[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

/** Words only: every run of non-letters/digits becomes one space ("l'avocat !" → "l avocat"). */
export function flattenWords(foldedText: string): string {
  return foldedText
    .replace(/(\d)[.,'](?=\d)/g, '$1')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** `foldText` then `flattenWords`: the form lexicon patterns are written against. */
export function normalizeForMatching(text: string): string {
  return flattenWords(foldText(text));
}

export function countWords(normalizedText: string): number {
  return normalizedText === '' ? 0 : normalizedText.split(' ').length;
}

/**
 * Sentences of the text (split on . ? ! ; and line breaks, not inside numbers like 59.99),
 * each flattened. Commas do not split: "if you return it, you are refunded" is one request.
 */
export function splitSentences(text: string): string[] {
  return foldText(text)
    .replace(/(\d)[.,](?=\d)/g, '$1')
    .split(/[.?!;\n\u00bf\u00a1…]+/)
    .map(flattenWords)
    .filter((sentence) => sentence !== '');
}

/** Accents removed ("réinitialiser" → "reinitialiser"): customers often type without them. */
export function foldAccents(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** A question as a cache key: accents, case and punctuation do not make another question. */
export function normalizeQuestion(question: string): string {
  return question
    .normalize('NFKD')
    .replace(/\p{Mark}/gu, '')
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}]+/gu, ' ')
    .trim();
}
