import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { createCurrentSchemaIntrospector } from './current-schema-introspector.js';
import type { Database } from './database.js';
import { runMigrations } from './run-migrations.js';

/** The PostgreSQL handle also says how to open a connection of one's own (the LISTEN connection). */
export interface PostgresDatabase extends Database {
  readonly dialect: 'postgres';
  readonly clientConfig: pg.ClientConfig;
}

export function isPostgresDatabase(database: Database): database is PostgresDatabase {
  return database.dialect === 'postgres' && 'clientConfig' in database;
}

export interface PostgresDatabaseOptions {
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

/** The migrator introspects the schema Parley migrates, not every schema on the server. */
class CurrentSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<object>) {
    return createCurrentSchemaIntrospector(db);
  }
}

export function createPostgresDatabase(options: PostgresDatabaseOptions): PostgresDatabase {
  const { schema } = options;
  // The name goes into a startup parameter and DDL, where it cannot be a bound parameter.
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`PostgreSQL schema name must match ${SCHEMA_NAME} (got "${schema}")`);
  }
  const clientConfig: pg.ClientConfig = {
    connectionString: options.connectionString,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  };
  // The pg driver is imported when Kysely first needs a connection (it calls this once), so that
  // a process on SQLite, the embedded default, never loads it (a tenth of the startup time).
  let driver: typeof pg | undefined;
  const createPool = async (): Promise<pg.Pool> => {
    driver = (await import('pg')).default;
    const pool = new driver.Pool({ ...clientConfig, max: options.maxConnections ?? 10 });
    // An idle client that loses its connection emits 'error' on the pool, which would otherwise
    // crash the process; the pool discards that client and the next query reports the outage.
    pool.on('error', () => {});
    return pool;
  };
  const kysely = new Kysely<object>({
    dialect: new CurrentSchemaPostgresDialect({ pool: createPool }),
  });
  // A database error can only come from a query, so the driver is loaded by then.
  const postgresErrorCode = (error: unknown): string | undefined =>
    driver && error instanceof driver.DatabaseError ? error.code : undefined;
  let closing: Promise<void> | undefined;
  return {
    dialect: 'postgres',
    kysely,
    clientConfig,
    encodeBoolean: (value) => value,
    isUniqueViolation: (error) => postgresErrorCode(error) === '23505',
    isForeignKeyViolation: (error) => postgresErrorCode(error) === '23503',
    async migrate(migrations) {
      if (schema !== undefined)
        await sql`create schema if not exists ${sql.id(schema)}`.execute(kysely);
      const current = await sql<{
        schema: string | null;
      }>`select current_schema() as schema`.execute(kysely);
      const migrationTableSchema = current.rows[0]?.schema ?? undefined;
      await runMigrations(
        kysely,
        migrations,
        migrationTableSchema === undefined ? {} : { migrationTableSchema },
      );
    },
    async ping() {
      await sql`select 1`.execute(kysely);
    },
    close() {
      closing ??= kysely.destroy();
      return closing;
    },
  };
}
