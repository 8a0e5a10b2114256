import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/core/database/create-database.js';
import type { PostgresTestDatabase } from '../support/postgres-test-database.js';
import { createPostgresTestDatabase } from '../support/postgres-test-database.js';
import { describeStorageContract, storageOver } from './storage.contract.js';

const createStorage = (url: string, options?: Parameters<typeof createDatabase>[1]) =>
  storageOver(createDatabase(url, options));

const directory = mkdtempSync(join(tmpdir(), 'parley-storage-'));
// A folder that does not exist yet: the SQLite storage must create it.
const sqliteFile = join(directory, 'nested', 'data', 'parley.db');

let postgres: Promise<PostgresTestDatabase> | undefined;

afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  if (postgres !== undefined) await (await postgres.catch(() => undefined))?.drop();
});

describeStorageContract('SQLite file', async () => createStorage(`sqlite:${sqliteFile}`));

describeStorageContract('SQLite in memory', async () => createStorage('sqlite::memory:'));

describeStorageContract('PostgreSQL', async () => {
  postgres ??= createPostgresTestDatabase('storage_contract');
  const database = await postgres;
  return createStorage(database.url, { schema: database.schema, maxConnections: 10 });
});

describe('SQLite file storage', () => {
  it('creates the parent folder and leaves the database in WAL mode with its tables', async () => {
    const file = join(directory, 'fresh', 'deeper', 'parley.db');
    const storage = createStorage(`sqlite:${file}`);
    await storage.migrate();
    await storage.close();
    expect(existsSync(file)).toBe(true);

    const database = new Database(file, { readonly: true });
    try {
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = database
        .prepare("select name from sqlite_master where type = 'table' order by name")
        .pluck()
        .all();
      expect(tables).toEqual(expect.arrayContaining(['conversations', 'conversation_log']));
      // Migration 0005 folded messages into the conversation log.
      expect(tables).not.toContain('messages');
      expect(tables).not.toContain('events');
    } finally {
      database.close();
    }
  });
});

describe('createDatabase', () => {
  it('picks the implementation from the URL', async () => {
    const sqlite = createStorage('sqlite::memory:');
    const postgresStorage = createStorage('postgresql://nobody@127.0.0.1:1/none');
    try {
      expect(sqlite.dialect).toBe('sqlite');
      expect(postgresStorage.dialect).toBe('postgres');
      expect(createStorage('postgres://nobody@127.0.0.1:1/none').dialect).toBe('postgres');
    } finally {
      await sqlite.close();
      await postgresStorage.close();
    }
  });

  it('rejects other URLs, naming DATABASE_URL and the accepted forms without leaking a password', () => {
    expect(() => createStorage('mysql://admin:hunter2@db/parley')).toThrow(
      /DATABASE_URL.*sqlite:<path>.*postgres:\/\//s,
    );
    expect(() => createStorage('mysql://admin:hunter2@db/parley')).not.toThrow(/hunter2/);
    expect(() => createStorage('./data/parley.db')).toThrow(/DATABASE_URL/);
    expect(() => createStorage('sqlite:')).toThrow(/names no SQLite file/);
  });

  it('refuses a PostgreSQL schema name that is not a plain identifier', () => {
    expect(() =>
      createStorage('postgres://postgres@127.0.0.1/test', { schema: 'x; drop table y' }),
    ).toThrow(/schema name/);
  });
});
