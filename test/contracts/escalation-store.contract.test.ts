import { afterAll } from 'vitest';
import { createDatabase } from '../../src/core/database/create-database.js';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../support/postgres-test-database.js';
import { describeEscalationStoreContract } from './escalation-store.contract.js';

let postgres: Promise<PostgresTestDatabase> | undefined;

afterAll(async () => {
  if (postgres !== undefined) await (await postgres.catch(() => undefined))?.drop();
});

describeEscalationStoreContract('SQLite in memory', async () => createDatabase('sqlite::memory:'));

describeEscalationStoreContract('PostgreSQL', async () => {
  postgres ??= createPostgresTestDatabase('escalation_contract');
  const database = await postgres;
  return createDatabase(database.url, { schema: database.schema, maxConnections: 10 });
});
