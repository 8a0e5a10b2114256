import type { Kysely, MigrationProvider } from 'kysely';
import { Migrator } from 'kysely';
import type { StorageDialect } from './migrations.js';
import { createMigrations } from './migrations.js';

/**
 * Brings the schema to the latest migration. Kysely serialises concurrent runs (a PostgreSQL
 * advisory lock; SQLite has one connection per process and a database-level write lock).
 */
export async function runMigrations<Database>(
  db: Kysely<Database>,
  dialect: StorageDialect,
  options: { migrationTableSchema?: string } = {},
): Promise<void> {
  const migrations = createMigrations(dialect);
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({
    db,
    provider,
    // Kysely looks for its own tables across every schema it can see; naming ours keeps a
    // `kysely_migration` table in another schema from being mistaken for this one.
    ...(options.migrationTableSchema === undefined
      ? {}
      : { migrationTableSchema: options.migrationTableSchema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error');
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Database migration ${failed ? `"${failed.migrationName}" ` : ''}failed: ${detail}`,
      { cause: error },
    );
  }
}
