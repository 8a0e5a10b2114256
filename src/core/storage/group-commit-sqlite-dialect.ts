import type {
  CompiledQuery,
  DatabaseConnection,
  Driver,
  QueryResult,
  SqliteDatabase,
  TransactionSettings,
} from 'kysely';
import { SqliteDialect } from 'kysely';
import {
  type Batch,
  type GroupCommitDatabase,
  type GroupCommitStats,
  SqliteGroupCommit,
} from './sqlite-group-commit.js';

export type { GroupCommitDatabase, GroupCommitStats } from './sqlite-group-commit.js';

/**
 * Kysely on a group-commit SQLite connection (sqlite-group-commit.ts explains the batching): a
 * Kysely transaction joins the open batch as a savepoint and resolves once the batch's COMMIT is
 * done. It holds the connection while it awaits between statements; the storage's write units
 * (`groupCommit.unit`) run between Kysely transactions, never inside one.
 */
export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly groupCommit: SqliteGroupCommit;

  constructor(config: { database: GroupCommitDatabase; stats?: GroupCommitStats }) {
    super({ database: config.database });
    this.groupCommit = new SqliteGroupCommit(config.database, config.stats);
  }

  override createDriver(): Driver {
    return new GroupCommitSqliteDriver(this.groupCommit);
  }
}

class GroupCommitSqliteDriver implements Driver {
  readonly #groupCommit: SqliteGroupCommit;
  readonly #connection: GroupCommitConnection;
  /** The batch the current holder of the connection wrote into (it waits for it on release). */
  #joined: Batch | undefined;

  constructor(groupCommit: SqliteGroupCommit) {
    this.#groupCommit = groupCommit;
    this.#connection = new GroupCommitConnection(groupCommit.database, () => {
      // A statement outside a logical transaction runs inside the open batch, if there is one.
      if (groupCommit.openBatch !== undefined) this.#joined = groupCommit.openBatch;
    });
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#groupCommit.mutex.lock();
    this.#joined = undefined;
    return this.#connection;
  }

  async beginTransaction(
    _connection: DatabaseConnection,
    _settings: TransactionSettings,
  ): Promise<void> {
    this.#joined = this.#groupCommit.joinBatch();
    this.#groupCommit.beginUnit();
  }

  async commitTransaction(_connection: DatabaseConnection): Promise<void> {
    this.#groupCommit.releaseUnit();
  }

  async rollbackTransaction(_connection: DatabaseConnection): Promise<void> {
    // This unit's work is undone, so it has nothing to wait for; its own error reaches its caller.
    this.#joined = undefined;
    this.#groupCommit.rollbackUnit(true);
  }

  async releaseConnection(): Promise<void> {
    const joined = this.#joined;
    this.#joined = undefined;
    // Let the next transaction in before waiting: that is what lets a batch hold more than one.
    this.#groupCommit.mutex.unlock();
    if (joined !== undefined) await joined.durable;
  }

  async destroy(): Promise<void> {
    // The transaction in progress (and those already waiting) finish first; their batch is committed.
    await this.#groupCommit.close();
  }
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
      insertId:
        lastInsertRowid === undefined || lastInsertRowid === null
          ? undefined
          : BigInt(lastInsertRowid),
      rows: [],
    });
  }

  async *streamQuery<Row>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<Row>> {
    this.#onStatement();
    const statement = this.#database.prepare(compiledQuery.sql);
    if (!statement.reader)
      throw new Error('The SQLite driver only streams queries that return rows');
    for (const row of statement.iterate(compiledQuery.parameters as unknown[]))
      yield { rows: [row as Row] };
  }
}
