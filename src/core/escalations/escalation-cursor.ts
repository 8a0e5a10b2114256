import { invalidInput } from '../conversation/conversation-errors.js';
import { isEscalationId } from './escalation-record.js';

/** Position after which the next page starts: records are ordered by (createdAt, id), newest first. */
export interface EscalationCursor {
  createdAt: string;
  id: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Opaque to clients (base64url JSON) so the ordering key can change without breaking them. */
export function encodeCursor(cursor: EscalationCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id]), 'utf8').toString('base64url');
}

export function decodeCursor(value: string): EscalationCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    typeof parsed[0] === 'string' &&
    ISO_INSTANT.test(parsed[0]) &&
    typeof parsed[1] === 'string' &&
    isEscalationId(parsed[1])
  ) {
    return { createdAt: parsed[0], id: parsed[1] };
  }
  throw invalidInput(
    '"cursor" is not a cursor this API returned; use the nextCursor of the previous page, or leave it out for the first page.',
  );
}
