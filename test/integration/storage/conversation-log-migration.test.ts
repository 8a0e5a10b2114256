import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { toPublicMessage } from '../../../src/core/conversation/public-message.js';
import { createDatabase } from '../../../src/core/database/create-database.js';
import type { Database } from '../../../src/core/database/database.js';
import { parleyMigrations } from '../../../src/migrations.js';
import { type Storage, storageOver } from '../../contracts/storage.contract.js';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../support/postgres-test-database.js';

const directory = mkdtempSync(join(tmpdir(), 'parley-log-migration-'));
let postgres: PostgresTestDatabase | undefined;

afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await postgres?.drop();
});

/** Brings a fresh database to the layout before 0005 (messages + events) with the real migrations. */
async function migrateToOldLayout(database: Database, schema?: string): Promise<Kysely<unknown>> {
  const db = database.kysely as Kysely<unknown>;
  const migrations = Object.assign({}, ...parleyMigrations(database.dialect));
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateTo('0004_messages_history_index');
  if (error) throw error;
  return db;
}

const conversationId = '01900000-0000-7000-8000-000000000001';
const question = { id: '01900000-0000-7000-8000-0000000000a1', text: 'Wo ist mein Paket?' };
const answer = { id: '01900000-0000-7000-8000-0000000000a2', text: 'Es ist unterwegs.' };

async function writeOldRows(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres') {
  const bool = (value: boolean) => (dialect === 'postgres' ? value : Number(value));
  const at = (second: number) => `2026-11-01T10:00:0${second}.000Z`;
  await sql`insert into conversations (id, locale_hint, language, state, offline_notice_given, created_at, updated_at)
            values (${conversationId}, ${'de-AT'}, ${'de'}, ${'bot'}, ${bool(true)}, ${at(0)}, ${at(3)})`.execute(
    db,
  );
  const event = async (type: string, data: unknown, second: number) => {
    const result = await sql<{
      id: number | string;
    }>`insert into events (conversation_id, type, data, created_at) values (${conversationId}, ${type}, ${JSON.stringify(data)}, ${at(second)}) returning id`.execute(
      db,
    );
    return Number(result.rows[0]!.id);
  };
  const message = async (
    fields: {
      id: string;
      role: string;
      text: string;
      clientMessageId: string | null;
      replyToId: string | null;
      citations: unknown[];
      tier: string | null;
      meta: object;
    },
    second: number,
  ) => {
    const eventId = await event(
      'message',
      { message: { id: fields.id, text: fields.text } },
      second,
    );
    await sql`insert into messages (id, conversation_id, role, text, language, client_message_id, reply_to_id, citations, tier, reasons, handoff, author, meta, created_at, event_id)
              values (${fields.id}, ${conversationId}, ${fields.role}, ${fields.text}, ${'de'}, ${fields.clientMessageId}, ${fields.replyToId}, ${JSON.stringify(fields.citations)},
                      ${fields.tier}, ${'[]'}, ${bool(false)}, ${null}, ${JSON.stringify(fields.meta)}, ${at(second)}, ${eventId})`.execute(
      db,
    );
    return eventId;
  };
  const first = await message(
    {
      ...question,
      role: 'user',
      clientMessageId: 'client-1',
      replyToId: null,
      citations: [],
      tier: null,
      meta: {},
    },
    1,
  );
  const state = await event('state', { state: 'handoff_requested', previous: 'bot' }, 2);
  const second = await message(
    {
      ...answer,
      role: 'assistant',
      clientMessageId: null,
      replyToId: question.id,
      citations: [{ title: 'Versand', snippet: '3–5 Tage' }],
      tier: 'small',
      meta: { costUsd: 0.001 },
    },
    3,
  );
  return [first, state, second];
}

function describeMigration(
  name: string,
  open: () => Promise<{ database: Database; storage: Storage; schema?: string }>,
) {
  describe(`migration 0005_conversation_log: ${name}`, () => {
    it('moves messages and events into one log, keeping every event id, and appends after them', async () => {
      const { database, storage, schema } = await open();
      try {
        const db = await migrateToOldLayout(database, schema);
        const oldIds = await writeOldRows(db, storage.dialect);
        await storage.migrate();

        const messages = await storage.listMessages(conversationId);
        expect(
          messages.map((message) => [message.id, message.role, message.text, message.replyToId]),
        ).toEqual([
          [question.id, 'user', question.text, null],
          [answer.id, 'assistant', answer.text, question.id],
        ]);
        expect(messages[1]).toMatchObject({
          citations: [{ title: 'Versand', snippet: '3–5 Tage' }],
          tier: 'small',
          meta: { costUsd: 0.001 },
          language: 'de',
        });
        const events = await storage.listEvents(conversationId, 0);
        expect(events.map((event) => event.id)).toEqual(oldIds);
        // Message events are rebuilt from the message itself: the full public view, never meta.
        expect(events.map((event) => event.data)).toEqual([
          { message: toPublicMessage(messages[0]!) },
          { state: 'handoff_requested', previous: 'bot' },
          { message: toPublicMessage(messages[1]!) },
        ]);
        expect(await storage.findReplyTo(conversationId, question.id)).toEqual(messages[1]);
        expect(await storage.getConversation(conversationId)).toMatchObject({
          localeHint: 'de-AT',
          language: 'de',
          offlineNoticeGiven: true,
        });

        // The idempotency index came along, and new events continue after the old ids.
        const retry = await storage.appendUserMessage({
          conversationId,
          text: 'again',
          language: 'de',
          clientMessageId: 'client-1',
        });
        expect(retry).toEqual({ message: messages[0], created: false });
        const next = await storage.appendEvent({
          conversationId,
          type: 'state',
          data: { state: 'human' },
        });
        expect(next.id).toBeGreaterThan(oldIds.at(-1)!);
      } finally {
        await storage.close();
      }
    });
  });
}

const open = (url: string, options?: Parameters<typeof createDatabase>[1]) => {
  const database = createDatabase(url, options);
  return { database, storage: storageOver(database) };
};

describeMigration('SQLite', async () => open(`sqlite:${join(directory, 'old.db')}`));

describeMigration('PostgreSQL', async () => {
  postgres ??= await createPostgresTestDatabase('log_migration');
  // The schema must exist before the old migrations run (storage.migrate() would create it).
  return { ...open(postgres.url, { schema: postgres.schema }), schema: postgres.schema };
});
