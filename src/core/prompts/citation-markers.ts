/**
 * The turn prompt labels passages `[p1]`, `[p2]`… in the order the pipeline passed
 * them, and asks the model to cite with those labels. The labels mean nothing to a
 * customer, so adapters strip them from the text and report the passage ids instead
 * (the reply carries citations as structured data).
 */

/** The label of the passage at `index` (0-based) in the rendered turn prompt. */
export function passageLabel(index: number): string {
  return `p${index + 1}`;
}

const COMPLETE_MARKER = /^\[p\d+(?:\s*,\s*p\d+)*\]$/i;
const MARKER_PREFIX = /^\[(?:p\d*(?:\s*,\s*(?:p\d*)?)*)?$/i;
/** No real marker is longer; bounds how much a stream ever holds back. */
const MAX_MARKER_LENGTH = 48;

export interface CitationStripper {
  /** Feeds model text; returns what can be shown now (markers removed). */
  push(text: string): string;
  /** Ends the text; returns whatever was still held back. */
  finish(): string;
  /** Passage ids cited so far, first-citation order, without duplicates or unknown labels. */
  citedPassageIds(): string[];
}

/**
 * Streaming-safe: a marker split across deltas (`[p` + `2]`) is held back until it is
 * known to be one. The blank before a marker goes with it ("free [p2]." → "free."),
 * except line breaks, which keep the layout.
 */
export function createCitationStripper(passageIds: readonly string[]): CitationStripper {
  const cited: string[] = [];
  let pendingSpace = '';
  let pendingMarker = '';
  let emittedAnything = false;

  const cite = (marker: string): void => {
    for (const match of marker.matchAll(/p(\d+)/gi)) {
      const id = passageIds[Number(match[1]) - 1];
      if (id !== undefined && !cited.includes(id)) cited.push(id);
    }
  };

  const emit = (text: string): string => {
    if (!emittedAnything) {
      // Text never starts with the blank a stripped leading marker left behind.
      const trimmed = text.trimStart();
      if (trimmed.length === 0) return '';
      emittedAnything = true;
      return trimmed;
    }
    return text;
  };

  const feed = (text: string): string => {
    let output = '';
    for (let position = 0; position < text.length; position += 1) {
      const character = text[position] as string;
      if (pendingMarker) {
        const candidate = pendingMarker + character;
        if (COMPLETE_MARKER.test(candidate)) {
          cite(candidate);
          pendingMarker = '';
          if (!pendingSpace.includes('\n')) pendingSpace = '';
        } else if (MARKER_PREFIX.test(candidate) && candidate.length < MAX_MARKER_LENGTH) {
          pendingMarker = candidate;
        } else {
          // Not a marker after all: release its first bracket and re-read the rest.
          const rest = candidate.slice(1);
          output += emit(`${pendingSpace}[`);
          pendingSpace = '';
          pendingMarker = '';
          output += feed(rest);
        }
      } else if (/\s/.test(character)) {
        pendingSpace += character;
      } else if (character === '[') {
        pendingMarker = '[';
      } else {
        output += emit(pendingSpace + character);
        pendingSpace = '';
      }
    }
    return output;
  };

  return {
    push: (text) => feed(text),
    finish: () => {
      const rest = pendingMarker ? emit(pendingSpace + pendingMarker) : '';
      pendingMarker = '';
      pendingSpace = '';
      return rest;
    },
    citedPassageIds: () => [...cited],
  };
}

/** One-shot version for complete texts. */
export function stripCitationMarkers(
  text: string,
  passageIds: readonly string[],
): { text: string; citedPassageIds: string[] } {
  const stripper = createCitationStripper(passageIds);
  const cleaned = stripper.push(text) + stripper.finish();
  return { text: cleaned, citedPassageIds: stripper.citedPassageIds() };
}
