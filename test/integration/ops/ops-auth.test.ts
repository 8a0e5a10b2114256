import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpsAuth, OPS_SESSION_SECONDS } from '../../../src/http/ops-auth.js';
import { createTestApp, TEST_TOKEN_SECRET, type TestApp } from '../../support/test-app.js';
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

describe('/ops without OPS_TOKEN and without staff accounts', () => {
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
      expect(response.json().error.message).toMatch(/staff add NAME.*Set OPS_TOKEN/);
    },
  );

  it('a browser visiting the inbox gets the login page saying how to create an account', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/ops/inbox' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('npx parley staff add NAME');
    expect(response.body).toContain('<form method="post" action="/ops/login">');
  });
});

describe('/ops without OPS_TOKEN, with a staff account', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
    await test.services.staff.add({ name: 'Ana Ruiz', password: 'ana-password-0123' });
  });
  afterAll(async () => {
    await test?.close();
  });

  const staffLogin = (name: string, password: string) =>
    test.app.inject({
      method: 'POST',
      url: '/ops/login',
      headers: { 'sec-fetch-site': 'same-origin' },
      payload: { name, token: password, next: '/ops/inbox' },
    });

  it('the inbox and the staff API open with a staff login', async () => {
    const page = await test.app.inject({ method: 'GET', url: '/ops/inbox' });
    expect(page.statusCode).toBe(401);
    expect(page.body).toContain('staff add NAME');
    expect(page.body).not.toContain('Ops token or staff password');

    const login = await staffLogin('Ana Ruiz', 'ana-password-0123');
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/ops/inbox');
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    const inbox = await test.app.inject({ method: 'GET', url: '/ops/inbox', headers: { cookie } });
    expect(inbox.statusCode).toBe(200);
    const queue = await test.app.inject({
      method: 'GET',
      url: '/ops/conversations',
      headers: { cookie },
    });
    expect(queue.statusCode).toBe(200);
    expect(queue.json()).toHaveProperty('items');
  });

  it('a wrong password, or no name, is refused as a staff login', async () => {
    expect((await staffLogin('Ana Ruiz', 'not-her-password-0')).statusCode).toBe(401);
    const noName = await staffLogin('', 'ana-password-0123');
    expect(noName.statusCode).toBe(401);
    expect(noName.body).toContain('That name and password do not match a staff account');
  });

  it('a bearer header is refused with a message that says OPS_TOKEN is not set', async () => {
    const response = await test.app.inject({
      method: 'GET',
      url: '/ops/conversations',
      headers: AUTHORIZATION,
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toMatch(/needs OPS_TOKEN, which is not set/);
  });

  it('a session is signed with the deployment secret: another secret refuses it, the same one (another instance) accepts it', async () => {
    const mine = createOpsAuth({ sessionSecret: TEST_TOKEN_SECRET }).issueStaffSession('Ana Ruiz');
    const foreign = createOpsAuth({
      sessionSecret: 'another-secret-another-secret-another-0',
    }).issueStaffSession('Ana Ruiz');
    const statusWith = async (value: string) =>
      (
        await test.app.inject({
          method: 'GET',
          url: '/ops/conversations',
          headers: { cookie: `parley_ops=${value}` },
        })
      ).statusCode;
    expect(await statusWith(mine)).toBe(200);
    expect(await statusWith(foreign)).toBe(401);
  });

  it('removing the last account closes /ops again', async () => {
    const other = await createTestApp();
    try {
      await other.services.staff.add({ name: 'Temp', password: 'temp-password-0123' });
      expect((await other.app.inject({ method: 'GET', url: '/ops/stats' })).statusCode).toBe(401);
      await other.services.staff.remove('Temp');
      expect((await other.app.inject({ method: 'GET', url: '/ops/stats' })).statusCode).toBe(503);
    } finally {
      await other.close();
    }
  });
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
    const expired = createOpsAuth({
      opsToken: OPS_TOKEN,
      sessionSecret: TEST_TOKEN_SECRET,
    }).issueSession(Date.now() - (OPS_SESSION_SECONDS + 60) * 1000);
    // Rotating OPS_TOKEN ends every session, even with the same deployment secret.
    const foreign = createOpsAuth({
      opsToken: 'another-token-another-token',
      sessionSecret: TEST_TOKEN_SECRET,
    }).issueSession();
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
