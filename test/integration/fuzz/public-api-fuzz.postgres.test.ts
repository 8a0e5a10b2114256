import { afterAll } from 'vitest';
import { createDatabase } from '../../../src/core/database/create-database.js';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../support/postgres-test-database.js';
import { describePublicApiFuzz } from './public-api-fuzz-suite.js';

let database: PostgresTestDatabase | undefined;

afterAll(async () => {
  await database?.drop();
});

// PostgreSQL is where Parley's text rules matter most (it refuses NUL): at least 2,000 requests.
describePublicApiFuzz(
  'PostgreSQL',
  async () => {
    database = await createPostgresTestDatabase('public_fuzz');
    return createDatabase(database.url, { schema: database.schema, maxConnections: 5 });
  },
  { messages: 1500, events: 300, feedback: 300, minimumRequests: 2100 },
);
