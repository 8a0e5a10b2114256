import { blankOut, findMatches, matchSignal } from './lexicon-text.js';
import type { SentimentTable } from './routing-lexicon.js';

export interface ShoutingThresholds {
  /** Fewer letters than this is an acronym or a word, not shouting. */
  minLetters: number;
  minUppercaseRatio: number;
}

/** What the raw text (case, punctuation) says, independent of language. */
export interface TypographicSignals {
  shouting: boolean;
  /** A run like "!!!" or "?!!": at least three marks, two of them "!". */
  exclamationBurst: boolean;
}

export function typographicSignals(
  text: string,
  thresholds: ShoutingThresholds,
): TypographicSignals {
  const letters = text.match(/\p{L}/gu) ?? [];
  const uppercase = letters.filter((letter) => letter !== letter.toLowerCase()).length;
  const wordsInCaps = text.match(/(?<!\p{L})\p{Lu}{2,}(?!\p{L})/gu)?.length ?? 0;
  const shouting =
    letters.length >= thresholds.minLetters &&
    uppercase / letters.length >= thresholds.minUppercaseRatio &&
    wordsInCaps >= 3;
  const exclamationBurst = (text.match(/[!?¡]{3,}/g) ?? []).some(
    (run) => (run.match(/[!¡]/g)?.length ?? 0) >= 2,
  );
  return { shouting, exclamationBurst };
}

/**
 * Anger or strong frustration. Word evidence from the lexicon comes first; sarcasm is praise
 * next to an unresolved problem; "!!!" and ALL CAPS count unless the message is thanks.
 * Returns the evidence, or undefined.
 */
export function detectNegativeSentiment(
  preparedText: string,
  table: SentimentTable,
  typography: TypographicSignals,
): string | undefined {
  const worded = matchSignal(preparedText, table);
  if (worded) return worded.text;

  const withoutIdioms = blankOut(preparedText, table.ignore);
  const praise = findMatches(withoutIdioms, table.sarcasticPraise)[0];
  const problem = findMatches(withoutIdioms, table.unresolvedProblem)[0];
  if (praise && problem) return `${praise.text} … ${problem.text}`;

  if (!typography.shouting && !typography.exclamationBurst) return undefined;
  if (findMatches(withoutIdioms, table.gratitude).length > 0) return undefined;
  return typography.shouting ? 'ALL CAPS' : '!!!';
}
