import type { Kysely, Migration } from 'kysely';

export type DatabaseDialect = 'sqlite' | 'postgres';

/** A module's migrations by name. Names are global: Kysely runs every module's migrations in name order. */
export type ModuleMigrations = Record<string, Migration>;

/**
 * The one database handle of a process, built in the composition root. Each module reaches its
 * own tables through `kysely.withTables<ItsTables>()` and owns its queries and migrations; this
 * handle only knows how to talk to the database, not what is in it.
 */
export interface Database {
  readonly dialect: DatabaseDialect;
  readonly kysely: Kysely<object>;
  /** better-sqlite3 cannot bind JS booleans; pg binds them natively. */
  encodeBoolean(value: boolean): boolean | number;
  isUniqueViolation(error: unknown): boolean;
  isForeignKeyViolation(error: unknown): boolean;
  /** Applies every module's pending migrations, in name order. Idempotent. */
  migrate(migrations: readonly ModuleMigrations[]): Promise<void>;
  /** Round trip to the database, for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
