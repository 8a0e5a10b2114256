import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../database/column-types.js';
import type { DatabaseDialect, ModuleMigrations } from '../database/database.js';

/** The escalation log's migrations (names are global across modules). Append-only. */
export function escalationMigrations(dialect: DatabaseDialect): ModuleMigrations {
  const types = columnTypes(dialect);
  return {
    // Escalation log and per-turn counters (escalation-record.ts explains the fields).
    '0002_escalations': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('escalations')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          .addColumn('conversation_id', 'text', (column) =>
            column.notNull().references('conversations.id'),
          )
          .addColumn('user_message_id', 'text')
          .addColumn('reply_message_id', 'text')
          .addColumn('source', 'text', (column) => column.notNull())
          .addColumn('language', 'text')
          .addColumn('tier', 'text', (column) => column.notNull())
          .addColumn('routed_tier', 'text', (column) => column.notNull())
          .addColumn('reasons', types.json, (column) => column.notNull())
          .addColumn('outcome', 'text', (column) => column.notNull())
          .addColumn('top_scores', types.json, (column) => column.notNull())
          .addColumn('models', types.json, (column) => column.notNull())
          .addColumn('attempts', types.json, (column) => column.notNull())
          .addColumn('input_tokens', 'integer', (column) => column.notNull())
          .addColumn('output_tokens', 'integer', (column) => column.notNull())
          .addColumn('cache_read_tokens', 'integer', (column) => column.notNull())
          .addColumn('cache_write_tokens', 'integer', (column) => column.notNull())
          .addColumn('cost_micro_usd', 'integer', (column) => column.notNull())
          .addColumn('retrieval_ms', 'integer', (column) => column.notNull())
          .addColumn('model_ms', 'integer', (column) => column.notNull())
          .addColumn('total_ms', 'integer', (column) => column.notNull())
          .addColumn('prompt_version', 'text')
          .addColumn('knowledge_base_version', 'text')
          .addColumn('answer_cache_hit', types.boolean, (column) => column.notNull())
          .addColumn('excerpt', 'text', (column) => column.notNull())
          .addColumn('handoff_by', 'text')
          .addColumn('review_verdict', 'text')
          .addColumn('review_note', 'text')
          .addColumn('reviewed_at', types.timestamp)
          .execute();
        // Keyset pagination walks (created_at, id) newest first; filters narrow the same range.
        await db.schema
          .createIndex('escalations_created_at_id_index')
          .on('escalations')
          .columns(['created_at', 'id'])
          .execute();
        await db.schema
          .createIndex('escalations_conversation_id_index')
          .on('escalations')
          .column('conversation_id')
          .execute();

        // One row per reason, so that "reason=x" is an indexed lookup in both dialects (no JSON operators).
        await db.schema
          .createTable('escalation_reasons')
          .addColumn('escalation_id', 'text', (column) =>
            column.notNull().references('escalations.id'),
          )
          .addColumn('reason', 'text', (column) => column.notNull())
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          .addPrimaryKeyConstraint('escalation_reasons_primary_key', ['escalation_id', 'reason'])
          .execute();
        await db.schema
          .createIndex('escalation_reasons_reason_created_at_index')
          .on('escalation_reasons')
          .columns(['reason', 'created_at'])
          .execute();

        // Every answered turn, escalated or not: the denominator of the escalation rate, and the
        // population of the token, cost, cache and latency statistics.
        await db.schema
          .createTable('turns')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          .addColumn('conversation_id', 'text', (column) => column.notNull())
          .addColumn('language', 'text', (column) => column.notNull())
          .addColumn('tier', 'text', (column) => column.notNull())
          .addColumn('outcome', 'text', (column) => column.notNull())
          .addColumn('escalated', types.boolean, (column) => column.notNull())
          .addColumn('answer_cache_hit', types.boolean, (column) => column.notNull())
          .addColumn('input_tokens', 'integer', (column) => column.notNull())
          .addColumn('output_tokens', 'integer', (column) => column.notNull())
          .addColumn('cache_read_tokens', 'integer', (column) => column.notNull())
          .addColumn('cache_write_tokens', 'integer', (column) => column.notNull())
          .addColumn('small_cost_micro_usd', 'integer', (column) => column.notNull())
          .addColumn('large_cost_micro_usd', 'integer', (column) => column.notNull())
          .addColumn('total_ms', 'integer', (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex('turns_created_at_index')
          .on('turns')
          .column('created_at')
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('turns').execute();
        await db.schema.dropTable('escalation_reasons').execute();
        await db.schema.dropTable('escalations').execute();
      },
    },
    // Staff-assistant turns (Slack) are kept but left out of customer figures: each row says which
    // channel its conversation is on. Rows written before are backfilled once from conversations.
    '0008_escalation_channel': {
      async up(db: Kysely<unknown>) {
        for (const table of ['turns', 'escalations']) {
          await db.schema
            .alterTable(table)
            .addColumn('channel', 'text', (column) => column.notNull().defaultTo('web'))
            .execute();
          await sql`
            update ${sql.table(table)} set channel = 'staff_assistant'
            where conversation_id in (
              select id from conversations where channel = 'staff_assistant')`.execute(db);
        }
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('turns').dropColumn('channel').execute();
        await db.schema.alterTable('escalations').dropColumn('channel').execute();
      },
    },
    // The model's own escalation signal (its verdict line), beside the router's reasons. Older
    // rows had no verdict to record: null.
    '0014_escalation_model_signal': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('escalations').addColumn('model_signal', 'text').execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('escalations').dropColumn('model_signal').execute();
      },
    },
  };
}
