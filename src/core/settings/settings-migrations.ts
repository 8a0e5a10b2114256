import type { Kysely } from 'kysely';
import { columnTypes } from '../database/column-types.js';
import type { DatabaseDialect, ModuleMigrations } from '../database/database.js';

/** The settings module's migrations (names are global across modules). Append-only. */
export function settingsMigrations(dialect: DatabaseDialect): ModuleMigrations {
  const types = columnTypes(dialect);
  return {
    // Values every instance must share, created once by whichever instance needs one first.
    '0010_settings': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', (column) => column.primaryKey())
          .addColumn('value', 'text', (column) => column.notNull())
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('settings').execute();
      },
    },
  };
}
