import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../core/database/column-types.js';
import type { DatabaseDialect, ModuleMigrations } from '../core/database/database.js';

/** The Slack module's migrations (names are global across modules). Append-only. */
export function slackMigrations(dialect: DatabaseDialect): ModuleMigrations {
  const types = columnTypes(dialect);
  return {
    // Slack thread <-> conversation links (slack-thread-store.ts owns the queries).
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
    // Staff-assistant conversations are now marked on the conversation (0006); the ones Slack
    // started before are found once through their threads.
    '0007_slack_assistant_channel': {
      async up(db: Kysely<unknown>) {
        await sql`
          update conversations set channel = 'staff_assistant'
          where id in (select conversation_id from slack_threads where kind = 'assistant')`.execute(
          db,
        );
      },
      async down() {},
    },
    // Signatures and delivery ids seen from Slack, shared by every instance
    // (slack-delivery-store.ts owns the queries): the primary key makes one claim win.
    '0013_slack_deliveries': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('slack_deliveries')
          .addColumn('key', 'text', (column) => column.primaryKey())
          .addColumn('expires_at', types.serial, (column) => column.notNull())
          .execute();
        // The cleanup deletes by expiry.
        await db.schema
          .createIndex('slack_deliveries_expires_at')
          .on('slack_deliveries')
          .column('expires_at')
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('slack_deliveries').execute();
      },
    },
  };
}
