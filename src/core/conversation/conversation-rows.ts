import type { Insertable, Selectable } from 'kysely';
import { v7 as timeOrderedId } from 'uuid';
import {
  decodeBoolean,
  decodeInteger,
  decodeJson,
  decodeTimestamp,
  encodeJson,
} from '../database/column-types.js';
import type { Language } from '../language/language.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';
import type {
  Citation,
  Conversation,
  ConversationChannel,
  ConversationEvent,
  ConversationEventType,
  ConversationState,
  HistoryMessage,
  Message,
  MessageRole,
  NewMessage,
} from './conversation.js';
import type { ConversationLogTable, ConversationTables } from './conversation-tables.js';
import { toPublicMessage } from './public-message.js';

/*
 * Rows of either dialect to the domain's types and back (column-types.ts says how the drivers
 * differ); one codec serves both dialects.
 */

type LogRow = Selectable<ConversationLogTable>;
export type NewLogRow = Insertable<ConversationLogTable>;

/** The message columns of a log row that is not a message. */
export const EMPTY_MESSAGE_COLUMNS = {
  message_id: null,
  role: null,
  text: null,
  language: null,
  client_message_id: null,
  reply_to_id: null,
  citations: null,
  tier: null,
  reasons: null,
  handoff: null,
  author: null,
  meta: null,
} as const;

export function newMessage(input: NewMessage): Message {
  return {
    id: timeOrderedId(),
    conversationId: input.conversationId,
    role: input.role,
    text: input.text,
    language: input.language ?? null,
    clientMessageId: input.clientMessageId ?? null,
    replyToId: input.replyToId ?? null,
    citations: input.citations ?? [],
    tier: input.tier ?? null,
    reasons: input.reasons ?? [],
    handoff: input.handoff ?? false,
    author: input.author ?? null,
    meta: input.meta ?? {},
    createdAt: new Date().toISOString(),
  };
}

export function messageRow(message: Message, encodeBoolean: (value: boolean) => boolean | number) {
  return {
    conversation_id: message.conversationId,
    type: 'message',
    created_at: message.createdAt,
    data: null,
    message_id: message.id,
    role: message.role,
    text: message.text,
    language: message.language,
    client_message_id: message.clientMessageId,
    reply_to_id: message.replyToId,
    citations: encodeJson(message.citations),
    tier: message.tier,
    reasons: encodeJson(message.reasons),
    handoff: encodeBoolean(message.handoff),
    author: message.author,
    meta: encodeJson(message.meta),
  } satisfies NewLogRow;
}

export function toConversation(row: Selectable<ConversationTables['conversations']>): Conversation {
  return {
    id: row.id,
    localeHint: row.locale_hint,
    language: row.language as Language | null,
    state: row.state as ConversationState,
    channel: row.channel as ConversationChannel,
    offlineNoticeGiven: decodeBoolean(row.offline_notice_given),
    createdAt: decodeTimestamp(row.created_at),
    updatedAt: decodeTimestamp(row.updated_at),
  };
}

/** A `message` row of the log as a Message (the message columns are set on such rows). */
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
    handoff: decodeBoolean(row.handoff),
    author: row.author,
    meta: decodeJson(row.meta) as Record<string, unknown>,
    createdAt: decodeTimestamp(row.created_at),
  };
}

/** Only a system notice's meta tells a state (an assistant reply's meta is telemetry, whatever it holds). */
export function toHistoryMessage(
  row: Pick<LogRow, 'message_id' | 'role' | 'text' | 'meta'>,
): HistoryMessage {
  const state =
    row.role === 'system' ? (decodeJson(row.meta) as Record<string, unknown>).state : undefined;
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
    id: decodeInteger(row.id),
    conversationId: row.conversation_id,
    type: row.type as ConversationEventType,
    data:
      row.message_id === null
        ? (decodeJson(row.data) as Record<string, unknown>)
        : { message: toPublicMessage(toMessage(row)) },
    createdAt: decodeTimestamp(row.created_at),
  };
}
