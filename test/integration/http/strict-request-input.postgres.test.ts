import { afterAll } from 'vitest';
import { createDatabase } from '../../../src/core/database/create-database.js';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../support/postgres-test-database.js';
import { describeStrictRequestInput } from './strict-request-input-suite.js';

let database: PostgresTestDatabase | undefined;

afterAll(async () => {
  await database?.drop();
});

describeStrictRequestInput('PostgreSQL', async () => {
  database = await createPostgresTestDatabase('strict_input');
  return createDatabase(database.url, { schema: database.schema, maxConnections: 5 });
});
