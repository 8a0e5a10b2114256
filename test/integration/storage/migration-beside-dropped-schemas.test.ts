import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createCurrentSchemaIntrospector } from '../../../src/core/database/current-schema-introspector.js';
import { createPostgresDatabase } from '../../../src/core/database/postgres-database.js';
import { parleyMigrations } from '../../../src/migrations.js';
import {
  createPostgresTestDatabase,
  testDatabaseUrl,
} from '../../support/postgres-test-database.js';

/**
 * A PostgreSQL server is often shared: other tenants, other services, parallel test runs create
 * and drop schemas. Kysely's own introspector reads every schema and failed a migration when one
 * vanished mid-query (CI saw it: "schema test_feedback_contract_… does not exist"); measured with
 * two connections churning schemas, 27 of 60 migrations failed before, 0 of 60 after.
 */
describe('migrating on a PostgreSQL server where others drop schemas', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('lists only the current schema, columns included', async () => {
    const mine = await createPostgresTestDatabase('introspect_mine');
    const other = await createPostgresTestDatabase('introspect_other');
    cleanups.push(mine.drop, other.drop);
    const client = new pg.Client({ connectionString: mine.url });
    await client.connect();
    try {
      await client.query(`create table "${other.schema}".elsewhere (id integer)`);
      await client.query(
        `create table "${mine.schema}".widgets (id serial primary key, label text not null, note varchar(20) default 'x')`,
      );
      await client.query(
        `create view "${mine.schema}".widget_labels as select label from "${mine.schema}".widgets`,
      );
    } finally {
      await client.end();
    }
    const database = createPostgresDatabase({ connectionString: mine.url, schema: mine.schema });
    try {
      const tables = await createCurrentSchemaIntrospector(database.kysely).getTables();
      expect(tables.map((table) => [table.schema, table.name, table.isView])).toEqual([
        [mine.schema, 'widget_labels', true],
        [mine.schema, 'widgets', false],
      ]);
      const widgets = tables.find((table) => table.name === 'widgets');
      expect(
        widgets?.columns.map((column) => [
          column.name,
          column.dataType,
          column.isNullable,
          column.hasDefaultValue,
          column.isAutoIncrementing,
        ]),
      ).toEqual([
        ['id', 'int4', false, true, true],
        ['label', 'text', false, false, false],
        ['note', 'varchar', true, true, false],
      ]);
    } finally {
      await database.close();
    }
  });

  it('migrates every time while two connections create and drop schemas', {
    timeout: 120_000,
  }, async () => {
    const url = testDatabaseUrl();
    let churning = true;
    const churn = async (lane: number) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (let round = 0; churning; round += 1) {
          const schema = `test_churn_${process.pid}_${lane}_${round}`;
          await client.query(
            `create schema ${schema}; create table ${schema}.a (id serial, x text); create table ${schema}.b (id serial, y text)`,
          );
          await client.query(`drop schema ${schema} cascade`);
        }
      } finally {
        await client.end();
      }
    };
    const migrations = async () => {
      const failures: string[] = [];
      try {
        // Before the fix about half of these failed: twelve in a row pass by chance once in ~1,300.
        for (let attempt = 0; attempt < 12; attempt += 1) {
          const target = await createPostgresTestDatabase('churn_migrate');
          cleanups.push(target.drop);
          const database = createPostgresDatabase({
            connectionString: target.url,
            schema: target.schema,
            maxConnections: 2,
          });
          try {
            await database.migrate(parleyMigrations('postgres'));
          } catch (error) {
            failures.push(error instanceof Error ? error.message : String(error));
          } finally {
            await database.close();
          }
        }
      } finally {
        churning = false;
      }
      return failures;
    };
    const [failures] = await Promise.all([migrations(), churn(1), churn(2)]);
    expect(failures).toEqual([]);
  });
});
