import { MESSAGE_REASONS } from '../routing/routing-decision.js';

/**
 * The model's own triage: the first line of an answer may be a verdict such as
 * `[[ESCALATE: legal_threat]]` saying the message needs a person or the large model. The
 * pipeline re-routes the turn on it and keeps it out of every customer-visible text. This
 * module is the one place that recognises it (the no-answer marker has its own module).
 */

/** The reasons a model may give: those a message's words carry (DESIGN.md policy). */
export const VERDICT_REASONS = MESSAGE_REASONS;

export type VerdictReason = (typeof VERDICT_REASONS)[number];

/** How the prompt writes a verdict; `reason` is one of VERDICT_REASONS. */
export const VERDICT_FORMAT = '[[ESCALATE: reason]]';

export function isVerdictReason(value: string): value is VerdictReason {
  return (VERDICT_REASONS as readonly string[]).includes(value);
}

/**
 * What the start of an answer says:
 * - `undecided`: the text so far could still become a verdict (streaming: hold it back);
 * - `verdict`: a well-formed verdict; `rest` is the answer after it (never shown to the customer);
 * - `none`: no verdict; `rest` is the text to show. A malformed verdict (unknown reason, no
 *   closing brackets on its line) counts as no verdict, but its line is still dropped: it is
 *   marker syntax, never words for the customer.
 */
export type VerdictReading =
  | { status: 'undecided' }
  | { status: 'verdict'; reason: VerdictReason; rest: string }
  | { status: 'none'; rest: string };

const KEYWORD = 'ESCALATE';
const OPENING = /^\s*\[\s*\[\s*/;

/** Case, blanks, dashes and underscores do not matter: models write markers loosely. */
const comparable = (text: string) => text.toUpperCase().replace(/[\s_-]+/g, '');

/**
 * Reads the start of `text`. `final`: the answer is complete, so an unfinished verdict is
 * decided now (malformed). While streaming, a verdict-like start stays undecided until some
 * text follows its line, so the text shown is exactly what the complete answer leaves.
 */
export function readVerdict(text: string, final = false): VerdictReading {
  const opening = OPENING.exec(text);
  if (!opening) {
    // Only blanks, or a lone "[" so far: it may still open a verdict.
    if (!final && /^\s*\[?\s*$/.test(text)) return { status: 'undecided' };
    return { status: 'none', rest: text };
  }
  const afterOpening = text.slice(opening[0].length);
  const keywordSoFar = comparable(afterOpening.slice(0, KEYWORD.length + 8)).slice(
    0,
    KEYWORD.length,
  );
  if (!KEYWORD.startsWith(keywordSoFar)) return { status: 'none', rest: text };
  const lineEnd = text.indexOf('\n', opening[0].length);
  if (keywordSoFar.length < KEYWORD.length)
    return !final && lineEnd === -1 ? { status: 'undecided' } : { status: 'none', rest: text };

  const close = text.indexOf(']]', opening[0].length);
  const closed = close !== -1 && (lineEnd === -1 || close < lineEnd);
  // Unclosed on its line: malformed, and the whole line goes (it is marker syntax, not words).
  const restFrom = closed ? close + 2 : lineEnd === -1 ? text.length : lineEnd + 1;
  const rest = text.slice(restFrom).trimStart();
  if (!final && (rest === '' || (!closed && lineEnd === -1))) return { status: 'undecided' };
  const reason = closed
    ? /^\s*escalate\s*[:=]?\s*([a-z][a-z _-]*?)\s*$/i
        .exec(text.slice(opening[0].length, close))?.[1]
        ?.toLowerCase()
        .replace(/[\s-]+/g, '_')
    : undefined;
  if (reason !== undefined && isVerdictReason(reason)) return { status: 'verdict', reason, rest };
  return { status: 'none', rest };
}

/** readVerdict of a complete answer: always decided. */
export function readCompleteVerdict(
  text: string,
): Exclude<VerdictReading, { status: 'undecided' }> {
  const reading = readVerdict(text, true);
  return reading.status === 'undecided' ? { status: 'none', rest: text } : reading;
}
