import type { ColumnType } from 'kysely';

/*
 * Row shapes as the drivers return them. The two dialects store some columns differently
 * (see migrations.ts): timestamps are ISO text in SQLite and timestamptz (read back as Date) in
 * PostgreSQL; booleans are 0/1 in SQLite; JSON is text in SQLite and jsonb (read back parsed) in
 * PostgreSQL; bigint identities come back from pg as strings. The types below admit both, and
 * row-codec.ts turns them into the interface's types.
 */
export type TimestampColumn = ColumnType<string | Date, string, string>;
export type BooleanColumn = ColumnType<boolean | number, boolean | number, boolean | number>;
export type JsonColumn = ColumnType<unknown, string, string>;

export interface ConversationsTable {
  id: string;
  locale_hint: string | null;
  language: string | null;
  state: string;
  offline_notice_given: BooleanColumn;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  role: string;
  text: string;
  language: string | null;
  client_message_id: string | null;
  reply_to_id: string | null;
  citations: JsonColumn;
  tier: string | null;
  reasons: JsonColumn;
  handoff: BooleanColumn;
  author: string | null;
  meta: JsonColumn;
  created_at: TimestampColumn;
  /** The `message` event written with this message; breaks created_at ties in store order. */
  event_id: ColumnType<number | string, number, number>;
}

export interface EventsTable {
  /** Assigned by the database (autoincrement / identity); never inserted. */
  id: ColumnType<number | string, never, never>;
  conversation_id: string;
  type: string;
  data: JsonColumn;
  created_at: TimestampColumn;
}

/** The Kysely database type of the storage tables. Later migrations add their tables here. */
export interface StorageDatabase {
  conversations: ConversationsTable;
  messages: MessagesTable;
  events: EventsTable;
}
