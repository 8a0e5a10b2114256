import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPS_TOKEN } from '../integration/ops/ops-test-support.js';
import { launchBrowser, openPage } from '../support/browser.js';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../support/test-app.js';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** Real turns in French and German (escalated by the router), and a plain one that leaves no record. */
const TURNS: Array<[string, string]> = [
  ['fr', 'Je veux parler à un conseiller humain, tout de suite. Mon numéro : 06 12 34 56 78'],
  ['fr', "On m'a débité deux fois pour la même commande, c'est inadmissible !"],
  ['de', 'Ich möchte bitte mit einem echten Menschen sprechen.'],
  ['de', 'Wenn das nicht heute gelöst wird, schalte ich meinen Anwalt ein.'],
  ['en', 'How long does standard delivery take?'],
];

describe('ops page in Chromium', () => {
  let test: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    test = await createTestApp({ OPS_TOKEN });
    for (const [locale, text] of TURNS) {
      const response = await postMessage(
        test.app,
        await createConversation(test.app, locale),
        text,
      );
      expect(response.statusCode).toBe(200);
    }
    await test.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('logs in, filters by language, opens a transcript and records a review, from the keyboard', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
      await page.goto(`${base}/ops`);
      // The token field has focus on arrival; Enter submits the form.
      await expect.poll(() => page.locator('#token:focus').count()).toBe(1);
      await page.keyboard.type(OPS_TOKEN);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/ops`);
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Escalations');
      expect(await page.locator('svg[role="img"] rect').count()).toBeGreaterThan(0);
      const allRows = await page.locator('tbody tr').count();
      expect(allRows).toBeGreaterThanOrEqual(4);

      await page.getByLabel('Language').selectOption('fr');
      await page.getByRole('button', { name: 'Apply filters' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/language=fr/);
      const languages = await page
        .locator('section[aria-labelledby="list-title"] table tbody tr td:nth-child(2)')
        .allTextContents();
      expect(languages.length).toBeGreaterThanOrEqual(2);
      expect(new Set(languages)).toEqual(new Set(['fr']));
      expect(await page.getByLabel('Language').inputValue()).toBe('fr');

      const firstLink = page.locator('table:has(caption) tbody tr td:first-child a').first();
      await firstLink.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/ops\/view\//);
      await expect
        .poll(() => page.getByRole('heading', { name: 'Transcript' }).isVisible())
        .toBe(true);
      const customer = page.locator('.transcript li.role-user');
      expect(await customer.count()).toBe(1);
      expect(await customer.getAttribute('aria-current')).toBe('true');
      expect(await page.locator('.transcript').textContent()).not.toContain('06 12 34 56 78');

      await page.getByLabel('Should have been Large').check();
      await page.getByLabel('Note (optional)').fill('checked in the browser test');
      await page.getByRole('button', { name: 'Save review' }).press('Enter');
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toMatch(/Current review: large/);

      expect(problems.errors).toEqual([]);
      // The login form itself arrives with status 401 by design ("401 on every /ops route"); anything else is a fault.
      expect(
        problems.consoleErrors.filter((message) => !message.includes('status of 401')),
      ).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('has no serious accessibility violations on the list and detail pages (axe-core)', async () => {
    const { context, page } = await openPage(browser);
    try {
      await page.goto(`${base}/ops`);
      await page.getByLabel('Ops token').fill(OPS_TOKEN);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${base}/ops`);
      const audit = async () => {
        // Evaluated over the DevTools protocol, so the page's CSP (no scripts at all) does not block it.
        await page.evaluate(axeSource);
        return page.evaluate(async () => {
          const result = await (
            globalThis as unknown as {
              axe: { run(): Promise<{ violations: Array<{ id: string; impact: string | null }> }> };
            }
          ).axe.run();
          return result.violations
            .filter(
              (violation) => violation.impact === 'serious' || violation.impact === 'critical',
            )
            .map((violation) => violation.id);
        });
      };
      expect(await audit()).toEqual([]);
      await page.locator('table:has(caption) tbody tr td:first-child a').first().click();
      await page.waitForURL(/\/ops\/view\//);
      expect(await audit()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
