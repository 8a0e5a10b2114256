import type { CompiledQuery, SqliteDatabase } from 'kysely';
import type { SqlRunner, StatementResult, UnitStatement } from './sql-runner.js';

/** What group commit needs of better-sqlite3 beyond Kysely's SqliteDatabase: whether a transaction is open. */
export interface GroupCommitDatabase extends SqliteDatabase {
  readonly inTransaction: boolean;
}

export interface GroupCommitStats {
  /** Logical transactions (write units and Kysely `transaction()` calls) that committed. */
  units: number;
  /** SQLite COMMITs that made them durable. */
  commits: number;
}

export interface Batch {
  /** Settles when the batch's COMMIT is done (or failed). */
  readonly durable: Promise<void>;
  settle(error?: unknown): void;
  failure?: unknown;
}

const UNIT_SAVEPOINT = 'parley_group_commit_unit';

/**
 * SQLite with group commit: every logical transaction that starts while a batch is open joins it
 * as a savepoint, and one COMMIT at the end of the event-loop turn makes the whole batch durable.
 *
 * Why: a COMMIT writes every page the transaction touched to the write-ahead log, one system call
 * pair per page; under concurrent turns that was the largest part of a turn's storage cost. With
 * group commit the turns that arrive together share one COMMIT, and the pages they share (the
 * tail of each table, the index pages they both touch) are written once.
 *
 * What it keeps: a unit (and a Kysely transaction, see group-commit-sqlite-dialect.ts) resolves
 * only after the COMMIT that contains it, so "stored" still means durable (WAL,
 * synchronous=NORMAL). A logical transaction that fails is rolled back to its savepoint without
 * touching the others. If SQLite itself aborts the batch (an I/O error, a full disk) or the
 * COMMIT fails, every caller of that batch gets the error.
 *
 * Write units run synchronously: nothing else can run on the connection between their
 * statements, so they need no lock unless a Kysely transaction (which awaits between its
 * statements) holds the connection; then they queue behind it.
 *
 * What changes: a read on this connection may see another logical transaction's writes before
 * they are durable (same process, a few hundred microseconds early); they become durable unless
 * the disk fails, in which case that other caller is told.
 */
export class SqliteGroupCommit implements SqlRunner {
  readonly database: GroupCommitDatabase;
  readonly stats: GroupCommitStats;
  /** Held by a Kysely connection for the whole of a Kysely transaction or statement. */
  readonly mutex = new FifoMutex();
  #batch: Batch | undefined;
  #flushScheduled = false;

  constructor(database: GroupCommitDatabase, stats: GroupCommitStats = { units: 0, commits: 0 }) {
    this.database = database;
    this.stats = stats;
  }

  /** The open batch, if any: a statement that runs now is part of it. */
  get openBatch(): Batch | undefined {
    return this.#batch;
  }

