import { afterAll, describe, expect, it } from 'vitest';
import { createEscalationStore } from '../../src/core/escalations/create-escalation-store.js';
import { createStorage } from '../../src/core/storage/create-storage.js';
import type { Storage } from '../../src/core/storage/storage.js';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../support/postgres-test-database.js';
import { describeEscalationStoreContract } from './escalation-store.contract.js';

let postgres: Promise<PostgresTestDatabase> | undefined;

afterAll(async () => {
  if (postgres !== undefined) await (await postgres.catch(() => undefined))?.drop();
});

describeEscalationStoreContract('SQLite in memory', async () => createStorage('sqlite::memory:'));

describeEscalationStoreContract('PostgreSQL', async () => {
  postgres ??= createPostgresTestDatabase('escalation_contract');
  const database = await postgres;
  return createStorage(database.url, { schema: database.schema, maxConnections: 10 });
});

describe('createEscalationStore', () => {
  it('refuses a Storage without a database behind it, saying why', () => {
    const fake = { dialect: 'sqlite' } as unknown as Storage;
    expect(() => createEscalationStore(fake)).toThrow(/needs the SQL storage/);
  });
});
