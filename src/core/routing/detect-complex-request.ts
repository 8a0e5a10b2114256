import {
  countWords,
  foldText,
  normalizeForMatching,
  splitSentences,
} from '../language/normalize-text.js';
import { applyRewrites, blankOut, findMatches } from './lexicon-text.js';
import type { RoutingLexicon, TopicId } from './routing-lexicon.js';

export interface ComplexityThresholds {
  /** A message this long with this many narrative steps is a multi-step problem… */
  multiStepMinWords: number;
  multiStepMinMarkers: number;
  /** …and one this long is complex whatever it says. */
  longMessageWords: number;
}

export interface ComplexityFinding {
  complex: boolean;
  /** Topics per clause, in order; the evidence behind a topic-based decision. */
  clauseTopics: TopicId[][];
  topics: TopicId[];
  words: number;
  stepMarkers: number;
  why?: 'topics' | 'questions' | 'announced' | 'multi_step' | 'long';
  /** Questions of three words or more, each ended by its own question mark. */
  questions?: number;
}

export interface ComplexityOptions {
  /**
   * Topics that count as one: when the message disputes a charge, the refund it asks for, the
   * card or the subscription that was charged are that one dispute, not further requests.
   */
  mergedTopics?: ReadonlySet<TopicId>;
}

/** Topics named in one clause. Earlier topic entries consume their span ("return shipping" is returns only). */
export function detectTopics(lexicon: RoutingLexicon, clause: string): Set<TopicId> {
  const topics = new Set<TopicId>();
  let remaining = clause;
  for (const entry of lexicon.topics) {
    if (findMatches(remaining, entry.match).length > 0) {
      topics.add(entry.topic);
      remaining = blankOut(remaining, entry.match);
    }
  }
  return topics;
}

/** Splits a normalized sentence before each clause break ("…and how do I…", "außerdem…"). */
function splitClauses(lexicon: RoutingLexicon, sentence: string): string[] {
  const cuts = new Set<number>();
  for (const regex of lexicon.clauseBreaks) {
    for (const match of sentence.matchAll(regex)) if (match.index > 0) cuts.add(match.index);
  }
  const positions = [...cuts].sort((a, b) => a - b);
  const clauses: string[] = [];
  let start = 0;
  for (const position of positions) {
    clauses.push(sentence.slice(start, position).trim());
    start = position;
  }
  clauses.push(sentence.slice(start).trim());
  return clauses.filter((clause) => clause !== '');
}

const LIST_ITEM = /(?:^|\n)\s*(?:\d{1,2}[.)]|[-*\u2022])\s+/g;

/** Three questions in a row are three requests even when no topic word names them. */
const MIN_SEPARATE_QUESTIONS = 3;
const MIN_QUESTION_WORDS = 3;

/** Questions that end with their own "?" ("do you ship to Malta? do you take Klarna? …"). */
export function countSeparateQuestions(text: string): number {
  return text
    .split('?')
    .slice(0, -1)
    .map((segment) => segment.split(/[.!;:\n¿]/).at(-1) ?? '')
    .filter((question) => countWords(normalizeForMatching(question)) >= MIN_QUESTION_WORDS).length;
}

/**
 * Two different topics asked in different sentences or clauses ("…? And can I pay…",
 * "…and also…"), three topics anywhere, or a long multi-step story. One clause that names
 * two topics ("can I pay for express shipping with PayPal?", "if I return it, is the
 * discount refunded?") is a single question and stays simple.
 */
export function detectComplexRequest(
  lexicon: RoutingLexicon,
  text: string,
  thresholds: ComplexityThresholds,
  options: ComplexityOptions = {},
): ComplexityFinding {
  const merged = options.mergedTopics;
  // The merged topics all stand for their first member.
  const representative = merged && merged.size > 0 ? [...merged][0]! : undefined;
  const clauseTopics: TopicId[][] = [];
  for (const sentence of splitSentences(text)) {
    for (const clause of splitClauses(lexicon, applyRewrites(lexicon, sentence))) {
      const found = [...detectTopics(lexicon, clause)].map((topic) =>
        merged?.has(topic) ? representative! : topic,
      );
      clauseTopics.push([...new Set(found)]);
    }
  }
  const topics = [...new Set(clauseTopics.flat())];
  const flat = applyRewrites(lexicon, normalizeForMatching(text));
  const words = countWords(flat);
  const stepMarkers =
    findMatches(flat, lexicon.sequenceMarkers).length + (text.match(LIST_ITEM)?.length ?? 0);
  const finding = { complex: false, clauseTopics, topics, words, stepMarkers };

  const spreadOverClauses = clauseTopics.some(
    (found) => found.length > 0 && found.length < topics.length,
  );
  if (topics.length >= 3 || (topics.length === 2 && spreadOverClauses))
    return { ...finding, complex: true, why: 'topics' };
  const questions = countSeparateQuestions(text);
  if (questions >= MIN_SEPARATE_QUESTIONS)
    return { ...finding, complex: true, why: 'questions', questions };
  const folded = foldText(text);
  if (lexicon.announcedRequests.some((pattern) => pattern.test(folded)))
    return { ...finding, complex: true, why: 'announced' };
  if (words >= thresholds.multiStepMinWords && stepMarkers >= thresholds.multiStepMinMarkers) {
    return { ...finding, complex: true, why: 'multi_step' };
  }
  if (words >= thresholds.longMessageWords) return { ...finding, complex: true, why: 'long' };
  return finding;
}
