import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

export interface PostgresTestDatabase {
  url: string;
  /** A fresh schema, unique to this run; pass it as the storage's `schema` option. */
  schema: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/**
 * Creates an isolated schema in the test database so that test files (and parallel runs) never
 * see each other's rows. Fails, never skips, when PostgreSQL is unreachable: a skipped contract
 * suite would let a PostgreSQL-only bug pass unnoticed.
 */
export async function createPostgresTestDatabase(label: string): Promise<PostgresTestDatabase> {
  const url = testDatabaseUrl();
  const schema = `test_${label
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 30)}_${randomBytes(6).toString('hex')}`;
  await withClient(url, async (client) => {
    await client.query(`create schema "${schema}"`);
  });
  return {
    url,
    schema,
    drop: () =>
      withClient(url, async (client) => {
        await client.query(`drop schema if exists "${schema}" cascade`);
      }),
  };
}

async function withClient(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL is not reachable at ${url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')} (${reason}). ` +
        'Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, ' +
        'check with `pg_isready -h 127.0.0.1`) or point TEST_DATABASE_URL at a database you may create schemas in.',
      { cause: error },
    );
  }
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
