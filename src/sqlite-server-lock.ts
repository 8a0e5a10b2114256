import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/**
 * SQLite is for one server: live events fan out inside the process, and the answer cache and
 * rate limits are the process's own. A second server on the same file takes this lock and stops
 * at startup. The lock is an exclusive SQLite lock on a file beside the database, held for the
 * life of the process: the operating system drops it when the process ends, even on kill -9, so
 * a restart never finds a stale lock. The CLI does not take it and may still write.
 */
export function acquireSqliteServerLock(databaseUrl: string): { release(): void } | undefined {
  if (!databaseUrl.startsWith('sqlite:')) return undefined;
  const rest = databaseUrl.slice('sqlite:'.length);
  const path = rest.startsWith('//') ? rest.slice(2) : rest;
  if (path === ':memory:') return undefined;
  const lockPath = `${path}.server-lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  const connection = new BetterSqlite3(lockPath, { timeout: 0 });
  try {
    connection.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in this mode it is kept after the transaction.
    connection.exec(
      'create table if not exists server (pid integer); delete from server; insert into server values (' +
        String(process.pid) +
        ')',
    );
  } catch (error) {
    connection.close();
    if (error instanceof BetterSqlite3.SqliteError && error.code.startsWith('SQLITE_BUSY')) {
      throw new Error(
        `Another Parley server already uses the SQLite database ${path}. SQLite serves one instance: ` +
          'stop the other server, or run several instances on PostgreSQL (DATABASE_URL=postgres://…, see docs/deployment.md).',
      );
    }
    throw error;
  }
  return { release: () => connection.close() };
}
