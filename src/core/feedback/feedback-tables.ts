import type { BooleanColumn, TimestampColumn } from '../database/column-types.js';

/** Migration 0009_customer_feedback: one row per rated answer. */
export type MessageFeedbackTable = {
  conversation_id: string;
  message_id: string;
  rating: string;
  comment: string | null;
  language: string | null;
  channel: string;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
};

/** Migration 0009_customer_feedback: one row per conversation the customer gave a verdict on. */
export type ConversationResolutionsTable = {
  conversation_id: string;
  resolved: BooleanColumn;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
};

/** Type aliases, not interfaces: Kysely's withTables wants an index-compatible record. */
export type FeedbackTables = {
  message_feedback: MessageFeedbackTable;
  conversation_resolutions: ConversationResolutionsTable;
};
