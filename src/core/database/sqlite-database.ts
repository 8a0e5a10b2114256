import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Database } from './database.js';
import { runMigrations } from './run-migrations.js';

export interface SqliteDatabaseOptions {
  /** File path, or `:memory:` for a private in-memory database (tests). */
  path: string;
  /** How long a write waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
}

export const SQLITE_MEMORY_PATH = ':memory:';

/**
 * SQLite through Kysely's own dialect on one better-sqlite3 connection. WAL lets the event
 * streams read while a turn is written; `synchronous = NORMAL` is durable against a crash of the
 * process (a committed transaction is in the WAL file) and leaves fsyncs to the checkpoints that
 * SQLite runs on its own every 1,000 pages.
 */
export function createSqliteDatabase(options: SqliteDatabaseOptions): Database {
  if (options.path !== SQLITE_MEMORY_PATH) mkdirSync(dirname(options.path), { recursive: true });
  const connection = new BetterSqlite3(options.path);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  connection.pragma('foreign_keys = ON');
  const kysely = new Kysely<object>({
    dialect: new SqliteDialect({ database: withStatementCache(connection) }),
  });
  let closing: Promise<void> | undefined;
  return {
    dialect: 'sqlite',
    kysely,
    encodeBoolean: (value) => (value ? 1 : 0),
    isUniqueViolation: (error) => sqliteErrorCode(error) === 'SQLITE_CONSTRAINT_UNIQUE',
    isForeignKeyViolation: (error) => sqliteErrorCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY',
    migrate: (migrations) => runMigrations(kysely, migrations),
    async ping() {
      await sql`select 1`.execute(kysely);
    },
    close() {
      closing ??= kysely.destroy();
      return closing;
    },
  };
}

function sqliteErrorCode(error: unknown): string | undefined {
  return error instanceof BetterSqlite3.SqliteError ? error.code : undefined;
}

/**
 * Kysely's dialect prepares every statement anew; the queries of a turn are the same dozen SQL
 * strings, so they are prepared once (bench:turn measured ~1 ms of CPU per turn in prepare). A
 * statement still being iterated (a streamed query) is busy and cannot be shared: such a call
 * gets a fresh one.
 */
function withStatementCache(connection: BetterSqlite3.Database, capacity = 200): SqliteDatabase {
  const statements = new LRUCache<string, BetterSqlite3.Statement>({ max: capacity });
  return {
    close: () => connection.close(),
    prepare(query) {
      const cached = statements.get(query);
      if (cached && !cached.busy) return cached;
      const statement = connection.prepare(query);
      if (!cached) statements.set(query, statement);
      return statement;
    },
  };
}
