import type { ColumnType } from 'kysely';
import type {
  BooleanColumn,
  IntegerColumn,
  JsonColumn,
  NullableTimestampColumn,
  TimestampColumn,
} from '../database/column-types.js';

/** Migration 0002_escalations: one row per escalated turn or handoff (src/core/escalations/). */
export type EscalationsTable = {
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
  reviewed_at: NullableTimestampColumn;
  channel: ColumnType<string, string | undefined, string>;
  /** Migration 0014_escalation_model_signal. */
  model_signal: ColumnType<string | null, string | null | undefined, string | null>;
};

export type EscalationReasonsTable = {
  escalation_id: string;
  reason: string;
  created_at: TimestampColumn;
};

/** Migration 0002_escalations: one row per answered turn. */
export type TurnsTable = {
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
  channel: ColumnType<string, string | undefined, string>;
};

/** Type aliases, not interfaces: Kysely's withTables wants an index-compatible record. */
export type EscalationTables = {
  escalations: EscalationsTable;
  escalation_reasons: EscalationReasonsTable;
  turns: TurnsTable;
};