  /** The batch to write into, opened if needed. Called holding the connection (or synchronously). */
  joinBatch(): Batch {
    // SQLite may have rolled the batch back after a failed statement outside any savepoint.
    if (this.#batch !== undefined && !this.database.inTransaction)
      this.abortBatch(rolledBackError());
    return this.#batch ?? this.#open();
  }

  read<Row>(query: CompiledQuery<Row>): Promise<Row[]> {
    try {
      return Promise.resolve(this.database.prepare(query.sql).all(query.parameters) as Row[]);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  unit(statements: readonly UnitStatement[]): Promise<StatementResult[]> {
    if (!this.mutex.locked) return this.#runUnit(statements);
    return this.mutex.lock().then(() => {
      try {
        return this.#runUnit(statements);
      } finally {
        this.mutex.unlock();
      }
    });
  }

  #runUnit(statements: readonly UnitStatement[]): Promise<StatementResult[]> {
    let batch: Batch;
    const results: StatementResult[] = [];
    try {
      batch = this.joinBatch();
      // One statement is atomic by itself (SQLite undoes a failed statement alone).
      const savepoint = statements.length > 1;
      if (savepoint) this.#run(`savepoint ${UNIT_SAVEPOINT}`);
      try {
        for (const statement of statements) results.push(this.#execute(statement));
        if (savepoint) this.#run(`release ${UNIT_SAVEPOINT}`);
      } catch (error) {
        this.rollbackUnit(savepoint);
        throw error;
      }
    } catch (error) {
      return Promise.reject(error);
    }
    this.stats.units += 1;
    return batch.durable.then(() => results);
  }

  /** Undoes a failed logical transaction (its savepoint), or fails the batch if SQLite already rolled it all back. */
  rollbackUnit(savepoint: boolean): void {
    if (!this.database.inTransaction) {
      // SQLite rolled the whole batch back itself (I/O error, full disk): everyone in it failed.
      this.abortBatch(rolledBackError());
      return;
    }
    if (!savepoint) return;
    this.#run(`rollback to ${UNIT_SAVEPOINT}`);
    this.#run(`release ${UNIT_SAVEPOINT}`);
  }

  #execute(statement: UnitStatement): StatementResult {
    const prepared = this.database.prepare(statement.query.sql);
    const parameters = statement.query.parameters;
    let result: StatementResult;
    if (prepared.reader) {
      result = { rows: prepared.all(parameters) as Array<Record<string, unknown>>, changes: 0 };
    } else {
      const { changes, lastInsertRowid } = prepared.run(parameters);
      result = { rows: [], changes: Number(changes), lastInsertId: Number(lastInsertRowid) };
    }
    if (statement.requireRow !== undefined && result.rows.length === 0 && result.changes === 0)
      throw statement.requireRow();
    return result;
  }

  #run(sql: string): void {
    this.database.prepare(sql).run([]);
  }

  #open(): Batch {
    this.#run('begin');
    let settle!: (error?: unknown) => void;
    const durable = new Promise<void>((resolve, reject) => {
      settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    // Callers that never waited (none should) must not crash the process with an unhandled rejection.
    durable.catch(() => {});
    const batch: Batch = { durable, settle: (error) => settle(error) };
    this.#batch = batch;
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // The check phase runs after the I/O callbacks of this loop turn: the turns that arrived together.
      setImmediate(() => void this.#flush());
    }
    return batch;
  }

  async #flush(): Promise<void> {
    this.#flushScheduled = false;
    if (this.#batch === undefined) return;
    // Waits for the Kysely transaction in progress: a COMMIT now would make half of it durable.
    await this.mutex.lock();
    try {
      this.commitOpenBatch();
    } finally {
      this.mutex.unlock();
    }
  }

  /** Called holding the connection. */
  commitOpenBatch(): void {
    const batch = this.#batch;
    if (batch === undefined) return;
    this.#batch = undefined;
    if (batch.failure !== undefined || !this.database.inTransaction) {
      batch.settle(batch.failure ?? rolledBackError());
      return;
    }
    try {
      this.#run('commit');
      this.stats.commits += 1;
      batch.settle();
    } catch (error) {
      if (this.database.inTransaction) this.#run('rollback');
      batch.settle(error);
    }
  }

  abortBatch(error: unknown): void {
    const batch = this.#batch;
    if (batch === undefined) return;
    batch.failure ??= error;
    // Nothing is open any more; the next transaction starts a new batch.
    this.#batch = undefined;
    batch.settle(batch.failure);
  }

  /** Commits what is open (after the Kysely transaction in progress) and closes the database. */
  async close(): Promise<void> {
    await this.mutex.lock();
    try {
      this.commitOpenBatch();
    } finally {
      this.database.close();
    }
  }

  /** Savepoint statements for the Kysely driver's transactions. */
  beginUnit(): void {
    this.#run(`savepoint ${UNIT_SAVEPOINT}`);
  }

  releaseUnit(): void {
    this.#run(`release ${UNIT_SAVEPOINT}`);
    this.stats.units += 1;
  }
}

function rolledBackError(): Error {
  return new Error(
    'SQLite rolled back the open write batch after an error; nothing in it was stored. Retry the request.',
  );
}

/** One holder at a time, served in arrival order (a waiting COMMIT is not overtaken forever). */
export class FifoMutex {
  #locked = false;
  readonly #waiting: Array<() => void> = [];

  get locked(): boolean {
    return this.#locked;
  }

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
