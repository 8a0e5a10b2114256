import type { Language } from '../language/language.js';

const LIST_MARKER = /^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+/;

/*
 * ICU's sentence rules stop after "e.g." or the "z." of "z. B.": a segment that ends in a known
 * abbreviation, or in a lone letter and a period, runs on into the next one.
 */
const ABBREVIATIONS: Record<Language, string[]> = {
  en: ['e.g', 'i.e', 'approx', 'vs', 'mr', 'mrs', 'ms', 'dr'],
  fr: ['ex', 'p. ex', 'env', 'n°', 'mme', 'mlle', 'cf'],
  de: [
    'z. b',
    'z.b',
    'd. h',
    'd.h',
    'bzw',
    'ca',
    'nr',
    'inkl',
    'ggf',
    'evtl',
    'u. a',
    'u.a',
    'str',
  ],
  es: ['p. ej', 'p.ej', 'núm', 'aprox', 'sr', 'sra'],
  it: ['es', 'sig', 'sig.ra', 'ca'],
};

/*
 * A "sentence" that starts with a closing quote or a lowercase letter is the rest of the previous
 * one: ICU cuts after the question mark of « Mot de passe oublié ? ».
 */
const CONTINUATION = /^\s*(?:[»”“’)\]]|\p{Ll})/u;

const segmenters = new Map<Language, Intl.Segmenter>();

function segmenterFor(language: Language): Intl.Segmenter {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'sentence' });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}

function endsWithAbbreviation(segment: string, language: Language): boolean {
  const trimmed = segment.trimEnd().toLowerCase();
  if (!trimmed.endsWith('.')) return false;
  const body = trimmed.slice(0, -1);
  if (/(?:^|[\s(])\p{L}$/u.test(body)) return true;
  return ABBREVIATIONS[language].some(
    (abbreviation) =>
      body === abbreviation ||
      body.endsWith(` ${abbreviation}`) ||
      body.endsWith(`(${abbreviation}`),
  );
}

/**
 * Sentences of a passage, in order: paragraphs and list items are split first (a list item is a
 * sentence even without a period), then each is cut with the language's sentence rules.
 */
export function splitSentences(text: string, language: Language): string[] {
  const blocks: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push(paragraph.join(' '));
    paragraph = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
    } else if (LIST_MARKER.test(line)) {
      flush();
      blocks.push(line.replace(LIST_MARKER, ''));
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();

  const sentences: string[] = [];
  for (const block of blocks) {
    const segments = [...segmenterFor(language).segment(block)].map(({ segment }) => segment);
    let pending = '';
    for (const [index, segment] of segments.entries()) {
      pending += segment;
      const next = segments[index + 1];
      if (
        next !== undefined &&
        (endsWithAbbreviation(pending, language) || CONTINUATION.test(next))
      )
        continue;
      if (pending.trim() !== '') sentences.push(pending.trim());
      pending = '';
    }
  }
  return sentences;
}
