import {
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  type Kysely,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely';

const KYSELY_TABLES = new Set([DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);

interface ColumnRow {
  table: string;
  kind: string;
  schema: string;
  column: string;
  type: string;
  type_schema: string;
  not_null: boolean;
  has_default: boolean;
  auto_incrementing: boolean;
}

/**
 * Kysely's PostgreSQL introspector reads every schema the role can see and resolves each table by
 * its name (pg_get_serial_sequence), so a schema or table that anyone drops while the query runs
 * fails it with "schema … does not exist"; the migrator runs it at every start, to find its own
 * two tables. On a database that others share (tenants, other services, test runs) a start could
 * fail that way. This one reads the connection's current schema only (the one Parley migrates),
 * by OID joins on one snapshot, with no lookup by name.
 */
export function createCurrentSchemaIntrospector(db: Kysely<object>): DatabaseIntrospector {
  const getTables = async (options?: DatabaseMetadataOptions): Promise<TableMetadata[]> => {
    const { rows } = await sql<ColumnRow>`
      select c.relname as table, c.relkind as kind, ns.nspname as schema,
        a.attname as column, typ.typname as type, type_ns.nspname as type_schema,
        a.attnotnull as not_null, a.atthasdef as has_default,
        (a.attidentity <> '' or exists (
          select 1 from pg_catalog.pg_depend dependency
          join pg_catalog.pg_class sequence on sequence.oid = dependency.objid
          where dependency.refobjid = c.oid and dependency.refobjsubid = a.attnum
            and dependency.classid = 'pg_catalog.pg_class'::regclass
            and dependency.deptype in ('a', 'i') and sequence.relkind = 'S'
        )) as auto_incrementing
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      join pg_catalog.pg_type typ on typ.oid = a.atttypid
      join pg_catalog.pg_namespace type_ns on type_ns.oid = typ.typnamespace
      where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
      order by c.relname, a.attnum`.execute(db);
    const tables = new Map<string, TableMetadata>();
    for (const row of rows) {
      if (!options?.withInternalKyselyTables && KYSELY_TABLES.has(row.table)) continue;
      let table = tables.get(row.table);
      if (table === undefined) {
        table = { name: row.table, schema: row.schema, isView: row.kind === 'v', columns: [] };
        tables.set(row.table, table);
      }
      table.columns.push({
        name: row.column,
        dataType: row.type,
        dataTypeSchema: row.type_schema,
        isNullable: !row.not_null,
        hasDefaultValue: row.has_default,
        isAutoIncrementing: row.auto_incrementing,
      });
    }
    return [...tables.values()];
  };
  return {
    async getSchemas(): Promise<SchemaMetadata[]> {
      const { rows } = await sql<SchemaMetadata>`
        select nspname as name from pg_catalog.pg_namespace order by nspname`.execute(db);
      return rows;
    },
    getTables,
    async getMetadata(options) {
      return { tables: await getTables(options) };
    },
  };
}
