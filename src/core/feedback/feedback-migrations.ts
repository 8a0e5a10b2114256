import type { Kysely } from 'kysely';
import { columnTypes } from '../database/column-types.js';
import type { DatabaseDialect, ModuleMigrations } from '../database/database.js';

/** The feedback module's migrations (names are global across modules). Append-only. */
export function feedbackMigrations(dialect: DatabaseDialect): ModuleMigrations {
  const types = columnTypes(dialect);
  return {
    // Customer ratings of answers and verdicts on conversations: the outcome figures read them.
    '0009_customer_feedback': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('message_feedback')
          .addColumn('conversation_id', 'text', (column) =>
            column.notNull().references('conversations.id'),
          )
          .addColumn('message_id', 'text', (column) => column.notNull())
          .addColumn('rating', 'text', (column) => column.notNull())
          .addColumn('comment', 'text')
          .addColumn('language', 'text')
          .addColumn('channel', 'text', (column) => column.notNull())
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          .addColumn('updated_at', types.timestamp, (column) => column.notNull())
          // "The latest rating wins" rests on this key: a second rating is an upsert, also under races.
          .addPrimaryKeyConstraint('message_feedback_primary_key', [
            'conversation_id',
            'message_id',
          ])
          .execute();
        await db.schema
          .createIndex('message_feedback_updated_at_index')
          .on('message_feedback')
          .column('updated_at')
          .execute();

        await db.schema
          .createTable('conversation_resolutions')
          .addColumn('conversation_id', 'text', (column) =>
            column.primaryKey().references('conversations.id'),
          )
          .addColumn('resolved', types.boolean, (column) => column.notNull())
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          .addColumn('updated_at', types.timestamp, (column) => column.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('conversation_resolutions').execute();
        await db.schema.dropTable('message_feedback').execute();
      },
    },
  };
}
