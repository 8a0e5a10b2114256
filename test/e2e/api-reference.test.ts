import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPS_TOKEN } from '../integration/ops/ops-test-support.js';
import { launchBrowser, openPage } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results');

describe('GET /docs in Chromium', () => {
  let test: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    test = await createTestApp({ OPS_TOKEN });
    await test.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('renders every operation of /openapi.json with nothing from another origin and no console error', async () => {
    const { context, page, problems } = await openPage(browser);
    // The network is closed to everything but this server: the page must not need it.
    const elsewhere: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${base}/`) || url.startsWith('data:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    try {
      const response = await page.goto(`${base}/docs`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      const document = (await (await fetch(`${base}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      const operations = Object.values(document.paths).reduce(
        (count, methods) => count + Object.keys(methods).length,
        0,
      );
      await expect
        .poll(() => page.locator('.opblock').count(), { timeout: 15_000 })
        .toBe(operations);
      await expect
        .poll(() => page.locator('.info .title').textContent())
        .toContain('Parley HTTP API');
      await page.screenshot({ path: `${SCREENSHOTS}/api-reference.png`, fullPage: true });

      // An operation opens with its parameters, body and responses (the error shape among them).
      const post = page.locator('#operations-widget-post_v1_conversations__id__messages');
      await post.locator('.opblock-summary').click();
      await expect
        .poll(() => post.locator('.responses-table .response').count())
        .toBeGreaterThan(5);
      await expect
        .poll(() => post.locator('.opblock-section-request-body').textContent())
        .toContain('clientMessageId');
      await post.screenshot({ path: `${SCREENSHOTS}/api-reference-operation.png` });

      expect(elsewhere).toEqual([]);
      expect(problems.errors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
