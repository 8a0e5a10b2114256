import { CompiledQuery, SqliteDialect } from 'kysely';
import type { DatabaseConnection, Driver, QueryResult, SqliteDatabase, TransactionSettings } from 'kysely';

/** What the driver needs of better-sqlite3 beyond Kysely's SqliteDatabase: whether a transaction is open. */
export interface GroupCommitDatabase extends SqliteDatabase {
  readonly inTransaction: boolean;
}

export interface GroupCommitStats {
  /** Logical transactions (Kysely `transaction()` calls) that committed. */
  units: number;
  /** SQLite COMMITs that made them durable. */
  commits: number;
}

/**
 * SQLite with group commit: every Kysely transaction that starts while a batch is open joins it
 * as a savepoint, and one COMMIT at the end of the event-loop turn makes the whole batch durable.
 *
 * Why: a COMMIT writes every page the transaction touched to the write-ahead log, one system call
 * pair per page; under concurrent turns that was the largest part of a turn's storage cost. With
 * group commit the turns that arrive together share one COMMIT, and the pages they share (the
 * tail of each table, the index pages they both touch) are written once.
 *
 * What it keeps: a caller's `transaction().execute()` (and any statement that ran inside an open
 * batch) resolves only after the COMMIT that contains it, so "stored" still means durable
 * (WAL, synchronous=NORMAL). A logical transaction that fails is rolled back to its savepoint
 * without touching the others. If SQLite itself aborts the batch (an I/O error, a full disk)
 * or the COMMIT fails, every caller of that batch gets the error.
 *
 * What changes: a read on this connection may see another logical transaction's writes before
 * they are durable (same process, a few hundred microseconds early); they become durable unless
 * the disk fails, in which case that other caller is told.
 */
export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly #database: GroupCommitDatabase;
  readonly #stats: GroupCommitStats;

  constructor(config: { database: GroupCommitDatabase; stats?: GroupCommitStats }) {
    super({ database: config.database });
    this.#database = config.database;
    this.#stats = config.stats ?? { units: 0, commits: 0 };
  }

  override createDriver(): Driver {
    return new GroupCommitSqliteDriver(this.#database, this.#stats);
  }
}

const UNIT_SAVEPOINT = 'parley_group_commit_unit';

interface Batch {
  /** Settles when the batch's COMMIT is done (or failed). */
  readonly durable: Promise<void>;
  settle(error?: unknown): void;
  failure?: unknown;
}

class GroupCommitSqliteDriver implements Driver {
  readonly #database: GroupCommitDatabase;
  readonly #stats: GroupCommitStats;
  readonly #mutex = new FifoMutex();
  readonly #connection: GroupCommitConnection;
  #batch: Batch | undefined;
  /** The batch the current holder of the connection wrote into (it waits for it on release). */
  #joined: Batch | undefined;

