import type { Language } from '../language/language.js';

/** Support topics of the knowledge base; two different ones in one message make it a complex request. */
export const TOPIC_IDS = [
  'shipping',
  'tracking',
  /** Cancelling or changing an order before it ships (not one of the kb article topics, but a common ask). */
  'order_change',
  'returns',
  'exchange',
  'payment',
  'account_access',
  'subscription',
  'invoice',
  'discount',
  'account_deletion',
  'contact',
] as const;

export type TopicId = (typeof TOPIC_IDS)[number];

/**
 * Patterns that fire a signal. `ignore` spans are blanked out before `match` runs, so that
 * idioms and look-alikes ("worst case", "my lawyer friend") never reach the matcher.
 */
export interface SignalTable {
  match: readonly RegExp[];
  ignore?: readonly RegExp[];
}

export interface BillingTable {
  /** Phrases that are a dispute on their own ("charged twice", "chargeback", "unauthorized payment"). */
  match: readonly RegExp[];
  ignore?: readonly RegExp[];
  /** Money taken from the customer ("charged", "debited", "payment", "statement")… */
  chargeTerms: readonly RegExp[];
  /** …and, a few words away, what makes it contested ("twice", "after I cancelled", "not authorized"). */
  disputeTerms: readonly RegExp[];
  /**
   * Words that the money was taken or given back ("debited", "statement", "refunded"). Two
   * different amounts in one message plus one of these is a discrepancy ("the cart said 34,95,
   * my statement says 43,95"), whatever words connect them.
   */
  amountContext: readonly RegExp[];
}

export interface SentimentTable extends SignalTable {
  /**
   * Sarcasm: praise ("great job", "bravo") next to an unresolved problem ("still nothing",
   * "three weeks"). Either alone is harmless; together they read as anger.
   */
  sarcasticPraise: readonly RegExp[];
  unresolvedProblem: readonly RegExp[];
  /** Thanks and praise that make "!!!" enthusiastic rather than angry. */
  gratitude: readonly RegExp[];
}

/**
 * Everything language-specific the router knows. The engine (route-turn.ts) is generic:
 * adding a language is adding one of these tables. Patterns run on text normalized by
 * `normalizeForMatching` (lowercase ASCII words separated by single spaces) after this
 * table's `rewrites`; build them with `pattern()`.
 */
export interface RoutingLexicon {
  language: Language;
  /** Spelling, contraction and chat-speak rewrites applied before matching ("dont" → "do not"). */
  rewrites: ReadonlyArray<readonly [RegExp, string]>;
  /**
   * Words worth correcting when misspelt by one edit ("sombody" → "somebody"). Only words of
   * six letters or more take part, and a token that is itself in this list is never changed.
   */
  vocabulary: readonly string[];
  humanRequested: SignalTable;
  legalThreat: SignalTable;
  billingDispute: BillingTable;
  negativeSentiment: SentimentTable;
  /** Order matters: a span matched by an earlier topic is consumed ("return shipping" is returns, not shipping). */
  topics: ReadonlyArray<{ topic: TopicId; match: readonly RegExp[] }>;
  /** Words that open a new request inside a sentence ("and also", "and how", "außerdem"). */
  clauseBreaks: readonly RegExp[];
  /**
   * The customer announces several requests ("two questions:", "a few things.", "2 cose:").
   * Unlike every other table these run on `foldText` output, punctuation kept: "a few things"
   * announces requests only when a colon, full stop or dash follows ("I ordered a few things" does not).
   */
  announcedRequests: readonly RegExp[];
  /** Narrative steps of a multi-step problem ("then", "after that", "danach"). */
  sequenceMarkers: readonly RegExp[];
  /** The customer signals a repeat ("again", "still", "I already asked"). */
  repeatMarkers: readonly RegExp[];
  /** Words that carry no topic, ignored when comparing two questions. */
  stopWords: readonly string[];
}

const FILLER_WORD = '[a-z0-9]+';

/**
 * Compiles a word-bounded pattern over normalized text. In `source`, ` ~ ` stands for up to
 * three arbitrary words and ` ~N ` for up to N, so that "talk ~ to ~ human" also matches
 * "talk right now to a real human".
 */
export function pattern(source: string): RegExp {
  const expanded = source.replace(
    / ~(\d*) /g,
    (_whole, count: string) => `(?: ${FILLER_WORD}){0,${count || '3'}} `,
  );
  return new RegExp(`(?<![a-z0-9])(?:${expanded})(?![a-z0-9])`, 'g');
}

/** `pattern` over each source: keeps lexicon files readable. */
export function patterns(...sources: string[]): RegExp[] {
  return sources.map(pattern);
}
