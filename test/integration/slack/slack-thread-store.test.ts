import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src/core/database/create-database.js';
import { createEscalationStore } from '../../../src/core/escalations/create-escalation-store.js';
import type { HandoffCardContent } from '../../../src/slack/handoff-card.js';
import { createSlackDailyStats } from '../../../src/slack/slack-daily-stats.js';
import {
  createSlackThreadStore,
  type SlackThreadStore,
} from '../../../src/slack/slack-thread-store.js';
import { type Storage, storageOver } from '../../contracts/storage.contract.js';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../support/postgres-test-database.js';

const createStorage = (url: string, options?: Parameters<typeof createDatabase>[1]) => {
  const database = createDatabase(url, options);
  return { database, storage: storageOver(database) };
};

const card = (conversationId: string, reasons: string[]): HandoffCardContent => ({
  conversationId,
  language: 'de',
  reasons,
  transcript: [{ role: 'user', text: 'Ich möchte mit einem Menschen sprechen', author: null }],
  draft: {
    text: 'Unser Kundenservice ist werktags erreichbar.',
    citations: [
      { title: 'Kontakt', url: 'https://help.tessera-shop.example/de/contact-hours', snippet: '…' },
    ],
  },
  requestedAt: '2026-11-25T10:00:00.000Z',
});

/** The same suite on each database the storage supports: the Slack tables live next to the storage's. */
function describeSlackTables(
  name: string,
  open: () => Promise<ReturnType<typeof createStorage> & { cleanup(): Promise<void> }>,
) {
  describe(`Slack tables on ${name}`, () => {
    let storage: Storage;
    let threads: SlackThreadStore;
    let statsDeps: Parameters<typeof createSlackDailyStats>[0];
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      const opened = await open();
      ({ storage, cleanup } = opened);
      await storage.migrate();
      threads = createSlackThreadStore(opened.database);
      statsDeps = { conversations: storage, escalations: createEscalationStore(opened.database) };
    });

    afterAll(async () => {
      await storage.close();
      await cleanup();
    });

    it('links a handoff thread and finds it both ways, card included', async () => {
      const conversation = await storage.createConversation({ localeHint: 'de', language: 'de' });
      await threads.link({
        conversationId: conversation.id,
        kind: 'handoff',
        channelId: 'C1',
        threadTs: '1700000000.000100',
        card: card(conversation.id, ['human_requested']),
      });
      expect(await threads.findByThread('C1', '1700000000.000100', 'handoff')).toMatchObject({
        conversationId: conversation.id,
        kind: 'handoff',
        card: card(conversation.id, ['human_requested']),
      });
      expect(await threads.findByThread('C1', '1700000000.000100', 'assistant')).toBeUndefined();
      expect(await threads.findByThread('C2', '1700000000.000100', 'handoff')).toBeUndefined();
      expect((await threads.findByConversation(conversation.id))?.threadTs).toBe(
        '1700000000.000100',
      );

      await threads.updateCard(conversation.id, card(conversation.id, ['legal_threat']));
      expect((await threads.findByConversation(conversation.id))?.card?.reasons).toEqual([
        'legal_threat',
      ]);
    });

    it('allows one thread per conversation and one conversation per thread and kind', async () => {
      const handoff = await storage.createConversation({ localeHint: null, language: 'en' });
      const assistant = await storage.createConversation({ localeHint: null, language: 'en' });
      const other = await storage.createConversation({ localeHint: null, language: 'en' });
      await threads.link({
        conversationId: handoff.id,
        kind: 'handoff',
        channelId: 'C1',
        threadTs: '1700000000.000200',
        card: card(handoff.id, []),
      });
      // Staff asking the bot inside the handoff thread: a second conversation on the same thread.
      await threads.link({
        conversationId: assistant.id,
        kind: 'assistant',
        channelId: 'C1',
        threadTs: '1700000000.000200',
        card: null,
      });
      expect(
        (await threads.findByThread('C1', '1700000000.000200', 'assistant'))?.conversationId,
      ).toBe(assistant.id);
      await expect(
        threads.link({
          conversationId: other.id,
          kind: 'handoff',
          channelId: 'C1',
          threadTs: '1700000000.000200',
          card: null,
        }),
      ).rejects.toThrow();
      await expect(
        threads.link({
          conversationId: handoff.id,
          kind: 'handoff',
          channelId: 'C9',
          threadTs: '1700000000.000999',
          card: null,
        }),
      ).rejects.toThrow();
    });

    it("counts today's customer conversations and open handoffs, leaving staff-assistant conversations out", async () => {
      const stats = createSlackDailyStats(statsDeps);
      const before = await stats.today();
      const waiting = await storage.createConversation({ localeHint: null, language: 'fr' });
      await storage.updateConversation(waiting.id, { state: 'handoff_requested' });
      const withStaff = await storage.createConversation({ localeHint: null, language: 'it' });
      await storage.updateConversation(withStaff.id, { state: 'human' });
      const internal = await storage.createConversation({
        localeHint: null,
        language: 'en',
        channel: 'staff_assistant',
      });
      await storage.updateConversation(internal.id, { state: 'handoff_requested' });
      await threads.link({
        conversationId: internal.id,
        kind: 'assistant',
        channelId: 'D1',
        threadTs: '1700000000.000300',
        card: null,
      });

      const after = await stats.today();
      expect(after.since).toMatch(/T00:00:00\.000Z$/);
      expect(after.conversations - before.conversations).toBe(2);
      expect(after.handoffsOpen.waiting - before.handoffsOpen.waiting).toBe(1);
      expect(after.handoffsOpen.withStaff - before.handoffsOpen.withStaff).toBe(1);
      expect(after.escalationsByTier).toEqual({ small: 0, large: 0, human: 0 });

      const tomorrow = createSlackDailyStats(statsDeps, () => Date.now() + 86_400_000);
      expect((await tomorrow.today()).conversations).toBe(0);
    });
  });
}

describeSlackTables('SQLite', async () => ({
  ...createStorage('sqlite::memory:'),
  cleanup: async () => {},
}));

let postgres: PostgresTestDatabase | undefined;
describeSlackTables('PostgreSQL', async () => {
  postgres = await createPostgresTestDatabase('slack_threads');
  const database = postgres;
  return {
    ...createStorage(database.url, { schema: database.schema, maxConnections: 4 }),
    cleanup: () => database.drop(),
  };
});