  constructor(database: GroupCommitDatabase, stats: GroupCommitStats) {
    this.#database = database;
    this.#stats = stats;
    this.#connection = new GroupCommitConnection(database, () => {
      // A statement outside a logical transaction runs inside the open batch, if there is one.
      if (this.#batch !== undefined) this.#joined = this.#batch;
    });
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    this.#joined = undefined;
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    // SQLite may have rolled the batch back after a failed statement outside any savepoint.
    if (this.#batch !== undefined && !this.#database.inTransaction) this.#abortBatch(rolledBackError());
    if (this.#batch === undefined) this.#openBatch();
    this.#joined = this.#batch;
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${UNIT_SAVEPOINT}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${UNIT_SAVEPOINT}`));
    this.#stats.units += 1;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // This unit's work is undone, so it has nothing to wait for; its own error reaches its caller.
    this.#joined = undefined;
    if (!this.#database.inTransaction) {
      // SQLite rolled the whole batch back itself (I/O error, full disk): everyone in it failed.
      this.#abortBatch(rolledBackError());
      return;
    }
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${UNIT_SAVEPOINT}`));
    await connection.executeQuery(CompiledQuery.raw(`release ${UNIT_SAVEPOINT}`));
  }

  async releaseConnection(): Promise<void> {
    const joined = this.#joined;
    this.#joined = undefined;
    // Let the next transaction in before waiting: that is what lets a batch hold more than one.
    this.#mutex.unlock();
    if (joined !== undefined) await joined.durable;
  }

  async destroy(): Promise<void> {
    // The transaction in progress (and those already waiting) finish first; their batch is committed.
    await this.#mutex.lock();
    try {
      this.#commitOpenBatch();
    } finally {
      this.#database.close();
    }
  }

  #openBatch(): void {
    this.#database.prepare('begin').run([]);
    let settle!: (error?: unknown) => void;
    const durable = new Promise<void>((resolve, reject) => {
      settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    // Callers that never waited (none should) must not crash the process with an unhandled rejection.
    durable.catch(() => {});
    const batch: Batch = { durable, settle: (error) => settle(error) };
    this.#batch = batch;
    // The check phase runs after the I/O callbacks of this loop turn: the turns that arrived together.
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    const batch = this.#batch;
    if (batch === undefined) return;
    // Waits for the logical transaction in progress: a COMMIT now would make half of it durable.
    await this.#mutex.lock();
    try {
      if (this.#batch === batch) this.#commitOpenBatch();
    } finally {
      this.#mutex.unlock();
    }
  }

  /** Called holding the mutex. */
  #commitOpenBatch(): void {
    const batch = this.#batch;
    if (batch === undefined) return;
    this.#batch = undefined;
    if (batch.failure !== undefined || !this.#database.inTransaction) {
      batch.settle(batch.failure ?? rolledBackError());
      return;
    }
    try {
      this.#database.prepare('commit').run([]);
      this.#stats.commits += 1;
      batch.settle();
    } catch (error) {
      if (this.#database.inTransaction) this.#database.prepare('rollback').run([]);
      batch.settle(error);
    }
  }

  #abortBatch(error: unknown): void {
    const batch = this.#batch;
    if (batch === undefined) return;
    batch.failure ??= error;
    // Nothing is open any more; the next transaction starts a new batch.
    this.#batch = undefined;
    batch.settle(batch.failure);
  }
}

function rolledBackError(): Error {
  return new Error('SQLite rolled back the open write batch after an error; nothing in it was stored. Retry the request.');
}

/** Runs queries on better-sqlite3 like Kysely's SqliteConnection (which Kysely does not export), and tells the driver a statement ran. */
class GroupCommitConnection implements DatabaseConnection {
  readonly #database: SqliteDatabase;
  readonly #onStatement: () => void;

  constructor(database: SqliteDatabase, onStatement: () => void) {
    this.#database = database;
    this.#onStatement = onStatement;
  }

  executeQuery<Row>(compiledQuery: CompiledQuery): Promise<QueryResult<Row>> {
    this.#onStatement();
    const statement = this.#database.prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as Row[] });
    const { changes, lastInsertRowid } = statement.run(parameters);
    return Promise.resolve({
      numAffectedRows: changes === undefined || changes === null ? undefined : BigInt(changes),
      insertId: lastInsertRowid === undefined || lastInsertRowid === null ? undefined : BigInt(lastInsertRowid),
      rows: [],
    });
  }

  async *streamQuery<Row>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<Row>> {
    this.#onStatement();
    const statement = this.#database.prepare(compiledQuery.sql);
    if (!statement.reader) throw new Error('The SQLite driver only streams queries that return rows');
    for (const row of statement.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as Row] };
  }
}

/** One holder at a time, served in arrival order (a waiting COMMIT is not overtaken forever). */
class FifoMutex {
  #locked = false;
  readonly #waiting: Array<() => void> = [];

  lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  unlock(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#locked = false;
    else next();
  }
}
