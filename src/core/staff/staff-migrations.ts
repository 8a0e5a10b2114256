import type { Kysely } from 'kysely';
import { columnTypes } from '../database/column-types.js';
import type { DatabaseDialect, ModuleMigrations } from '../database/database.js';

/** The staff module's migrations (names are global across modules). Append-only. */
export function staffMigrations(dialect: DatabaseDialect): ModuleMigrations {
  const types = columnTypes(dialect);
  return {
    '0012_staff_accounts': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('staff_accounts')
          // Lower-cased name: "Marie" and "marie" are the same login (a unique constraint, so
          // both dialects report a duplicate the same way).
          .addColumn('name_key', 'text', (column) => column.notNull().unique())
          .addColumn('name', 'text', (column) => column.notNull())
          .addColumn('password_hash', 'text', (column) => column.notNull())
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('staff_accounts').execute();
      },
    },
  };
}
