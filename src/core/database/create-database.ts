import type { Database } from './database.js';
import { createPostgresDatabase } from './postgres-database.js';
import { createSqliteDatabase } from './sqlite-database.js';

export interface CreateDatabaseOptions {
  /** PostgreSQL only: schema holding the tables (see PostgresDatabaseOptions). */
  schema?: string;
  /** PostgreSQL only: pool size. */
  maxConnections?: number;
  /** SQLite only: how long a write waits for another process's lock. */
  busyTimeoutMs?: number;
}

const ACCEPTED_FORMS =
  '"sqlite:<path>" (e.g. sqlite:./data/parley.db, sqlite::memory:) or "postgres://user@host:port/database" (postgresql:// also works)';

/** Opens the database named by DATABASE_URL. Does not migrate: the composition root does. */
export function createDatabase(databaseUrl: string, options: CreateDatabaseOptions = {}): Database {
  const url = databaseUrl.trim();
  if (url.startsWith('sqlite:')) {
    // sqlite:///var/lib/parley.db (URL style) and sqlite:/var/lib/parley.db mean the same file.
    const rest = url.slice('sqlite:'.length);
    const path = rest.startsWith('//') ? rest.slice(2) : rest;
    if (path === '')
      throw new Error(`DATABASE_URL "${databaseUrl}" names no SQLite file. Use ${ACCEPTED_FORMS}.`);
    return createSqliteDatabase({
      path,
      ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
    });
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return createPostgresDatabase({
      connectionString: url,
      ...(options.schema === undefined ? {} : { schema: options.schema }),
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    });
  }
  throw new Error(
    `Unsupported DATABASE_URL "${redactPassword(databaseUrl)}". Use ${ACCEPTED_FORMS}.`,
  );
}

/** The URL goes into an error message that may reach logs. */
function redactPassword(databaseUrl: string): string {
  return databaseUrl.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}
