/**
 * The small model starts its reply with this marker when the passages do not answer
 * the question; the pipeline then escalates (reason `model_uncertain`). Kept out of
 * every customer-visible text.
 */
export const NO_ANSWER_MARKER = '[[NO_ANSWER]]';

const LENIENT_MARKER = /\[\[\s*NO[_ ]ANSWER\s*\]\]/i;

/** True when the model said the passages do not answer, wherever it put the marker. */
export function containsNoAnswerMarker(text: string): boolean {
  return LENIENT_MARKER.test(text);
}

/**
 * For streaming: decides from the first characters whether the reply opens with the
 * marker, so the pipeline can hold back deltas only until it knows.
 */
export function noAnswerPrefixState(textSoFar: string): 'marker' | 'not_marker' | 'undecided' {
  const comparable = (text: string) => text.toUpperCase().replace(/[\s_]+/g, '');
  const head = comparable(textSoFar);
  const expected = comparable(NO_ANSWER_MARKER);
  if (head.length === 0) return 'undecided';
  if (head.startsWith(expected)) return 'marker';
  return expected.startsWith(head) ? 'undecided' : 'not_marker';
}

/** Removes the marker (and the blank it leaves) from a text. */
export function stripNoAnswerMarker(text: string): string {
  return text.replace(new RegExp(LENIENT_MARKER.source, 'gi'), '').trim();
}
