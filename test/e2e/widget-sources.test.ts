import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../support/browser.js';
import { createScriptedChatModel } from './scripted-chat-model.js';
import { widgetOf } from './widget-page.js';
import { ensureWidgetBuilt, type RunningServer, startServer } from './widget-test-server.js';

/** Sources of an answer that cited nothing are shown, titled as related articles (issue 19, point 5). */

let server: RunningServer;
let browser: Browser;
let context: BrowserContext | undefined;
const scripted = createScriptedChatModel();

beforeAll(async () => {
  ensureWidgetBuilt();
  server = await startServer({ overrides: { models: scripted.models } });
  browser = await launchBrowser();
}, 60_000);

afterEach(async () => {
  scripted.citePassages(true);
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function ask(path: string, question: string) {
  const opened = await openPage(browser);
  context = opened.context;
  await opened.page.goto(`${server.url}${path}`);
  const widget = widgetOf(opened.page);
  await widget.launcher.click();
  await widget.input.fill(question);
  await widget.input.press('Enter');
  const answer = widget.assistantMessages.last();
  await answer.locator('.sources').waitFor();
  return { page: opened.page, answer };
}

describe('widget sources', { timeout: 60_000 }, () => {
  it('an answer without citation labels still links the help center, under "Related articles" in the page language', async () => {
    scripted.answerWith('Sie können in der Regel mit Karte oder PayPal bezahlen.');
    scripted.citePassages(false);
    const { page, answer } = await ask('/?lang=de', 'Welche Zahlungsarten akzeptieren Sie?');
    expect(await answer.locator('.sources p').innerText()).toBe('Passende Artikel');
    const links = await answer
      .locator('.sources a')
      .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
    expect(links.length).toBeGreaterThan(0);
    expect(links.length).toBeLessThanOrEqual(3);
    expect(links[0]).toContain('/de/');
    await page.screenshot({ path: 'test-results/widget-related-articles.png' });
  });

  it('an answer that cites keeps the "Sources" title', async () => {
    scripted.answerWith('Der Versand nach Deutschland dauert 2 bis 4 Werktage.');
    // Another question: the answer cache would otherwise give back the first test's reply.
    const { answer } = await ask('/?lang=de', 'Wie lange dauert der Versand nach Deutschland?');
    expect(await answer.locator('.sources p').innerText()).toBe('Quellen');
  });
});
