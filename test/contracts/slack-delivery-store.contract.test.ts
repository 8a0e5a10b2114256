import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '../../src/core/database/create-database.js';
import { createPostgresTestDatabase } from '../support/postgres-test-database.js';
import { describeSlackDeliveryStoreContract } from './slack-delivery-store.contract.js';

// A file, not :memory:, so that two handles (two "instances") see the same rows.
describeSlackDeliveryStoreContract('SQLite', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'parley-slack-deliveries-'));
  const url = `sqlite:${join(directory, 'parley.db')}`;
  return {
    open: async () => createDatabase(url),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
});

describeSlackDeliveryStoreContract('PostgreSQL', async () => {
  const postgres = await createPostgresTestDatabase('slack_deliveries');
  return {
    open: async () => createDatabase(postgres.url, { schema: postgres.schema, maxConnections: 6 }),
    cleanup: () => postgres.drop(),
  };
});
