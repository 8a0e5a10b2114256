import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

describe('rate limits in Redis (REDIS_URL)', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    // A prefix of its own: parallel runs sharing the Redis do not count each other's requests.
    const environment = {
      REDIS_URL,
      REDIS_KEY_PREFIX: `test-${randomBytes(6).toString('hex')}:`,
      RATE_LIMIT_PER_MINUTE: '3',
    };
    first = await createTestApp(environment);
    second = await createTestApp(environment);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  const create = (testApp: TestApp) =>
    testApp.app.inject({ method: 'POST', url: '/v1/conversations', payload: {} });

  it('holds across two instances: the limit is counted once for both', async () => {
    const statuses = [
      (await create(first)).statusCode,
      (await create(second)).statusCode,
      (await create(first)).statusCode,
    ];
    expect(statuses).toEqual([201, 201, 201]);
    const limited = await create(second);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });
});

describe('REDIS_URL validation', () => {
  it('stops startup naming the variable for a URL that is not redis://', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://cache:6379' })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL/);
  });

  it('fails to start, naming REDIS_URL, when Redis does not answer', async () => {
    await expect(createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' })).rejects.toThrow(
      /REDIS_URL: cannot connect/,
    );
  });
});
