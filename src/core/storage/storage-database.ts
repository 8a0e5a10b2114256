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

/**
 * Migration 0005_conversation_log: every event of a conversation, in order. A message event holds
 * the message in the message columns (data is null); any other event holds its payload in data
 * (the message columns are null).
 */
export interface ConversationLogTable {
  /** The event id: assigned by the database (rowid / identity), increasing across all conversations. */
  id: ColumnType<number | string, never, never>;
  conversation_id: string;
  type: string;
  created_at: TimestampColumn;
  data: ColumnType<unknown, string | null, string | null>;
  message_id: string | null;
  role: string | null;
  text: string | null;
  language: string | null;
  client_message_id: string | null;
  reply_to_id: string | null;
  citations: ColumnType<unknown, string | null, string | null>;
  tier: string | null;
  reasons: ColumnType<unknown, string | null, string | null>;
  handoff: ColumnType<boolean | number | null, boolean | number | null, boolean | number | null>;
  author: string | null;
  meta: ColumnType<unknown, string | null, string | null>;
}

/** Integers that pg may return as strings (sums, counts and bigint columns). */
export type IntegerColumn = ColumnType<number | string, number, number>;

/** Migration 0002_escalations: one row per escalated turn or handoff (src/core/escalations/). */
export interface EscalationsTable {
  id: string;
  created_at: TimestampColumn;
  conversation_id: string;
  user_message_id: string | null;
  reply_message_id: string | null;
  source: string;
  language: string | null;
  tier: string;
  routed_tier: string;
  reasons: JsonColumn;
  outcome: string;
  top_scores: JsonColumn;
  models: JsonColumn;
  attempts: JsonColumn;
  input_tokens: IntegerColumn;
  output_tokens: IntegerColumn;
  cache_read_tokens: IntegerColumn;
  cache_write_tokens: IntegerColumn;
  cost_micro_usd: IntegerColumn;
  retrieval_ms: IntegerColumn;
  model_ms: IntegerColumn;
  total_ms: IntegerColumn;
  prompt_version: string | null;
  knowledge_base_version: string | null;
  answer_cache_hit: BooleanColumn;
  excerpt: string;
  handoff_by: string | null;
  review_verdict: string | null;
  review_note: string | null;
  reviewed_at: ColumnType<string | Date | null, string | null, string | null>;
}

export interface EscalationReasonsTable {
  escalation_id: string;
  reason: string;
  created_at: TimestampColumn;
}

/** Migration 0002_escalations: one row per answered turn. */
export interface TurnsTable {
  id: string;
  created_at: TimestampColumn;
  conversation_id: string;
  language: string;
  tier: string;
  outcome: string;
  escalated: BooleanColumn;
  answer_cache_hit: BooleanColumn;
  input_tokens: IntegerColumn;
  output_tokens: IntegerColumn;
  cache_read_tokens: IntegerColumn;
  cache_write_tokens: IntegerColumn;
  small_cost_micro_usd: IntegerColumn;
  large_cost_micro_usd: IntegerColumn;
  total_ms: IntegerColumn;
}

/** The Kysely database type of the storage tables. Later migrations add their tables here. */
export interface StorageDatabase {
  conversations: ConversationsTable;
  conversation_log: ConversationLogTable;
  escalations: EscalationsTable;
  escalation_reasons: EscalationReasonsTable;
  turns: TurnsTable;
}
