import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { AUTHORIZATION, OPS_TOKEN, seedEscalations } from './ops-test-support.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };

/**
 * A page on a sibling subdomain (same site, another origin) gets the SameSite=Strict cookie sent
 * along: changes made with the cookie must come from the ops page's own origin, and the JSON API
 * takes no form bodies.
 */
describe('/ops against cross-origin and same-site requests', () => {
  let test: TestApp;
  let cookie: string;
  let escalationId: string;

  beforeAll(async () => {
    test = await createTestApp({ OPS_TOKEN });
    await seedEscalations(test.services, 1);
    escalationId = (await test.services.escalations.list({}, { limit: 1, cursor: null })).items[0]!
      .id;
    const login = await test.app.inject({
      method: 'POST',
      url: '/ops/login',
      headers: FORM,
      payload: new URLSearchParams({ token: OPS_TOKEN }).toString(),
    });
    cookie = String(login.headers['set-cookie']).split(';')[0]!;
  });
  afterAll(async () => {
    await test?.close();
  });

  const review = async () => (await test.services.escalations.get(escalationId))?.review ?? null;

  const postReview = (headers: Record<string, string>, payload: string) =>
    test.app.inject({
      method: 'POST',
      url: `/ops/escalations/${escalationId}/review`,
      headers: { host: 'ops.parley.test', ...headers },
      payload,
    });

  it('refuses an auto-submitted form from a same-site page (the reported attack)', async () => {
    const response = await postReview(
      { cookie, ...FORM, 'sec-fetch-site': 'same-site', origin: 'https://shop.parley.test' },
      'verdict=human&note=forged',
    );
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
    expect(await review()).toBeNull();
  });

  it('refuses cookie-authenticated JSON changes unless they come from the same origin', async () => {
    const body = JSON.stringify({ verdict: 'human', note: 'forged' });
    const foreignHeaders: Array<Record<string, string>> = [
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'none' },
      { origin: 'https://shop.parley.test' },
      { origin: 'null' },
      {},
    ];
    for (const headers of foreignHeaders) {
      const response = await postReview({ cookie, ...JSON_TYPE, ...headers }, body);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(response.json().error.message).toMatch(/same origin/);
    }
    expect(await review()).toBeNull();
    const sameOrigin = await postReview(
      { cookie, ...JSON_TYPE, 'sec-fetch-site': 'same-origin', origin: 'https://ops.parley.test' },
      JSON.stringify({ verdict: 'right' }),
    );
    expect(sameOrigin.statusCode, sameOrigin.body).toBe(200);
    const byOrigin = await postReview(
      { cookie, ...JSON_TYPE, origin: 'https://ops.parley.test' },
      JSON.stringify({ verdict: 'right', note: 'checked' }),
    );
    expect(byOrigin.statusCode, byOrigin.body).toBe(200);
    expect(await review()).toMatchObject({ verdict: 'right', note: 'checked' });
  });

  it('answers 415 to a form body on the JSON API, even with the bearer token', async () => {
    const response = await postReview({ ...AUTHORIZATION, ...FORM }, 'verdict=human');
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
    expect(await review()).toMatchObject({ verdict: 'right' });
    const json = await postReview({ ...AUTHORIZATION, ...JSON_TYPE }, '{"verdict":"small"}');
    expect(json.statusCode).toBe(200);
  });

  it('keeps the page forms working from the page, and refuses them from a sibling site', async () => {
    const pageReview = (headers: Record<string, string>) =>
      test.app.inject({
        method: 'POST',
        url: `/ops/view/${escalationId}/review`,
        headers: { cookie, ...FORM, ...headers },
        payload: 'verdict=large&note=from+the+page',
      });
    expect((await pageReview({ 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    expect(await review()).toMatchObject({ verdict: 'small' });
    const fromPage = await pageReview({ 'sec-fetch-site': 'same-origin', origin: 'null' });
    expect(fromPage.statusCode).toBe(303);
    expect(await review()).toMatchObject({ verdict: 'large', note: 'from the page' });

    const logout = (headers: Record<string, string>) =>
      test.app.inject({ method: 'POST', url: '/ops/logout', headers: { cookie, ...headers } });
    expect((await logout({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await logout({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(303);
  });

  it('refuses a login form from a sibling site and takes one from a script', async () => {
    const login = (headers: Record<string, string>) =>
      test.app.inject({
        method: 'POST',
        url: '/ops/login',
        headers: { ...FORM, ...headers },
        payload: new URLSearchParams({ token: OPS_TOKEN }).toString(),
      });
    expect((await login({ 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    expect((await login({})).statusCode).toBe(303);
  });
});
