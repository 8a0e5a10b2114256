import type { CompiledQuery, Kysely } from 'kysely';

/** One statement of a write unit. */
export interface UnitStatement {
  readonly query: CompiledQuery;
  /**
   * The statement must return a row or change one; otherwise the whole unit is rolled back and
   * fails with this error (an unknown conversation, a reply to a message that does not exist).
   */
  readonly requireRow?: () => Error;
}

export interface StatementResult {
  readonly rows: ReadonlyArray<Record<string, unknown>>;
  /** Rows the statement inserted, updated or deleted. */
  readonly changes: number;
  /** The rowid an INSERT without RETURNING assigned (SQLite). */
  readonly lastInsertId?: number;
}

/**
 * Runs the storage's compiled queries (Kysely builds every one of them): a read, or a write unit
 * whose statements commit together or not at all.
 *
 * Why units are lists of statements rather than callbacks: a unit then needs nothing from the
 * caller between its statements, so SQLite runs it synchronously inside the open group-commit
 * batch (sqlite-group-commit.ts), without a connection lock and a promise per statement; that
 * ceremony cost more than the statements of a turn themselves. PostgreSQL runs it as one
 * transaction.
 */
export interface SqlRunner {
  read<Row>(query: CompiledQuery<Row>): Promise<Row[]>;
  /** Resolves once the unit is durable, with one result per statement. */
  unit(statements: readonly UnitStatement[]): Promise<StatementResult[]>;
}

/** The runner for a driver with a connection pool (PostgreSQL): each unit is a transaction. */
export function createKyselySqlRunner(db: Kysely<unknown>): SqlRunner {
  return {
    async read<Row>(query: CompiledQuery<Row>) {
      return (await db.executeQuery(query)).rows;
    },
    async unit(statements) {
      // A single statement is atomic by itself: no transaction round trips for it.
      if (statements.length === 1) return [await runStatement(db, statements[0]!)];
      return db.transaction().execute(async (transaction) => {
        const results: StatementResult[] = [];
        for (const statement of statements)
          results.push(await runStatement(transaction, statement));
        return results;
      });
    },
  };
}

async function runStatement(
  executor: Pick<Kysely<unknown>, 'executeQuery'>,
  statement: UnitStatement,
): Promise<StatementResult> {
  const result = await executor.executeQuery(statement.query);
  const changes = Number(result.numAffectedRows ?? 0n);
  if (statement.requireRow !== undefined && result.rows.length === 0 && changes === 0)
    throw statement.requireRow();
  return { rows: result.rows as Array<Record<string, unknown>>, changes };
}
