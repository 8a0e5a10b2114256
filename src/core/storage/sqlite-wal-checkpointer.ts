import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the background connection copies the write-ahead log into the database file. */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 50;
/**
 * The serving connection's own automatic checkpoint, as a backstop: it runs only when the log
 * reaches this many pages (about 40 MB), which is also what lets the log restart from its
 * beginning under sustained writes.
 */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;

export interface WalCheckpointer {
  /** Stops the background connection; the database itself stays open. */
  stop(): void;
}

/*
 * Plain JavaScript run with `eval`, so that it works the same under tsx, vitest and the compiled
 * build. PASSIVE never waits for a lock and never blocks the serving connection's readers or writer.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
let database;
try {
  database = new Database(workerData.path, { fileMustExist: true });
  database.pragma('synchronous = NORMAL');
} catch {
  // Without this connection the serving connection's backstop checkpoint still bounds the log.
  process.exit(0);
}
const timer = setInterval(() => {
  try {
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A transient failure (I/O, a lock held by another process): the next round tries again.
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  database.close();
  process.exit(0);
});
`;

/**
 * Checkpoints a WAL-mode SQLite file from a worker thread with its own connection.
 *
 * In WAL mode with synchronous=NORMAL a commit only appends to the log; the fsyncs happen when a
 * checkpoint copies the log back into the database file. SQLite's automatic checkpoint runs inside
 * the committing call, so with better-sqlite3 every thousandth page or so the event loop stopped
 * for two fsyncs (15 ms each on a busy virtual disk) and every request in flight waited. Here the
 * copying and syncing happen on another thread; durability is the same (same journal mode, same
 * synchronous level), and the serving connection keeps a rarer automatic checkpoint as a backstop.
 */
export function startWalCheckpointer(options: {
  path: string;
  intervalMs?: number;
}): WalCheckpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path: options.path,
      driverPath,
      intervalMs: options.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
    },
  });
  // Never what keeps a process alive, and never a crash: the backstop covers a failed worker.
  worker.unref();
  worker.on('error', () => {});
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      worker.postMessage('stop');
    },
  };
}
