import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createKyselyStorage } from './kysely-storage.js';
import { runMigrations } from './run-migrations.js';
import type { Storage } from './storage.js';
import type { StorageDatabase } from './storage-database.js';

export interface SqliteStorageOptions {
  /** File path, or `:memory:` for a private in-memory database (tests). */
  path: string;
  /** How long a write waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
}

export const SQLITE_MEMORY_PATH = ':memory:';

export function createSqliteStorage(options: SqliteStorageOptions): Storage {
  if (options.path !== SQLITE_MEMORY_PATH) mkdirSync(dirname(options.path), { recursive: true });
  const database = new Database(options.path);
  // WAL lets readers (the events stream) run while a turn is being written; NORMAL sync is
  // durable against process crashes in WAL mode and much faster than FULL.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  database.pragma('foreign_keys = ON');

  const db = new Kysely<StorageDatabase>({ dialect: new SqliteDialect({ database }) });
  return createKyselyStorage(db, {
    dialect: 'sqlite',
    encodeBoolean: (value) => (value ? 1 : 0),
    isUniqueViolation: (error) => sqliteErrorCode(error) === 'SQLITE_CONSTRAINT_UNIQUE',
    isForeignKeyViolation: (error) => sqliteErrorCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY',
    migrate: () => runMigrations(db, 'sqlite'),
  });
}

function sqliteErrorCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}
