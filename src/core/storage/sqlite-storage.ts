import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { createConversationCache } from './conversation-cache.js';
import {
  type GroupCommitDatabase,
  GroupCommitSqliteDialect,
} from './group-commit-sqlite-dialect.js';
import { createKyselyStorage } from './kysely-storage.js';
import { runMigrations } from './run-migrations.js';
import {
  BACKSTOP_AUTOCHECKPOINT_PAGES,
  startWalCheckpointer,
  type WalCheckpointer,
} from './sqlite-wal-checkpointer.js';
import type { Storage } from './storage.js';
import type { StorageDatabase } from './storage-database.js';

export interface SqliteStorageOptions {
  /** File path, or `:memory:` for a private in-memory database (tests). */
  path: string;
  /** How long a write waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
  /**
   * Checkpoint the write-ahead log from a worker thread (see sqlite-wal-checkpointer.ts) instead of
   * inside the commits of the serving thread. Default true for database files.
   */
  backgroundCheckpoints?: boolean;
}

export const SQLITE_MEMORY_PATH = ':memory:';

const SQLITE_CACHE_KIB = 64 * 1024;

export function createSqliteStorage(options: SqliteStorageOptions): Storage {
  if (options.path !== SQLITE_MEMORY_PATH) mkdirSync(dirname(options.path), { recursive: true });
  const database = new Database(options.path);
  // WAL lets readers (the events stream) run while a turn is being written; NORMAL sync is
  // durable against process crashes in WAL mode and much faster than FULL.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  database.pragma('foreign_keys = ON');
  // SQLite's default page cache is 2 MiB: a few thousand conversations already miss it on every
  // turn, and each miss is a WAL hash lookup plus a read system call. 64 MiB keeps the hot part
  // of a busy help desk's database in memory (the cache only grows as pages are used).
  database.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  let checkpointer: WalCheckpointer | undefined;
  if (options.path !== SQLITE_MEMORY_PATH && options.backgroundCheckpoints !== false) {
    database.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
    checkpointer = startWalCheckpointer({ path: options.path });
  }

  const dialect = new GroupCommitSqliteDialect({
    database: withStatementCache(database, () => checkpointer?.stop()),
  });
  const db = new Kysely<StorageDatabase>({ dialect });
  const dataVersion = database.prepare('pragma data_version').pluck();
  return createKyselyStorage(db, {
    dialect: 'sqlite',
    runner: dialect.groupCommit,
    encodeBoolean: (value) => (value ? 1 : 0),
    isUniqueViolation: (error) => sqliteErrorCode(error) === 'SQLITE_CONSTRAINT_UNIQUE',
    isForeignKeyViolation: (error) => sqliteErrorCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY',
    lockConversationOnWrite: false,
    // One connection writes, so what it read stays true until another connection commits.
    conversationCache: createConversationCache({
      externalChanges: () => dataVersion.get() as number,
    }),
    migrate: () => runMigrations(db, 'sqlite'),
  });
}

/** Enough for every fixed query of the storage and the escalation log, plus the ops filters' variants. */
const STATEMENT_CACHE_SIZE = 500;

/*
 * Kysely prepares every query it runs, and better-sqlite3 compiles the SQL on each prepare(): that
 * compile was the largest single cost of a turn's writes. The storage runs a small fixed set of
 * SQL strings, so their compiled statements are kept and reused. A statement that is still being
 * iterated (a streamed export) cannot run a second time concurrently: such a call gets a fresh one.
 */
function withStatementCache(
  database: Database.Database,
  beforeClose: () => void,
  maxStatements = STATEMENT_CACHE_SIZE,
): GroupCommitDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    get inTransaction() {
      return database.inTransaction;
    },
    close: () => {
      beforeClose();
      database.close();
    },
    prepare(sqlText) {
      const cached = statements.get(sqlText);
      if (cached !== undefined && !cached.busy) return cached;
      const statement = database.prepare(sqlText);
      if (cached === undefined) {
        // Oldest first: a filter combination seen once long ago is the one to forget.
        if (statements.size >= maxStatements) statements.delete(statements.keys().next().value!);
        statements.set(sqlText, statement);
      }
      return statement;
    },
  };
}

function sqliteErrorCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}
