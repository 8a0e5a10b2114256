import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, type PageProblems } from '../support/browser.js';
import { eventually, widgetOf } from './widget-page.js';
import { ensureWidgetBuilt, type RunningServer, startServer } from './widget-test-server.js';

const RESULTS_DIR = resolve(import.meta.dirname, '../../test-results');
const FRENCH_QUESTION = 'Combien coûte la livraison express ?';
const CITED_PATH = '/help/fr/shipping#livraison-express';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext | undefined;
/** Every page of the test's context: uncaught errors, console errors, and responses of 400 and more. */
let problems: Array<PageProblems & { failedResponses: string[] }> = [];

beforeAll(async () => {
  ensureWidgetBuilt();
  mkdirSync(RESULTS_DIR, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
}, 60_000);

afterEach(async () => {
  await context?.close();
  context = undefined;
  const seen = problems;
  problems = [];
  // No 404 (a missing favicon included), no CSP violation, no uncaught error on any page opened.
  for (const page of seen) {
    expect(page.failedResponses).toEqual([]);
    expect(page.consoleErrors).toEqual([]);
    expect(page.errors).toEqual([]);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function watch(page: Page): void {
  const seen = { errors: [], consoleErrors: [], failedResponses: [] } as (typeof problems)[number];
  problems.push(seen);
  page.on('pageerror', (error) => seen.errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.consoleErrors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400)
      seen.failedResponses.push(`${response.status()} ${response.url()}`);
  });
}

async function open(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const opened = await openPage(browser, { viewport });
  context = opened.context;
  context.on('page', watch);
  watch(opened.page);
  return opened.page;
}

/** Asks the French question in the open widget and returns the answer's first citation link. */
async function askAboutExpressDelivery(page: Page) {
  const widget = widgetOf(page);
  await page.getByRole('button', { name: 'Ouvrir le chat' }).click();
  await page.getByRole('textbox', { name: 'Votre message' }).fill(FRENCH_QUESTION);
  await page.getByRole('button', { name: 'Envoyer' }).click();
  const citation = widget.assistantMessages.last().locator('.sources a').first();
  await citation.waitFor();
  return citation;
}

interface TargetState {
  hash: string;
  targetId: string | undefined;
  headingText: string | undefined;
  headingTop: number | undefined;
  headingBottom: number | undefined;
  viewportHeight: number;
  scrollY: number;
}

function targetState(page: Page): Promise<TargetState> {
  return page.evaluate(`(() => {
    const heading = document.getElementById(location.hash.slice(1));
    return {
      hash: location.hash,
      targetId: document.querySelector(':target')?.id,
      headingText: heading?.tagName === 'H2' ? heading.textContent : undefined,
      headingTop: heading?.getBoundingClientRect().top,
      headingBottom: heading?.getBoundingClientRect().bottom,
      viewportHeight: innerHeight,
      scrollY: scrollY,
    };
  })()`);
}

describe('a citation in the demo opens the cited section of the help center', {
  timeout: 60_000,
}, () => {
  it('from the demo page: the link opens /help/fr/shipping at "Livraison express", in view', async () => {
    const page = await open();
    const favicon = page.waitForResponse((response) => response.url().endsWith('/favicon.svg'));
    await page.goto(`${server.url}/?lang=fr`);
    expect((await favicon).status()).toBe(200);

    const citation = await askAboutExpressDelivery(page);
    expect(await citation.getAttribute('href')).toBe(`${server.url}${CITED_PATH}`);
    expect(await citation.innerText()).toContain('Livraison et frais de port — Livraison express');
    await page.screenshot({ path: `${RESULTS_DIR}/help-center-citation.png` });

    const opened = context?.waitForEvent('page');
    await citation.click();
    const helpPage = await opened;
    if (!helpPage) throw new Error('the citation opened no page');
    await helpPage.waitForLoadState('load');
    expect(helpPage.url()).toBe(`${server.url}${CITED_PATH}`);
    // The browser scrolled to the cited section (the last one, so the page ends before it can
    // reach the top): it is the :target, an h2, and wholly in view.
    await eventually(async () => (await targetState(helpPage)).scrollY).toBeGreaterThan(0);
    const state = await targetState(helpPage);
    expect(state).toMatchObject({
      hash: '#livraison-express',
      targetId: 'livraison-express',
      headingText: 'Livraison express',
    });
    expect(state.headingTop).toBeGreaterThanOrEqual(0);
    expect(state.headingBottom).toBeLessThanOrEqual(state.viewportHeight);
    expect(await helpPage.locator('h1').innerText()).toBe('Livraison et frais de port');
    expect(await helpPage.getAttribute('html', 'lang')).toBe('fr');
    await helpPage.screenshot({ path: `${RESULTS_DIR}/help-center-page.png` });
    await helpPage.screenshot({ path: `${RESULTS_DIR}/help-center-page-full.png`, fullPage: true });

    // Back to the index, and from it to another article: plain links, no script.
    await helpPage.getByRole('link', { name: '← Tous les articles' }).click();
    await helpPage.waitForURL(`${server.url}/help/fr`);
    expect(await helpPage.locator('h1').innerText()).toBe("Centre d'aide");
    await helpPage.getByRole('link', { name: 'Retours et remboursements' }).click();
    await helpPage.waitForURL(`${server.url}/help/fr/returns-refunds`);
  });

  it('is readable on a phone and has no serious accessibility violations', async () => {
    const page = await open({ width: 375, height: 740 });
    await page.goto(`${server.url}${CITED_PATH}`);
    const scrollWidth = await page.evaluate('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await page.evaluate(axe.source);
    const results = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
      violations: Array<{ id: string; impact: string | null }>;
    };
    expect(results.violations.map((violation) => `${violation.id} (${violation.impact})`)).toEqual(
      [],
    );
    await page.screenshot({ path: `${RESULTS_DIR}/help-center-phone.png` });
  });

  it('from a shop on another origin: the link points at the Parley server, not the shop', async () => {
    const shop: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        `<!doctype html><html lang="fr"><head><title>Boutique</title><link rel="icon" href="data:,"></head>` +
          `<body><h1>Boutique</h1><script src="${server.url}/widget.js" async></script></body></html>`,
      );
    });
    await new Promise<void>((resolveListen) => shop.listen(0, 'localhost', resolveListen));
    try {
      const shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
      expect(new URL(shopUrl).origin).not.toBe(new URL(server.url).origin);
      const page = await open();
      await page.goto(`${shopUrl}/produits/chemise`);
      const citation = await askAboutExpressDelivery(page);
      expect(await citation.getAttribute('href')).toBe(`${server.url}${CITED_PATH}`);
    } finally {
      await new Promise((resolveClose) => shop.close(resolveClose));
    }
  });
});
