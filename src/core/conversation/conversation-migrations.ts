import type { ColumnBuilderCallback, Kysely } from 'kysely';
import { sql } from 'kysely';
import { autoIncrementPrimaryKey, columnTypes } from '../database/column-types.js';
import type { DatabaseDialect, ModuleMigrations } from '../database/database.js';

/**
 * The conversation module's migrations (names are global across modules: the escalation log
 * has 0002, Slack 0003). Append-only: never edit or rename a migration that has shipped.
 */
export function conversationMigrations(dialect: DatabaseDialect): ModuleMigrations {
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
    // messages row plus an events row that repeated it as JSON.
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
    // Staff-assistant conversations (Slack) are marked on the conversation, so that every customer
    // figure leaves them out the same way; and updated_at becomes the last activity on both
    // dialects (SQLite used to derive it from the log on every read).
    '0006_conversation_channel': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('conversations')
          .addColumn('channel', 'text', (column) => column.notNull().defaultTo('web'))
          .execute();
        await sql`
          update conversations set updated_at = coalesce(
            (select max(created_at) from conversation_log where conversation_id = conversations.id),
            updated_at)`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('conversations').dropColumn('channel').execute();
      },
    },
    // A customer message is being answered by one instance until this instant (ms since the
    // epoch); a retry of it elsewhere gets 409 until then, and may answer it after (crashed
    // instance). Set with the message's insert and renewed while the turn runs.
    '0011_answer_lease': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('conversation_log')
          .addColumn('answer_lease_until', types.serial)
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('conversation_log').dropColumn('answer_lease_until').execute();
      },
    },
  };
}
