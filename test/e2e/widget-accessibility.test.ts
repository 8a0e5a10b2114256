import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../support/browser.js';
import { computedStyle, storedSession, widgetOf } from './widget-page.js';
import { ensureWidgetBuilt, type RunningServer, startServer } from './widget-test-server.js';

const RESULTS_DIR = resolve(import.meta.dirname, '../../test-results');

let server: RunningServer;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  ensureWidgetBuilt();
  mkdirSync(RESULTS_DIR, { recursive: true });
  server = await startServer();
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

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** axe-core injected into the page (as @axe-core/playwright would, without needing Node 22). */
async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  const results = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: AxeViolation[];
  };
  return results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
}

/** The open widget with a realistic conversation: an answer with sources, a person from the team. */
async function openConversation(width: number, height: number): Promise<Page> {
  const opened = await openPage(browser, { viewport: { width, height } });
  context = opened.context;
  const page = opened.page;
  const widget = widgetOf(page);
  await page.goto(`${server.url}/?lang=de`);
  await widget.launcher.click();
  await widget.input.fill('Wie lange dauert der Versand nach Deutschland?');
  await widget.input.press('Enter');
  await widget.assistantMessages.first().locator('.sources a').first().waitFor();
  const conversationId = (await storedSession(page, server.url))?.id ?? '';
  await server.services.conversations.changeHandoffState(conversationId, 'take_over', 'Anna');
  await server.services.conversations.postStaffMessage({
    conversationId,
    text: 'Hallo, hier ist Anna. Ihr Paket wurde heute verschickt.',
    role: 'staff',
    author: 'Anna',
  });
  await widget.staffMessages.first().waitFor();
  await widget.input.fill('Danke!');
  return page;
}

describe('accessibility and appearance of the open widget', { timeout: 60_000 }, () => {
  for (const [width, height] of [
    [1280, 800],
    [375, 740],
  ] as const) {
    it(`has no serious or critical axe violations at ${width} px, and is screenshotted`, async () => {
      const page = await openConversation(width, height);
      const violations = await seriousViolations(page);
      expect(
        violations.map(
          (violation) =>
            `${violation.id}: ${violation.help} ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
        ),
      ).toEqual([]);
      await page.screenshot({ path: resolve(RESULTS_DIR, `widget-${width}.png`) });

      const panel = await widgetOf(page).panel.boundingBox();
      expect(panel).not.toBeNull();
      // Inside the viewport; full screen on a phone.
      expect(
        (panel?.x ?? -1) >= 0 &&
          (panel?.y ?? -1) >= 0 &&
          (panel?.x ?? 0) + (panel?.width ?? 0) <= width &&
          (panel?.y ?? 0) + (panel?.height ?? 0) <= height,
      ).toBe(true);
      if (width < 480) expect(panel?.width).toBe(width);
    });
  }

  it('announces through a polite log and drops animations for people who ask for reduced motion', async () => {
    for (const reducedMotion of ['reduce', 'no-preference'] as const) {
      const opened = await openPage(browser, { reducedMotion });
      context = opened.context;
      const widget = widgetOf(opened.page);
      await opened.page.goto(`${server.url}/?lang=en`);
      await widget.launcher.click();
      expect(await widget.log.getAttribute('role')).toBe('log');
      expect(await widget.log.getAttribute('aria-live')).toBe('polite');
      const { animationName } = await computedStyle(widget.panel, ['animationName']);
      expect(animationName).toBe(reducedMotion === 'reduce' ? 'none' : 'parley-in');
      await context.close();
      context = undefined;
    }
  });
});
