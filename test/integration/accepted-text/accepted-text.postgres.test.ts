import { afterAll } from 'vitest';
import { createDatabase } from '../../../src/core/database/create-database.js';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../support/postgres-test-database.js';
import { describeAcceptedText } from './accepted-text-suite.js';

let database: PostgresTestDatabase | undefined;

afterAll(async () => {
  await database?.drop();
});

describeAcceptedText('PostgreSQL', async () => {
  database = await createPostgresTestDatabase('accepted_text');
  return createDatabase(database.url, { schema: database.schema, maxConnections: 5 });
});
