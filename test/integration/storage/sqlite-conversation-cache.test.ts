import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createConversationCache } from '../../../src/core/storage/conversation-cache.js';
import { createSqliteStorage } from '../../../src/core/storage/sqlite-storage.js';

const directory = mkdtempSync(join(tmpdir(), 'parley-conversation-cache-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('SQLite storage with its conversation cache', () => {
  it('sees what another connection wrote: the cache is dropped, never trusted', async () => {
    const path = join(directory, 'shared.db');
    const storage = createSqliteStorage({ path, backgroundCheckpoints: false });
    await storage.migrate();
    const conversation = await storage.createConversation({ localeHint: null, language: 'en' });
    await storage.appendUserMessage({
      conversationId: conversation.id,
      text: 'first',
      language: 'en',
      clientMessageId: null,
    });
    // Both now come from the cache.
    expect((await storage.getConversation(conversation.id))?.state).toBe('bot');
    expect((await storage.listHistory(conversation.id, 24)).map((message) => message.text)).toEqual(
      ['first'],
    );

    // Another process (the CLI, a second server on the same file) changes the conversation.
    const other = new Database(path);
    try {
      other.prepare("update conversations set state = 'human' where id = ?").run(conversation.id);
      other
        .prepare(
          "insert into conversation_log (conversation_id, type, created_at, message_id, role, text, citations, reasons, handoff, meta) values (?, 'message', ?, ?, 'staff', 'from elsewhere', '[]', '[]', 0, '{}')",
        )
        .run(conversation.id, new Date().toISOString(), '01900000-0000-7000-8000-00000000abcd');
    } finally {
      other.close();
    }
    // Another connection's commit is seen within a millisecond (the check is not made on every read).
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await storage.getConversation(conversation.id))?.state).toBe('human');
    expect((await storage.listHistory(conversation.id, 24)).map((message) => message.text)).toEqual(
      ['first', 'from elsewhere'],
    );
    await storage.close();
  });

  it('keeps the cached history in step with the storage’s own writes, in store order', async () => {
    const storage = createSqliteStorage({
      path: join(directory, 'own.db'),
      backgroundCheckpoints: false,
    });
    await storage.migrate();
    const conversation = await storage.createConversation({ localeHint: null, language: 'de' });
    const texts = Array.from({ length: 30 }, (_, index) => `#${index}`);
    // Concurrent writes to one conversation, as a customer and staff typing at once would make.
    await Promise.all(
      texts.map((text, index) =>
        index % 2 === 0
          ? storage.appendUserMessage({
              conversationId: conversation.id,
              text,
              language: 'de',
              clientMessageId: text,
            })
          : storage.appendMessage({ conversationId: conversation.id, role: 'staff', text }),
      ),
    );
    const fromCache = await storage.listHistory(conversation.id, 24);
    const fromDatabase = (await storage.listMessages(conversation.id))
      .slice(-24)
      .map((message) => message.text);
    expect(fromCache.map((message) => message.text)).toEqual(fromDatabase);
    expect(fromCache).toHaveLength(24);
    // A duplicate clientMessageId stores nothing and must not show up twice either.
    await storage.appendUserMessage({
      conversationId: conversation.id,
      text: 'again',
      language: 'de',
      clientMessageId: '#28',
    });
    expect((await storage.listHistory(conversation.id, 24)).map((message) => message.text)).toEqual(
      fromDatabase,
    );
    await storage.close();
  });
});

describe('conversation cache', () => {
  const conversation = {
    id: 'c',
    localeHint: null,
    language: null,
    state: 'bot' as const,
    offlineNoticeGiven: false,
    createdAt: 't0',
    updatedAt: 't0',
  };
  const message = (eventId: number) => ({
    eventId,
    id: `m${eventId}`,
    role: 'user' as const,
    text: `${eventId}`,
    announcedState: null,
  });

  it('answers a history read only when it holds enough of it, in event order, without duplicates', () => {
    const cache = createConversationCache({ externalChanges: () => 1, maxHistory: 3 });
    expect(cache.history('c', 24)).toBeUndefined();
    cache.created(conversation);
    expect(cache.history('c', 24)).toEqual([]);
    cache.appended('c', message(2), 't2');
    cache.appended('c', message(1), 't1');
    cache.appended('c', message(2), 't2');
    expect(cache.history('c', 24)?.map((entry) => entry.text)).toEqual(['1', '2']);
    cache.appended('c', message(3), 't3');
    cache.appended('c', message(4), 't4');
    // Three kept: enough for a read of three, not for a read of more.
    expect(cache.history('c', 3)?.map((entry) => entry.text)).toEqual(['2', '3', '4']);
    expect(cache.history('c', 4)).toBeUndefined();
    expect(cache.conversation('c')?.updatedAt).toBe('t4');
    expect(cache.holdsMessage('c', 'm4')).toBe(true);
    // Pushed out of the kept window: no longer known, so the database is asked.
    expect(cache.holdsMessage('c', 'm1')).toBe(false);
    expect(cache.holdsMessage('other', 'm4')).toBe(false);
  });

  it('forgets everything when another connection changed the database', () => {
    let version = 1;
    const cache = createConversationCache({ externalChanges: () => version, recheckAfterMs: 0 });
    cache.created(conversation);
    expect(cache.conversation('c')).toEqual(conversation);
    version = 2;
    expect(cache.conversation('c')).toBeUndefined();
    expect(cache.history('c', 1)).toBeUndefined();
  });

  it('hands out copies: a caller changing one cannot change the cache', () => {
    const cache = createConversationCache({ externalChanges: () => 1 });
    cache.created(conversation);
    const copy = cache.conversation('c')!;
    copy.state = 'human';
    expect(cache.conversation('c')?.state).toBe('bot');
  });
});
