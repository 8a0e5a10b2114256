import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createPostgresDatabase } from '../../../src/core/database/postgres-database.js';
import { parleyMigrations } from '../../../src/migrations.js';
import { loadTokenSecret } from '../../../src/token-secret.js';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../support/postgres-test-database.js';

describe('token secret on PostgreSQL', () => {
  let test: PostgresTestDatabase;
  beforeAll(async () => {
    test = await createPostgresTestDatabase('token_secret');
  });
  afterAll(async () => {
    await test?.drop();
  });

  const instance = async () => {
    const database = createPostgresDatabase({
      connectionString: test.url,
      schema: test.schema,
      maxConnections: 2,
    });
    await database.migrate(parleyMigrations('postgres'));
    return database;
  };

  it('is generated once in the database and the same for every instance, even when they race', async () => {
    const instances = await Promise.all([instance(), instance(), instance()]);
    const config = loadConfig({ DATABASE_URL: test.url });
    try {
      const secrets = await Promise.all(
        instances.map((database) => loadTokenSecret(config, database)),
      );
      expect(secrets[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(new Set(secrets).size).toBe(1);
      // A restart reads the stored row, never generates another one.
      expect(await loadTokenSecret(config, instances[0]!)).toBe(secrets[0]);
    } finally {
      await Promise.all(instances.map((database) => database.close()));
    }
  });

  it('comes from TOKEN_SECRET when it is set', async () => {
    const database = await instance();
    try {
      const secret = 'from-the-environment-from-the-environment';
      const config = loadConfig({ DATABASE_URL: test.url, TOKEN_SECRET: secret });
      expect(await loadTokenSecret(config, database)).toBe(secret);
    } finally {
      await database.close();
    }
  });
});
