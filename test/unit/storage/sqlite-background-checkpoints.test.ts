import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../../../src/core/storage/sqlite-storage.js';
import type { Storage } from '../../../src/core/storage/storage.js';

const directory = mkdtempSync(join(tmpdir(), 'parley-checkpoints-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** In WAL mode only a checkpoint writes the database file itself; commits go to the -wal file. */
function databaseFileSize(path: string): number {
  return statSync(path).size;
}

async function writeAboutAMegabyte(storage: Storage): Promise<void> {
  const conversation = await storage.createConversation({ localeHint: null, language: 'en' });
  for (let index = 0; index < 120; index += 1) {
    await storage.appendEvent({
      conversationId: conversation.id,
      type: 'state',
      data: { filler: `${index}`.padEnd(8_000, 'x') },
    });
  }
}

async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

describe('SQLite checkpoints', () => {
  it('copies committed writes into the database file from a background thread, without waiting for the log to fill', async () => {
    const path = join(directory, 'background.db');
    const storage = createSqliteStorage({ path });
    await storage.migrate();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = databaseFileSize(path);
    await writeAboutAMegabyte(storage);
    // About 250 pages: far below the serving connection's automatic checkpoint, so only the worker can have copied them.
    expect(await eventually(() => databaseFileSize(path) > before + 500_000)).toBe(true);
    await storage.close();
  });

  it('leaves the log alone between automatic checkpoints when background checkpoints are off', async () => {
    const path = join(directory, 'foreground.db');
    const storage = createSqliteStorage({ path, backgroundCheckpoints: false });
    await storage.migrate();
    const before = databaseFileSize(path);
    await writeAboutAMegabyte(storage);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(databaseFileSize(path)).toBeLessThan(before + 100_000);
    await storage.close();
  });

  it('keeps every committed write across a close and a reopen', async () => {
    const path = join(directory, 'reopen.db');
    const storage = createSqliteStorage({ path });
    await storage.migrate();
    const conversation = await storage.createConversation({ localeHint: null, language: 'fr' });
    for (let index = 0; index < 50; index += 1)
      await storage.appendUserMessage({
        conversationId: conversation.id,
        text: `message ${index}`,
        language: 'fr',
        clientMessageId: `m-${index}`,
      });
    await storage.close();

    const reopened = createSqliteStorage({ path });
    try {
      const messages = await reopened.listMessages(conversation.id);
      expect(messages.map((message) => message.text)).toEqual(
        Array.from({ length: 50 }, (_, index) => `message ${index}`),
      );
    } finally {
      await reopened.close();
    }
  });
});
