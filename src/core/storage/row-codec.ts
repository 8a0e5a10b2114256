import type { Selectable } from 'kysely';
import type { Language } from '../language/language.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';
import { toPublicMessage } from './public-message.js';
import type {
  Citation,
  Conversation,
  ConversationEvent,
  ConversationEventType,
  ConversationState,
  HistoryMessage,
  Message,
  MessageRole,
} from './storage.js';
import type { ConversationLogTable, ConversationsTable } from './storage-database.js';

/*
 * Turns rows of either dialect into the interface's types (see storage-database.ts for how the
 * drivers differ). The decoders accept both representations, so one codec serves both dialects.
 */

export function decodeTimestamp(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : value;
}

export function decodeBoolean(value: boolean | number): boolean {
  return value === true || value === 1;
}

/** jsonb arrives parsed from pg; SQLite's text arrives as a string. */
export function decodeJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** pg returns bigint columns as strings to avoid precision loss; event ids stay far below 2^53. */
export function decodeSerial(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

export function encodeJson(value: unknown): string {
  return JSON.stringify(value);
}

/** A conversation row; `last_event_at` (when selected) makes updatedAt the conversation's last activity. */
export function toConversation(
  row: Selectable<ConversationsTable> & { last_event_at?: string | Date | null },
): Conversation {
  const updatedAt = decodeTimestamp(row.updated_at);
  const lastEventAt =
    row.last_event_at === undefined || row.last_event_at === null
      ? undefined
      : decodeTimestamp(row.last_event_at);
  return {
    id: row.id,
    localeHint: row.locale_hint,
    language: row.language as Language | null,
    state: row.state as ConversationState,
    offlineNoticeGiven: decodeBoolean(row.offline_notice_given),
    createdAt: decodeTimestamp(row.created_at),
    updatedAt: lastEventAt !== undefined && lastEventAt > updatedAt ? lastEventAt : updatedAt,
  };
}

type LogRow = Selectable<ConversationLogTable>;

/** A `message` row of the conversation log as a Message (the message columns are set on such rows). */
export function toMessage(row: LogRow): Message {
  return {
    id: row.message_id!,
    conversationId: row.conversation_id,
    role: row.role as MessageRole,
    text: row.text!,
    language: row.language as Language | null,
    clientMessageId: row.client_message_id,
    replyToId: row.reply_to_id,
    citations: decodeJson(row.citations) as Citation[],
    tier: row.tier as Tier | null,
    reasons: decodeJson(row.reasons) as ReasonCode[],
    handoff: decodeBoolean(row.handoff as boolean | number),
    author: row.author,
    meta: decodeJson(row.meta) as Record<string, unknown>,
    createdAt: decodeTimestamp(row.created_at),
  };
}

export function toHistoryMessage(row: {
  message_id: string | null;
  role: string | null;
  text: string | null;
  system_meta: unknown;
}): HistoryMessage {
  const meta =
    row.system_meta === null ? undefined : (decodeJson(row.system_meta) as Record<string, unknown>);
  const state = meta?.state;
  return {
    id: row.message_id!,
    role: row.role as MessageRole,
    text: row.text!,
    announcedState: typeof state === 'string' ? (state as ConversationState) : null,
  };
}

/** Any row of the log as the event a stream sends: a message event carries the message's public view. */
export function toEvent(row: LogRow): ConversationEvent {
  return {
    id: decodeSerial(row.id),
    conversationId: row.conversation_id,
    type: row.type as ConversationEventType,
    data:
      row.message_id === null
        ? (decodeJson(row.data) as Record<string, unknown>)
        : { message: toPublicMessage(toMessage(row)) },
    createdAt: decodeTimestamp(row.created_at),
  };
}
