import type { Kysely } from 'kysely';
import type { StorageDialect } from './migrations.js';
import type { SqlRunner } from './sql-runner.js';
import type { Storage } from './storage.js';
import type { StorageDatabase } from './storage-database.js';

/**
 * The Kysely instance behind a Storage, for stores that keep their own tables in the same
 * database (the escalation log). Sharing the instance matters: `sqlite::memory:` is a private
 * database per connection, and one pool per process is what PostgreSQL wants.
 */
export interface StorageSqlAccess {
  readonly db: Kysely<StorageDatabase>;
  readonly dialect: StorageDialect;
  /** Runs compiled hot-path queries and write units on the same connection(s) (sql-runner.ts). */
  readonly runner: SqlRunner;
  encodeBoolean(value: boolean): boolean | number;
}

const accessByStorage = new WeakMap<Storage, StorageSqlAccess>();

/** Called by createKyselyStorage; the Storage interface itself stays free of SQL. */
export function registerSqlAccess(storage: Storage, access: StorageSqlAccess): Storage {
  accessByStorage.set(storage, access);
  return storage;
}

/** The SQL access of a Kysely-backed Storage, or undefined for any other implementation. */
export function sqlAccessOf(storage: Storage): StorageSqlAccess | undefined {
  return accessByStorage.get(storage);
}
