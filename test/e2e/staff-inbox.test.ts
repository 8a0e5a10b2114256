import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../support/browser.js';
import { eventually, widgetOf } from './widget-page.js';
import { ensureWidgetBuilt, type RunningServer, startServer } from './widget-test-server.js';

const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results');

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ensureWidgetBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  // No OPS_TOKEN: on the embedded defaults the inbox exists as soon as a staff account does.
  server = await startServer({ environment: {} });
  await server.services.staff.add({ name: 'Marie Dupont', password: 'marie-password-123' });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function seriousViolations(page: Page) {
  await page.evaluate(axe.source);
  const results = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }>;
  };
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
    );
}

describe('the staff inbox with the widget, in headless Chromium', { timeout: 120_000 }, () => {
  it('a request appears live, a named staff member takes over and replies, notes stay internal, Resolve reaches the customer', async () => {
    // The staff member logs in first and keeps the inbox open.
    const staff = await openPage(browser);
    await staff.page.goto(`${server.url}/ops/inbox`);
    await staff.page.getByLabel('Staff name').fill('Marie Dupont');
    await staff.page.getByLabel('Password', { exact: true }).fill('marie-password-123');
    await staff.page.keyboard.press('Enter');
    await staff.page.waitForURL(`${server.url}/ops/inbox`);
    await eventually(() => staff.page.locator('#connection').innerText()).toMatch(/^Live/);
    expect(await staff.page.locator('#signed-in').innerText()).toBe('Signed in as Marie Dupont');

    // The customer asks for a person in the widget (French).
    const customer = await openPage(browser);
    await customer.page.goto(`${server.url}/?lang=fr`);
    const widget = widgetOf(customer.page);
    await customer.page.getByRole('button', { name: 'Ouvrir le chat' }).click();
    await customer.page
      .getByRole('textbox', { name: 'Votre message' })
      .fill('On m’a débité deux fois la même commande, je veux être remboursé');
    await customer.page.keyboard.press('Enter');
    // Offline, a disputed charge gets an honest acknowledgement and a button to ask for a person.
    const offer = widget.root.getByRole('button', { name: 'Parler à un conseiller' });
    await offer.waitFor();
    expect(await widget.assistantMessages.last().innerText()).toContain(
      'Je suis désolé pour ce prélèvement',
    );
    await offer.click();
    await eventually(() => widget.log.innerText()).toContain('Je transmets cette conversation');
    const askedAt = Date.now();

    // The inbox shows it within a second, with its language and reason.
    const waiting = staff.page.locator('#waiting a');
    await eventually(() => waiting.count(), 1000).toBe(1);
    expect(Date.now() - askedAt).toBeLessThan(1000);
    expect(await waiting.first().innerText()).toMatch(/French[\s\S]*waiting/);
    expect(await waiting.first().innerText()).toMatch(/human requested/);
    expect(await waiting.first().innerText()).toMatch(/Je transmets cette conversation/);
    expect(await seriousViolations(staff.page)).toEqual([]);
    await staff.page.screenshot({ path: `${SCREENSHOTS}/inbox-queue.png`, fullPage: true });

    // Keyboard: open the conversation from the list, take over, reply.
    await waiting.first().focus();
    await staff.page.keyboard.press('Enter');
    await eventually(() => staff.page.locator('#transcript li').count()).toBeGreaterThanOrEqual(2);
    await staff.page.getByRole('button', { name: 'Take over' }).click();
    await eventually(() => staff.page.locator('#conversation-details').innerText()).toMatch(
      /held by staff/,
    );
    await eventually(() => widget.status.innerText()).toContain('Marie Dupont');

    await staff.page.getByLabel('Internal note (only staff see it)').check();
    await staff.page
      .getByLabel('Reply to the customer')
      .fill('Check the double charge in the payment log');
    await staff.page.keyboard.press('Control+Enter');
    await eventually(() => staff.page.locator('#transcript .note').count()).toBe(1);

    await staff.page.getByLabel('Internal note (only staff see it)').uncheck();
    await staff.page
      .getByLabel('Reply to the customer')
      .fill('Bonjour, je regarde votre paiement tout de suite.');
    await staff.page.getByRole('button', { name: 'Send' }).click();

    // The customer sees the reply with the staff member's name; never the note.
    const reply = widget.staffMessages.last();
    await eventually(() => reply.innerText().catch(() => '')).toContain(
      'je regarde votre paiement',
    );
    expect(await reply.innerText()).toContain('Marie Dupont');
    expect(await widget.log.innerText()).not.toContain('payment log');
    expect(await seriousViolations(staff.page)).toEqual([]);
    await staff.page.screenshot({ path: `${SCREENSHOTS}/inbox-conversation.png`, fullPage: true });

    // Resolve: the customer gets the resolved notice.
    await staff.page.getByRole('button', { name: 'Resolve' }).click();
    await eventually(() => widget.log.innerText()).toContain(
      'Cette conversation a été marquée comme résolue',
    );
    await eventually(() => staff.page.locator('#resolved a').count()).toBe(1);
    await customer.page.screenshot({ path: `${SCREENSHOTS}/inbox-widget.png` });
    expect(await widget.log.innerText()).not.toContain('payment log');

    for (const { problems } of [staff, customer]) {
      expect(problems.errors).toEqual([]);
      expect(
        problems.consoleErrors.filter((text) => /Content Security Policy|Refused to/i.test(text)),
      ).toEqual([]);
    }
    await staff.context.close();
    await customer.context.close();
  });

  it('is readable on a 375-pixel phone: no horizontal scrolling, the conversation below the lists', async () => {
    const phone = await openPage(browser, {
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    await phone.page.goto(`${server.url}/ops/inbox`);
    await phone.page.getByLabel('Staff name').fill('Marie Dupont');
    await phone.page.getByLabel('Password', { exact: true }).fill('marie-password-123');
    await phone.page.keyboard.press('Enter');
    await phone.page.waitForURL(`${server.url}/ops/inbox`);
    await eventually(() => phone.page.locator('#resolved a').count()).toBeGreaterThanOrEqual(1);
    await phone.page.locator('#resolved a').first().click();
    await eventually(() => phone.page.locator('#transcript li').count()).toBeGreaterThan(2);
    const widths = await phone.page.evaluate(
      '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
    );
    expect((widths as { scroll: number; client: number }).scroll).toBeLessThanOrEqual(
      (widths as { scroll: number; client: number }).client,
    );
    expect(await seriousViolations(phone.page)).toEqual([]);
    await phone.page.screenshot({ path: `${SCREENSHOTS}/inbox-phone.png`, fullPage: true });
    await phone.context.close();
  });
});
