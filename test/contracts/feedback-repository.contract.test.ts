import { afterAll } from 'vitest';
import { createDatabase } from '../../src/core/database/create-database.js';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../support/postgres-test-database.js';
import { describeFeedbackRepositoryContract } from './feedback-repository.contract.js';

let postgres: Promise<PostgresTestDatabase> | undefined;
afterAll(async () => {
  if (postgres !== undefined) await (await postgres.catch(() => undefined))?.drop();
});

describeFeedbackRepositoryContract('SQLite in memory', async () =>
  createDatabase('sqlite::memory:'),
);

describeFeedbackRepositoryContract('PostgreSQL', async () => {
  postgres ??= createPostgresTestDatabase('feedback_contract');
  const database = await postgres;
  return createDatabase(database.url, { schema: database.schema, maxConnections: 5 });
});
