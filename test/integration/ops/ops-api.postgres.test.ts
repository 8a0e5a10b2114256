import { afterAll } from 'vitest';
import { createDatabase } from '../../../src/core/database/create-database.js';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../support/postgres-test-database.js';
import { describeOpsApi } from './ops-api-suite.js';

let database: PostgresTestDatabase | undefined;

afterAll(async () => {
  await database?.drop();
});

describeOpsApi('PostgreSQL', async () => {
  database = await createPostgresTestDatabase('ops_api');
  return createDatabase(database.url, { schema: database.schema, maxConnections: 5 });
});
