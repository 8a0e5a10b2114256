import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createKyselyStorage } from './kysely-storage.js';
import { runMigrations } from './run-migrations.js';
import { createKyselySqlRunner } from './sql-runner.js';
import type { Storage } from './storage.js';
import type { StorageDatabase } from './storage-database.js';

export interface PostgresStorageOptions {
  connectionString: string;
  /**
   * Schema to keep the tables in (set as the connections' search_path and created by migrate()).
   * Tests use one per test file; unset, the server's default search_path applies (usually public).
   */
  schema?: string;
  /** Pool size. */
  maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function createPostgresStorage(options: PostgresStorageOptions): Storage {
  const { schema } = options;
  // The name goes into a startup parameter and DDL, where it cannot be a bound parameter.
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`PostgreSQL schema name must match ${SCHEMA_NAME} (got "${schema}")`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client that loses its connection emits 'error' on the pool, which would otherwise
  // crash the process; the pool discards that client and the next query reports the outage.
  pool.on('error', () => {});

  const db = new Kysely<StorageDatabase>({ dialect: new PostgresDialect({ pool }) });
  return createKyselyStorage(db, {
    dialect: 'postgres',
    runner: createKyselySqlRunner(db as unknown as Kysely<unknown>),
    encodeBoolean: (value) => value,
    isUniqueViolation: (error) => postgresErrorCode(error) === '23505',
    isForeignKeyViolation: (error) => postgresErrorCode(error) === '23503',
    lockConversationOnWrite: true,
    async migrate() {
      if (schema !== undefined)
        await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
      const current = await sql<{
        schema: string | null;
      }>`select current_schema() as schema`.execute(db);
      const migrationTableSchema = current.rows[0]?.schema ?? undefined;
      await runMigrations(
        db,
        'postgres',
        migrationTableSchema === undefined ? {} : { migrationTableSchema },
      );
    },
  });
}

function postgresErrorCode(error: unknown): string | undefined {
  return error instanceof pg.DatabaseError ? error.code : undefined;
}
