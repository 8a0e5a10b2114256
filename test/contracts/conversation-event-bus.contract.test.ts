import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationEvent } from '../../src/core/conversation/conversation.js';
import { createConversationEventBus } from '../../src/core/conversation/conversation-event-bus.js';
import { createConversationRepository } from '../../src/core/conversation/conversation-repository.js';
import {
  CONVERSATION_EVENTS_CHANNEL,
  createPostgresConversationEventBus,
  notifyConversationEvent,
} from '../../src/core/conversation/postgres-conversation-event-bus.js';
import { createDatabase } from '../../src/core/database/create-database.js';
import { createPostgresDatabase } from '../../src/core/database/postgres-database.js';
import { parleyMigrations } from '../../src/migrations.js';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../support/postgres-test-database.js';
import {
  describeEventBusContract,
  type EventBusFixture,
  waitFor,
} from './conversation-event-bus.contract.js';

describeEventBusContract('in process (SQLite)', async () => {
  const database = createDatabase('sqlite::memory:');
  await database.migrate(parleyMigrations(database.dialect));
  const repository = createConversationRepository(database);
  const bus = createConversationEventBus();
  repository.onEventStored((event) => bus.publish(event));
  await bus.start();
  return {
    bus,
    repository,
    close: async () => {
      await bus.close();
      await database.close();
    },
  };
});

let postgres: Promise<PostgresTestDatabase> | undefined;
const postgresDatabase = () => (postgres ??= createPostgresTestDatabase('event_bus'));
afterAll(async () => {
  if (postgres !== undefined) await (await postgres.catch(() => undefined))?.drop();
});

const listenerName = (schema: string) => `listener_${schema}`.slice(0, 63);

/** One instance: its database handle, a repository that notifies, and a PostgreSQL bus. */
async function postgresInstance(options: { withBus: boolean }) {
  const test = await postgresDatabase();
  const database = createPostgresDatabase({
    connectionString: test.url,
    schema: test.schema,
    maxConnections: 5,
  });
  await database.migrate(parleyMigrations('postgres'));
  const repository = createConversationRepository(database, {
    onEventInserted: notifyConversationEvent,
  });
  const bus = createPostgresConversationEventBus({
    clientConfig: { ...database.clientConfig, application_name: listenerName(test.schema) },
    readEventsAfter: (conversationId, afterId) => repository.listEvents(conversationId, afterId),
    reconnectDelayMs: { initial: 20, maximum: 200 },
  });
  if (options.withBus) {
    repository.onEventStored((event) => bus.publish(event));
    await bus.start();
  }
  return {
    bus,
    repository,
    close: async () => {
      await bus.close();
      await database.close();
    },
  } satisfies EventBusFixture;
}

describeEventBusContract('PostgreSQL LISTEN/NOTIFY', () => postgresInstance({ withBus: true }));

describe('PostgreSQL event bus across processes', () => {
  let listening: EventBusFixture;
  let writer: EventBusFixture;
  beforeAll(async () => {
    listening = await postgresInstance({ withBus: true });
    // Another instance or the CLI: it stores events but has no bus of its own.
    writer = await postgresInstance({ withBus: false });
  });
  afterAll(async () => {
    await listening?.close();
    await writer?.close();
  });

  it('delivers events stored by another database handle, in id order', async () => {
    const conversation = await writer.repository.createConversation({
      localeHint: null,
      language: 'en',
    });
    const received: ConversationEvent[] = [];
    const unsubscribe = listening.bus.subscribe(conversation.id, 0, (event) =>
      received.push(event),
    );
    try {
      await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          writer.repository.appendMessage({
            conversationId: conversation.id,
            role: 'staff',
            text: `from elsewhere ${index}`,
          }),
        ),
      );
      await waitFor(() => received.length === 10, '10 events from the other handle');
      const stored = await writer.repository.listEvents(conversation.id, 0);
      expect(received.map((event) => event.id)).toEqual(stored.map((event) => event.id));
    } finally {
      unsubscribe();
    }
  });

  it('sends no notification for a transaction that rolls back', async () => {
    const test = await postgresDatabase();
    const client = new pg.Client({ connectionString: test.url });
    await client.connect();
    const payloads: string[] = [];
    client.on('notification', (notification) => payloads.push(notification.payload ?? ''));
    await client.query(`listen ${CONVERSATION_EVENTS_CHANNEL}`);
    try {
      await expect(
        writer.repository.appendMessage({
          conversationId: '00000000-0000-4000-8000-000000000000',
          role: 'staff',
          text: 'no such conversation',
        }),
      ).rejects.toThrow();
      const conversation = await writer.repository.createConversation({
        localeHint: null,
        language: 'en',
      });
      const stored = await writer.repository.appendEvent({
        conversationId: conversation.id,
        type: 'state',
        data: { state: 'human' },
      });
      await waitFor(() => payloads.length >= 1, 'the committed event notification');
      expect(payloads).toEqual([`${conversation.id}:${stored.id}`]);
    } finally {
      await client.end();
    }
  });

  it('reconnects after its LISTEN connection is killed, is not ready meanwhile, and catches up', async () => {
    const conversation = await writer.repository.createConversation({
      localeHint: null,
      language: 'en',
    });
    const received: ConversationEvent[] = [];
    const unsubscribe = listening.bus.subscribe(conversation.id, 0, (event) =>
      received.push(event),
    );
    const test = await postgresDatabase();
    const admin = new pg.Client({ connectionString: test.url });
    await admin.connect();
    try {
      // Only this suite's listeners (named after its schema), not other test files' buses.
      const terminated = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
        [listenerName(test.schema)],
      );
      expect(terminated.rowCount).toBeGreaterThan(0);
      await waitFor(() => !listening.bus.isReady(), 'the bus to notice the lost connection');
      for (let index = 0; index < 5; index += 1)
        await writer.repository.appendMessage({
          conversationId: conversation.id,
          role: 'staff',
          text: `while reconnecting ${index}`,
        });
      await waitFor(() => listening.bus.isReady(), 'the bus to reconnect');
      await waitFor(() => received.length === 5, 'the 5 events stored while it was away');
      const stored = await writer.repository.listEvents(conversation.id, 0);
      expect(received.map((event) => event.id)).toEqual(stored.map((event) => event.id));
    } finally {
      unsubscribe();
      await admin.end();
    }
  });
});
