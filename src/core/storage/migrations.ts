import type { ColumnBuilderCallback, ColumnDataType, Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

export type StorageDialect = 'sqlite' | 'postgres';

/**
 * The column types that differ between the dialects. PostgreSQL gets its native types so that
 * ops queries can filter on time ranges and inside JSON; SQLite stores ISO-8601 text (which
 * sorts chronologically because every value is written by `Date#toISOString()`), 0/1 integers
 * and JSON text.
 */
export interface ColumnTypes {
  timestamp: ColumnDataType;
  json: ColumnDataType;
  boolean: ColumnDataType;
  /** Type of an autoincrementing integer primary key; use it with `autoIncrementPrimaryKey`. */
  serial: ColumnDataType;
  /** Type of a column referencing such a key. */
  serialReference: ColumnDataType;
}

export function columnTypes(dialect: StorageDialect): ColumnTypes {
  return dialect === 'postgres'
    ? {
        timestamp: 'timestamptz',
        json: 'jsonb',
        boolean: 'boolean',
        serial: 'bigint',
        serialReference: 'bigint',
      }
    : {
        timestamp: 'text',
        json: 'text',
        boolean: 'integer',
        serial: 'integer',
        serialReference: 'integer',
      };
}

/**
 * SQLite's AUTOINCREMENT never reuses an id (plain rowids may be reused after a delete), and
 * PostgreSQL's identity column is the standard form of a sequence: both give ids that only grow.
 */
export function autoIncrementPrimaryKey(dialect: StorageDialect): ColumnBuilderCallback {
  return dialect === 'postgres'
    ? (column) => column.primaryKey().generatedAlwaysAsIdentity()
    : (column) => column.primaryKey().autoIncrement();
}

/**
 * All migrations, by name; Kysely runs them in name order. Append-only: never edit or rename a
 * migration that has shipped — add a new one (e.g. `0002_escalations`) instead.
 */
export function createMigrations(dialect: StorageDialect): Record<string, Migration> {
  const types = columnTypes(dialect);
  return {
    '0001_conversations': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('conversations')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('locale_hint', 'text')
          .addColumn('language', 'text')
          .addColumn('state', 'text', (column) => column.notNull())
          .addColumn('offline_notice_given', types.boolean, (column) => column.notNull())
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          .addColumn('updated_at', types.timestamp, (column) => column.notNull())
          .execute();

        await db.schema
          .createTable('events')
          .addColumn('id', types.serial, autoIncrementPrimaryKey(dialect))
          .addColumn('conversation_id', 'text', (column) =>
            column.notNull().references('conversations.id'),
          )
          .addColumn('type', 'text', (column) => column.notNull())
          .addColumn('data', types.json, (column) => column.notNull())
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex('events_conversation_id_id_index')
          .on('events')
          .columns(['conversation_id', 'id'])
          .execute();

        await db.schema
          .createTable('messages')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('conversation_id', 'text', (column) =>
            column.notNull().references('conversations.id'),
          )
          .addColumn('role', 'text', (column) => column.notNull())
          .addColumn('text', 'text', (column) => column.notNull())
          .addColumn('language', 'text')
          .addColumn('client_message_id', 'text')
          .addColumn('reply_to_id', 'text', (column) => column.references('messages.id'))
          .addColumn('citations', types.json, (column) => column.notNull())
          .addColumn('tier', 'text')
          .addColumn('reasons', types.json, (column) => column.notNull())
          .addColumn('handoff', types.boolean, (column) => column.notNull())
          .addColumn('author', 'text')
          .addColumn('meta', types.json, (column) => column.notNull())
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          .addColumn('event_id', types.serialReference, (column) =>
            column.notNull().unique().references('events.id'),
          )
          .execute();
        // The idempotency guarantee of appendUserMessage rests on this index, not on a read-then-write.
        await db.schema
          .createIndex('messages_conversation_id_client_message_id_unique')
          .unique()
          .on('messages')
          .columns(['conversation_id', 'client_message_id'])
          .where(sql.ref('client_message_id'), 'is not', null)
          .execute();
        await db.schema
          .createIndex('messages_conversation_id_created_at_index')
          .on('messages')
          .columns(['conversation_id', 'created_at'])
          .execute();
        await db.schema
          .createIndex('messages_reply_to_id_index')
          .on('messages')
          .column('reply_to_id')
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('messages').execute();
        await db.schema.dropTable('events').execute();
        await db.schema.dropTable('conversations').execute();
      },
    },
    // Escalation log and per-turn counters (src/core/escalations/README.md explains the columns).
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
    // Slack thread <-> conversation links (src/slack/slack-thread-store.ts owns the queries).
    '0003_slack_threads': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('slack_threads')
          .addColumn('conversation_id', 'text', (column) =>
            column.primaryKey().references('conversations.id'),
          )
          .addColumn('kind', 'text', (column) => column.notNull())
          .addColumn('channel_id', 'text', (column) => column.notNull())
          .addColumn('thread_ts', 'text', (column) => column.notNull())
          .addColumn('card', types.json)
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          .addColumn('updated_at', types.timestamp, (column) => column.notNull())
          .execute();
        // A staff member may ask the bot inside a handoff thread: one conversation per thread and kind.
        await db.schema
          .createIndex('slack_threads_channel_id_thread_ts_kind_unique')
          .unique()
          .on('slack_threads')
          .columns(['channel_id', 'thread_ts', 'kind'])
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('slack_threads').execute();
      },
    },
    // The history a turn reads is the newest messages of a conversation in (created_at, event_id)
    // order; with event_id in the index SQLite walks it backwards instead of sorting every turn.
    '0004_messages_history_index': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createIndex('messages_conversation_id_created_at_event_id_index')
          .on('messages')
          .columns(['conversation_id', 'created_at', 'event_id'])
          .execute();
        await db.schema.dropIndex('messages_conversation_id_created_at_index').execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema
          .createIndex('messages_conversation_id_created_at_index')
          .on('messages')
          .columns(['conversation_id', 'created_at'])
          .execute();
        await db.schema.dropIndex('messages_conversation_id_created_at_event_id_index').execute();
      },
    },
    // One append-only log per conversation: a message is the `message` event itself instead of a
    // messages row plus an events row that repeated it as JSON. A turn wrote two rows and kept
    // seven B-trees up to date per message; now one row and three (src/core/storage/README.md).
    '0005_conversation_log': {
      async up(db: Kysely<unknown>) {
        const identity: ColumnBuilderCallback =
          // "By default": the copy below keeps every event id, so clients' Last-Event-ID stays valid.
          dialect === 'postgres'
            ? (column) => column.primaryKey().generatedByDefaultAsIdentity()
            : (column) => column.primaryKey();
        await db.schema
          .createTable('conversation_log')
          .addColumn('id', types.serial, identity)
          .addColumn('conversation_id', 'text', (column) =>
            column.notNull().references('conversations.id'),
          )
          .addColumn('type', 'text', (column) => column.notNull())
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          // Events other than messages (state changes): their payload.
          .addColumn('data', types.json)
          // Message events: the message, column by column (null for other events).
          .addColumn('message_id', 'text')
          .addColumn('role', 'text')
          .addColumn('text', 'text')
          .addColumn('language', 'text')
          .addColumn('client_message_id', 'text')
          .addColumn('reply_to_id', 'text')
          .addColumn('citations', types.json)
          .addColumn('tier', 'text')
          .addColumn('reasons', types.json)
          .addColumn('handoff', types.boolean)
          .addColumn('author', 'text')
          .addColumn('meta', types.json)
          .execute();
        await sql`
          insert into conversation_log (id, conversation_id, type, created_at, data, message_id, role, text, language,
            client_message_id, reply_to_id, citations, tier, reasons, handoff, author, meta)
          select events.id, events.conversation_id, events.type, events.created_at,
            case when messages.id is null then events.data else null end,
            messages.id, messages.role, messages.text, messages.language, messages.client_message_id, messages.reply_to_id,
            messages.citations, messages.tier, messages.reasons, messages.handoff, messages.author, messages.meta
          from events left join messages on messages.event_id = events.id
          order by events.id`.execute(db);
        if (dialect === 'postgres') {
          await sql`select setval(pg_get_serial_sequence('conversation_log', 'id'), coalesce((select max(id) from conversation_log), 0) + 1, false)`.execute(
            db,
          );
        }
        await db.schema.dropTable('messages').execute();
        await db.schema.dropTable('events').execute();
        // Every read of a conversation (history, transcript, event replay, one message) walks this index.
        await db.schema
          .createIndex('conversation_log_conversation_id_id_index')
          .on('conversation_log')
          .columns(['conversation_id', 'id'])
          .execute();
        // The idempotency guarantee of appendUserMessage rests on this index, not on a read-then-write.
        await db.schema
          .createIndex('conversation_log_conversation_id_client_message_id_unique')
          .unique()
          .on('conversation_log')
          .columns(['conversation_id', 'client_message_id'])
          .where(sql.ref('client_message_id'), 'is not', null)
          .execute();
      },
      async down() {
        throw new Error(
          '0005_conversation_log cannot be undone: restore the backup taken before upgrading.',
        );
      },
    },
  };
}
