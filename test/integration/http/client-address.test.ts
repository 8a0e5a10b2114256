import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { OPS_TOKEN } from '../ops/ops-test-support.js';

/**
 * Per-address limits hold against a client that writes its own X-Forwarded-For: with TRUST_PROXY
 * off the socket address counts; with it set, only the hops Parley was told to trust are skipped.
 */
// Each test builds its own app (language models included), which takes a while on a busy machine.
describe('client address and the per-address limits', { timeout: 60_000 }, () => {
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.close();
    test = undefined;
  });

  const createConversation = (app: TestApp['app'], remoteAddress: string, forwardedFor?: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/conversations',
      remoteAddress,
      headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
      payload: {},
    });

  it('ignores X-Forwarded-For by default: a client cannot escape the rate limit', async () => {
    test = await createTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    const statuses: number[] = [];
    for (let index = 0; index < 10; index += 1) {
      const response = await createConversation(test.app, '198.51.100.7', `203.0.113.${index}`);
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429, 429, 429]);
  });

  it('with a hop count, takes the address the trusted proxy saw; a spoofed prefix changes nothing', async () => {
    test = await createTestApp({ RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' });
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) {
      // The load balancer (10.0.0.2) appends the address it saw; the client wrote the first one.
      const response = await createConversation(
        test.app,
        '10.0.0.2',
        `198.18.0.${index}, 203.0.113.50`,
      );
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    // Another customer behind the same load balancer has a limit of their own.
    expect((await createConversation(test.app, '10.0.0.2', '203.0.113.51')).statusCode).toBe(201);
  });

  it('with a list of proxy ranges, trusts only hops from those ranges', async () => {
    test = await createTestApp({ RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '10.0.0.0/8' });
    // A client outside the range is itself the client, whatever it forwards.
    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      const response = await createConversation(test.app, '198.51.100.9', `203.0.113.${index}`);
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([201, 201, 429]);
    // Through the proxy, the forwarded address counts.
    expect((await createConversation(test.app, '10.1.2.3', '203.0.113.77')).statusCode).toBe(201);
  });

  it('rate-limits wrong bearer tokens on /ops per address, whatever X-Forwarded-For says', async () => {
    test = await createTestApp({ OPS_TOKEN });
    const statuses: number[] = [];
    for (let index = 0; index < 12; index += 1) {
      const response = await test.app.inject({
        method: 'GET',
        url: '/ops/stats',
        remoteAddress: '198.51.100.20',
        headers: {
          authorization: `Bearer wrong-token-number-${index}-0123456789`,
          'x-forwarded-for': `203.0.113.${index}`,
        },
      });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(response.json().error.code).toBe('rate_limited');
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    // Even the right token waits out the window from that address; other addresses are unaffected.
    const blocked = await test.app.inject({
      method: 'GET',
      url: '/ops/stats',
      remoteAddress: '198.51.100.20',
      headers: { authorization: `Bearer ${OPS_TOKEN}` },
    });
    expect(blocked.statusCode).toBe(429);
    const other = await test.app.inject({
      method: 'GET',
      url: '/ops/stats',
      remoteAddress: '198.51.100.21',
      headers: { authorization: `Bearer ${OPS_TOKEN}` },
    });
    expect(other.statusCode).toBe(200);
  });

  it('keeps the login limit per socket address by default', async () => {
    test = await createTestApp({ OPS_TOKEN });
    const statuses: number[] = [];
    for (let index = 0; index < 12; index += 1) {
      const response = await test.app.inject({
        method: 'POST',
        url: '/ops/login',
        remoteAddress: '198.51.100.30',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': `203.0.113.${index}`,
        },
        payload: 'token=wrong-wrong-wrong-wrong',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
  });
});
