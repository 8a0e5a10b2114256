/**
 * The small model starts its reply with this marker when the passages do not answer the
 * question; the pipeline then escalates (reason `model_uncertain`). Kept out of every
 * customer-visible text. This module is the one place that recognises it.
 */
export const NO_ANSWER_MARKER = '[[NO_ANSWER]]';

/** Case, blanks and underscores do not matter: models write the marker loosely ("[[ no answer ]]"). */
const comparable = (text: string) => text.toUpperCase().replace(/[\s_]+/g, '');
const TARGET = comparable(NO_ANSWER_MARKER);

// The same test as comparable(text).includes(TARGET) without copying the whole answer: the
// marker's characters in order, with any blanks and underscores between them.
const LOOSE_MARKER = new RegExp(
  [...TARGET].map((character) => character.replace(/[[\]]/g, '\\$&')).join('[\\s_]*'),
  'i',
);

/** True when the model said the passages do not answer, wherever it put the marker. */
export function containsNoAnswerMarker(text: string): boolean {
  return LOOSE_MARKER.test(text);
}

/**
 * For streaming: the index from which `text` could still turn into the marker (text.length when
 * it cannot). Text before it can be shown; the rest waits for the next delta.
 */
export function noAnswerMarkerHoldFrom(text: string): number {
  const first = NO_ANSWER_MARKER[0]!;
  for (let at = text.indexOf(first); at !== -1; at = text.indexOf(first, at + 1)) {
    if (TARGET.startsWith(comparable(text.slice(at)))) return at;
  }
  return text.length;
}
