import { sql } from 'kysely';
import type { ColumnBuilderCallback, ColumnDataType, Kysely, Migration } from 'kysely';

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
    ? { timestamp: 'timestamptz', json: 'jsonb', boolean: 'boolean', serial: 'bigint', serialReference: 'bigint' }
    : { timestamp: 'text', json: 'text', boolean: 'integer', serial: 'integer', serialReference: 'integer' };
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
          .addColumn('conversation_id', 'text', (column) => column.notNull().references('conversations.id'))
          .addColumn('type', 'text', (column) => column.notNull())
          .addColumn('data', types.json, (column) => column.notNull())
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          .execute();
        await db.schema.createIndex('events_conversation_id_id_index').on('events').columns(['conversation_id', 'id']).execute();

        await db.schema
          .createTable('messages')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('conversation_id', 'text', (column) => column.notNull().references('conversations.id'))
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
          .addColumn('event_id', types.serialReference, (column) => column.notNull().unique().references('events.id'))
          .execute();
        // The idempotency guarantee of appendUserMessage rests on this index, not on a read-then-write.
        await db.schema
          .createIndex('messages_conversation_id_client_message_id_unique')
          .unique()
          .on('messages')
          .columns(['conversation_id', 'client_message_id'])
          .where(sql.ref('client_message_id'), 'is not', null)
          .execute();
        await db.schema.createIndex('messages_conversation_id_created_at_index').on('messages').columns(['conversation_id', 'created_at']).execute();
        await db.schema.createIndex('messages_reply_to_id_index').on('messages').column('reply_to_id').execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('messages').execute();
        await db.schema.dropTable('events').execute();
        await db.schema.dropTable('conversations').execute();
      },
    },
  };
}
