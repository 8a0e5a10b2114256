import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpsAuth, OPS_SESSION_SECONDS } from '../../../src/http/ops-auth.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { AUTHORIZATION, OPS_TOKEN } from './ops-test-support.js';

const RECORD = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
/** Every /ops route, as [method, url]. */
const ROUTES: Array<['GET' | 'POST', string]> = [
  ['GET', '/ops'],
  ['GET', `/ops/view/${RECORD}`],
  ['POST', `/ops/view/${RECORD}/review`],
  ['POST', '/ops/logout'],
  ['GET', '/ops/escalations'],
  ['GET', `/ops/escalations/${RECORD}`],
  ['GET', '/ops/escalations/export?format=csv'],
  ['POST', `/ops/escalations/${RECORD}/review`],
  ['GET', '/ops/stats'],
];

describe('/ops without OPS_TOKEN configured', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(async () => {
    await test?.close();
  });

  it.each([...ROUTES, ['POST', '/ops/login'] as ['POST', string]])(
    '%s %s answers 503 saying how to enable it',
    async (method, url) => {
      const response = await test.app.inject({
        method,
        url,
        headers: AUTHORIZATION,
        ...(method === 'POST' ? { payload: { verdict: 'right' } } : {}),
      });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('ops_disabled');
      expect(response.json().error.message).toMatch(/Set OPS_TOKEN/);
    },
  );
});

describe('/ops with OPS_TOKEN', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ OPS_TOKEN });
  });
  afterAll(async () => {
    await test?.close();
  });

  const login = (
    token: string,
    extra: Record<string, string> = {},
    headers: Record<string, string> = {},
  ) =>
    test.app.inject({
      method: 'POST',
      url: '/ops/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams({ token, ...extra }).toString(),
    });

  // Each route from an address of its own: wrong tokens are rate-limited per address (client-address.test.ts).
  let nextClient = 0;
  it.each(ROUTES)(
    '%s %s answers 401 without credentials, and with a wrong token',
    async (method, url) => {
      nextClient += 1;
      for (const headers of [
        {},
        { authorization: 'Bearer not-the-ops-token-at-all' },
        { authorization: `Basic ${OPS_TOKEN}` },
        { cookie: 'parley_ops=1.abc' },
      ]) {
        const response = await test.app.inject({
          method,
          url,
          headers,
          remoteAddress: `198.51.100.${nextClient}`,
          ...(method === 'POST' ? { payload: { verdict: 'right' } } : {}),
        });
        expect(response.statusCode).toBe(401);
      }
    },
  );

  it('answers the API with a JSON 401 and a Bearer challenge, and the page with the login form', async () => {
    const api = await test.app.inject({ method: 'GET', url: '/ops/escalations' });
    expect(api.headers['www-authenticate']).toBe('Bearer realm="parley-ops"');
    expect(api.json().error.code).toBe('unauthorized');
    const page = await test.app.inject({ method: 'GET', url: '/ops?language=fr' });
    expect(page.statusCode).toBe(401);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('action="/ops/login"');
    expect(page.body).toContain('value="/ops?language=fr"');
  });

  it('accepts the bearer token', async () => {
    expect(
      (await test.app.inject({ method: 'GET', url: '/ops/stats', headers: AUTHORIZATION }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await test.app.inject({
          method: 'GET',
          url: '/ops/stats',
          headers: { authorization: `bearer ${OPS_TOKEN}` },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('logs in with the form: an HttpOnly, SameSite=Strict cookie that authorizes /ops, without the token in it', async () => {
    const wrong = await login('guess-guess-guess-guess');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('That is not the ops token');
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const response = await login(OPS_TOKEN, { next: '/ops?tier=human' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/ops?tier=human');
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^parley_ops=\d+\.[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/ops/);
    expect(setCookie).toContain(`Max-Age=${OPS_SESSION_SECONDS}`);
    expect(setCookie).not.toContain(OPS_TOKEN);

    const cookie = setCookie.split(';')[0]!;
    expect(
      (await test.app.inject({ method: 'GET', url: '/ops/escalations', headers: { cookie } }))
        .statusCode,
    ).toBe(200);
    const page = await test.app.inject({ method: 'GET', url: '/ops', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);

    const tampered = cookie.replace(
      /=(\d+)\./,
      (_match, expiry: string) => `=${Number(expiry) + 1000}.`,
    );
    expect(
      (
        await test.app.inject({
          method: 'GET',
          url: '/ops/escalations',
          headers: { cookie: tampered },
        })
      ).statusCode,
    ).toBe(401);

    const logout = await test.app.inject({
      method: 'POST',
      url: '/ops/logout',
      headers: { cookie, 'sec-fetch-site': 'same-origin' },
    });
    expect(logout.statusCode).toBe(303);
    expect(String(logout.headers['set-cookie'])).toMatch(/parley_ops=;.*Expires=Thu, 01 Jan 1970/);
  });

  it('refuses expired sessions and sessions signed with another token', async () => {
    const expired = createOpsAuth(OPS_TOKEN).issueSession(
      Date.now() - (OPS_SESSION_SECONDS + 60) * 1000,
    );
    const foreign = createOpsAuth('another-token-another-token').issueSession();
    for (const value of [expired, foreign]) {
      expect(
        (
          await test.app.inject({
            method: 'GET',
            url: '/ops/stats',
            headers: { cookie: `parley_ops=${value}` },
          })
        ).statusCode,
      ).toBe(401);
    }
  });

  it('never redirects outside /ops after login, and refuses a login posted from another site', async () => {
    for (const next of ['//evil.example/ops', 'https://evil.example', '/opsx', '/ops/\\evil']) {
      expect((await login(OPS_TOKEN, { next })).headers.location).toBe('/ops');
    }
    const crossSite = await login(OPS_TOKEN, {}, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
  });
});
