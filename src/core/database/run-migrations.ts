import { type Kysely, type MigrationProvider, Migrator } from 'kysely';
import type { ModuleMigrations } from './database.js';

/**
 * Brings the schema to the latest migration of every module. Kysely serialises concurrent runs
 * (a PostgreSQL advisory lock; SQLite's database-level write lock).
 */
export async function runMigrations(
  kysely: Kysely<object>,
  modules: readonly ModuleMigrations[],
  options: { migrationTableSchema?: string } = {},
): Promise<void> {
  const migrations: ModuleMigrations = {};
  for (const owned of modules) {
    for (const [name, migration] of Object.entries(owned)) {
      if (name in migrations) throw new Error(`Two modules define the migration "${name}"`);
      migrations[name] = migration;
    }
  }
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({
    db: kysely,
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
