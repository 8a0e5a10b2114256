import { stemmerOf } from '../language/stemmers.js';
import { findMatches, prepareLexiconText } from './lexicon-text.js';
import type { RoutingLexicon } from './routing-lexicon.js';

export interface RepeatThresholds {
  /** Jaccard similarity of content stems with an earlier customer message that counts as the same question. */
  similarity: number;
  /** With a repeat marker ("again", "still"), the share of an earlier question found in this one. */
  containment: number;
  /** Shared stems needed (capped at the size of the earlier question). */
  minSharedTokens: number;
  /** How many earlier customer messages to look back at. */
  lookback: number;
}

export interface RepeatFinding {
  repeated: boolean;
  /** Best similarity found and against what. */
  score: number;
  against?: 'previous_user_message' | 'previous_assistant_answer';
  marker?: string;
}

const stopWordCache = new WeakMap<RoutingLexicon, Set<string>>();

/** Stemmed words that carry the question (of a prepared text): stop words, repeat fillers and 1-letter tokens removed. */
function contentTokens(lexicon: RoutingLexicon, prepared: string): Set<string> {
  let stopWords = stopWordCache.get(lexicon);
  if (!stopWords) {
    stopWords = new Set(lexicon.stopWords);
    stopWordCache.set(lexicon, stopWords);
  }
  const stem = stemmerOf(lexicon.language);
  const tokens = new Set<string>();
  for (const token of prepared.split(' ')) {
    if (token.length < 2 || stopWords.has(token)) continue;
    tokens.add(stem(token));
  }
  return tokens;
}

interface AnalyzedText {
  tokens: ReadonlySet<string>;
  /** The first repeat marker ("again", "toujours"…) the text holds, if any. */
  marker: string | undefined;
}

function analyzed(lexicon: RoutingLexicon, text: string): AnalyzedText {
  const prepared = prepareLexiconText(lexicon, text, { correctTypos: true });
  return {
    tokens: contentTokens(lexicon, prepared),
    marker: findMatches(prepared, lexicon.repeatMarkers)[0]?.text,
  };
}

function sharedCount(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const token of a) if (b.has(token)) shared += 1;
  return shared;
}

/**
 * The customer asks again what they already asked (normalized token overlap with an earlier
 * message), or — saying so with "again", "still", "toujours"… — what the bot just answered.
 * Without a marker, only a near-identical question counts: follow-ups on the same topic
 * ("I reset my password, now I can't log in") share words but are new questions.
 */
export function detectRepeatedQuestion(
  lexicon: RoutingLexicon,
  text: string,
  history: {
    previousUserMessages: readonly string[];
    previousAssistantAnswer?: string | undefined;
  },
  thresholds: RepeatThresholds,
): RepeatFinding {
  const { tokens: current, marker } = analyzed(lexicon, text);
  if (current.size === 0) return { repeated: false, score: 0 };
  let best: RepeatFinding = { repeated: false, score: 0 };

  for (const previous of history.previousUserMessages.slice(-thresholds.lookback)) {
    const earlier = analyzed(lexicon, previous).tokens;
    if (earlier.size === 0) continue;
    const shared = sharedCount(current, earlier);
    if (shared < Math.min(thresholds.minSharedTokens, earlier.size)) continue;
    const jaccard = shared / (current.size + earlier.size - shared);
    const containment = shared / earlier.size;
    const score = marker ? Math.max(jaccard, containment) : jaccard;
    const repeated =
      jaccard >= thresholds.similarity ||
      (marker !== undefined && containment >= thresholds.containment);
    if (repeated || score > best.score) {
      best = { repeated, score, against: 'previous_user_message', ...(marker ? { marker } : {}) };
      if (repeated) return best;
    }
  }

  if (marker && history.previousAssistantAnswer && current.size >= thresholds.minSharedTokens) {
    const answer = analyzed(lexicon, history.previousAssistantAnswer).tokens;
    const containment = sharedCount(current, answer) / current.size;
    if (containment >= thresholds.containment) {
      return { repeated: true, score: containment, against: 'previous_assistant_answer', marker };
    }
  }
  return best;
}
