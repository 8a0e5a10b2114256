import type { ColumnType } from 'kysely';
import type {
  BooleanColumn,
  NullableJsonColumn,
  TimestampColumn,
} from '../database/column-types.js';

/** Row shapes of the conversation module's tables (conversation-migrations.ts). */
export type ConversationsTable = {
  id: string;
  locale_hint: string | null;
  language: string | null;
  state: string;
  channel: ColumnType<string, string | undefined, string>;
  offline_notice_given: BooleanColumn;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
};

/**
 * Every event of every conversation, in order. A message event holds the message in the message
 * columns (data is null); any other event holds its payload in data (the message columns are null).
 */
export type ConversationLogTable = {
  /** The event id: assigned by the database (rowid / identity), increasing across all conversations. */
  id: ColumnType<number | string, never, never>;
  conversation_id: string;
  type: string;
  created_at: TimestampColumn;
  data: NullableJsonColumn;
  message_id: string | null;
  role: string | null;
  text: string | null;
  language: string | null;
  client_message_id: string | null;
  reply_to_id: string | null;
  citations: NullableJsonColumn;
  tier: string | null;
  reasons: NullableJsonColumn;
  handoff: ColumnType<boolean | number | null, boolean | number | null, boolean | number | null>;
  author: string | null;
  meta: NullableJsonColumn;
  /** Customer messages: answered by one instance until this instant, ms since the epoch (0010). */
  answer_lease_until: ColumnType<number | string | null, number | null | undefined, number | null>;
};

/** Type aliases, not interfaces: Kysely's withTables wants an index-compatible record. */
export type ConversationTables = {
  conversations: ConversationsTable;
  conversation_log: ConversationLogTable;
};
