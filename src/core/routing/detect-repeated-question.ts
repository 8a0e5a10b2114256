import { stemmer as stemDe } from '@orama/stemmers/german';
import { stemmer as stemEn } from '@orama/stemmers/english';
import { stemmer as stemEs } from '@orama/stemmers/spanish';
import { stemmer as stemFr } from '@orama/stemmers/french';
import { stemmer as stemIt } from '@orama/stemmers/italian';
import { LRUCache } from 'lru-cache';
import type { Language } from '../language/language.js';
import { findMatches, prepareLexiconText } from './lexicon-text.js';
import type { RoutingLexicon } from './routing-lexicon.js';

const STEMMERS: Record<Language, (word: string) => string> = { en: stemEn, fr: stemFr, de: stemDe, es: stemEs, it: stemIt };

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

/** Stemmed words that carry the question: stop words, repeat fillers and 1-letter tokens removed. */
export function contentTokens(lexicon: RoutingLexicon, text: string): Set<string> {
  let stopWords = stopWordCache.get(lexicon);
  if (!stopWords) {
    stopWords = new Set(lexicon.stopWords);
    stopWordCache.set(lexicon, stopWords);
  }
  const stem = STEMMERS[lexicon.language];
  const tokens = new Set<string>();
  for (const token of prepareLexiconText(lexicon, text, { correctTypos: true }).split(' ')) {
    if (token.length < 2 || stopWords.has(token)) continue;
    tokens.add(stem(token));
  }
  return tokens;
}

/*
 * Every turn compares the new message with the same earlier messages of the conversation again,
 * and customers ask the same questions: the content tokens of recent texts are kept per lexicon.
 * Internal only: the sets are shared, and only read here.
 */
const contentTokenCache = new WeakMap<RoutingLexicon, LRUCache<string, ReadonlySet<string>>>();

function rememberedContentTokens(lexicon: RoutingLexicon, text: string): ReadonlySet<string> {
  let cache = contentTokenCache.get(lexicon);
  if (!cache) {
    cache = new LRUCache<string, ReadonlySet<string>>({ max: 10_000, maxSize: 2_000_000, sizeCalculation: (_tokens, key) => Math.max(1, key.length) });
    contentTokenCache.set(lexicon, cache);
  }
  let tokens = cache.get(text);
  if (!tokens) {
    tokens = contentTokens(lexicon, text);
    cache.set(text, tokens);
  }
  return tokens;
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
  history: { previousUserMessages: readonly string[]; previousAssistantAnswer?: string | undefined },
  thresholds: RepeatThresholds,
): RepeatFinding {
  const current = rememberedContentTokens(lexicon, text);
  if (current.size === 0) return { repeated: false, score: 0 };
  const marker = findMatches(prepareLexiconText(lexicon, text, { correctTypos: true }), lexicon.repeatMarkers)[0]?.text;
  let best: RepeatFinding = { repeated: false, score: 0 };

  for (const previous of history.previousUserMessages.slice(-thresholds.lookback)) {
    const earlier = rememberedContentTokens(lexicon, previous);
    if (earlier.size === 0) continue;
    const shared = sharedCount(current, earlier);
    if (shared < Math.min(thresholds.minSharedTokens, earlier.size)) continue;
    const jaccard = shared / (current.size + earlier.size - shared);
    const containment = shared / earlier.size;
    const score = marker ? Math.max(jaccard, containment) : jaccard;
    const repeated = jaccard >= thresholds.similarity || (marker !== undefined && containment >= thresholds.containment);
    if (repeated || score > best.score) {
      best = { repeated, score, against: 'previous_user_message', ...(marker ? { marker } : {}) };
      if (repeated) return best;
    }
  }

  if (marker && history.previousAssistantAnswer && current.size >= thresholds.minSharedTokens) {
    const answer = rememberedContentTokens(lexicon, history.previousAssistantAnswer);
    const containment = sharedCount(current, answer) / current.size;
    if (containment >= thresholds.containment) {
      return { repeated: true, score: containment, against: 'previous_assistant_answer', marker };
    }
  }
  return best;
}
