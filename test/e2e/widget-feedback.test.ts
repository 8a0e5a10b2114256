import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OPS_TOKEN } from '../integration/ops/ops-test-support.js';
import { launchBrowser, openPage } from '../support/browser.js';
import { eventually, focusedElement, storedSession, tabUntil, widgetOf } from './widget-page.js';
import { ensureWidgetBuilt, type RunningServer, startServer } from './widget-test-server.js';

const RESULTS_DIR = resolve(import.meta.dirname, '../../test-results');

let server: RunningServer;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  ensureWidgetBuilt();
  mkdirSync(RESULTS_DIR, { recursive: true });
  server = await startServer({ environment: { OPS_TOKEN, ANSWER_CACHE_SIZE: '0' } });
  browser = await launchBrowser();
}, 60_000);

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('feedback in the widget and outcomes in the ops pages', () => {
  it('rates answers, comments and answers the resolution question from the keyboard alone', async () => {
    const opened = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    context = opened.context;
    const page = opened.page;
    const widget = widgetOf(page);
    await page.goto(`${server.url}/?lang=en`);
    await tabUntil(page, 'BUTTON.launcher');
    await page.keyboard.press('Enter');
    await eventually(() => focusedElement(page)).toBe('TEXTAREA');
    await page.keyboard.type('How long does standard delivery take?');
    await page.keyboard.press('Enter');
    await widget.assistantMessages.first().waitFor();

    // Backwards from the composer: 👎 then 👍, toggle buttons with their own labels.
    const thumbs = widget.assistantMessages.first().locator('button.thumb');
    expect(await thumbs.nth(0).getAttribute('aria-label')).toBe('Yes, this was helpful');
    expect(await thumbs.nth(1).getAttribute('aria-label')).toBe('No, this was not helpful');
    expect(
      await widget.assistantMessages.first().locator('[role="group"]').getAttribute('aria-label'),
    ).toBe('Was this helpful?');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedElement(page)).toBe('BUTTON.thumb');
    await page.keyboard.press('Enter');
    await eventually(() => thumbs.nth(0).getAttribute('aria-pressed')).toBe('true');
    expect(await thumbs.nth(1).getAttribute('aria-pressed')).toBe('false');

    // After a 👍 the widget asks once whether the problem is solved.
    const resolution = page.locator('parley-widget .resolution');
    await resolution.waitFor();
    expect(await resolution.innerText()).toContain('Did that solve your problem?');
    await tabUntil(page, 'BUTTON.choice');
    expect(
      await page.evaluate(
        'document.querySelector("parley-widget").shadowRoot.activeElement.textContent',
      ),
    ).toBe('Yes');
    await page.keyboard.press('Enter');
    await eventually(() => resolution.locator('.feedback-note').innerText()).toBe(
      'Thanks for letting us know.',
    );

    const session = await storedSession(page, server.url);
    if (!session) throw new Error('no conversation stored');
    await eventually(
      async () => (await server.services.feedback.listResolutions([session.id]))[0]?.resolved,
    ).toBe(true);
    expect((await server.services.feedback.listFeedback([session.id]))[0]?.rating).toBe('up');

    // A second answer rated 👎: the comment field opens and takes the focus.
    await widget.input.focus();
    await page.keyboard.type('Do you sell telescope lenses for astronomy?');
    await page.keyboard.press('Enter');
    await eventually(() => widget.assistantMessages.count()).toBe(2);
    await page.keyboard.press('Shift+Tab');
    expect(await focusedElement(page)).toBe('BUTTON.thumb');
    await page.keyboard.press('Enter');
    await eventually(() => focusedElement(page)).toBe('TEXTAREA');
    await page.keyboard.type('Nothing about telescopes in your help center');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('BUTTON.choice');
    await page.keyboard.press('Enter');
    const second = widget.assistantMessages.nth(1);
    await eventually(() => second.locator('.feedback-note').innerText()).toBe(
      'Thanks for your feedback.',
    );
    await eventually(async () =>
      (await server.services.feedback.listFeedback([session.id]))
        .filter((item) => item.rating === 'down')
        .map((item) => item.comment),
    ).toEqual(['Nothing about telescopes in your help center']);
    // Asked once only.
    expect(await resolution.count()).toBe(1);
    await page.screenshot({ path: resolve(RESULTS_DIR, 'widget-feedback.png') });
  }, 90_000);

  it('shows the outcome figures and the knowledge gaps on a 375-px screen without sideways scrolling', async () => {
    const opened = await openPage(browser, {
      viewport: { width: 375, height: 812 },
      extraHTTPHeaders: { authorization: `Bearer ${OPS_TOKEN}` },
    });
    context = opened.context;
    const page = opened.page;
    await page.goto(`${server.url}/ops`);
    await page.locator('#outcomes-title').waitFor();
    const section = page.locator('section.outcomes');
    expect(await section.innerText()).toContain('Conversation outcomes');
    // The legend lists only drawn series: one conversation, open, so "open" alone.
    const legend = await page.locator('.outcome-legend li').allInnerTexts();
    const drawn = await page
      .locator('.outcome-chart rect')
      .evaluateAll((rects) => rects.map((rect) => rect.getAttribute('class')));
    expect(legend.length).toBe(new Set(drawn).size);
    expect(legend.length).toBeGreaterThan(0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    // Nor inside: no table of the outcome figures needs its own sideways scrolling.
    const fits = () =>
      page
        .locator('section.outcomes .fit, .stack')
        .evaluateAll((boxes) => boxes.every((box) => box.scrollWidth <= box.clientWidth + 1));
    expect(await fits()).toBe(true);
    await section.screenshot({ path: resolve(RESULTS_DIR, 'ops-outcomes-375.png') });

    await page.goto(`${server.url}/ops/gaps`);
    await page.locator('h1').waitFor();
    expect(await page.locator('table').innerText()).toContain('telescope');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    expect(await fits()).toBe(true);
    await page.screenshot({ path: resolve(RESULTS_DIR, 'ops-gaps-375.png'), fullPage: true });
  }, 60_000);
});
