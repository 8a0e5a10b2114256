import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, type PageProblems } from '../support/browser.js';
import { eventually, focusedElement, storedSession, tabUntil, widgetOf } from './widget-page.js';
import { ensureWidgetBuilt, type RunningServer, startServer } from './widget-test-server.js';

const GERMAN_QUESTION = 'Wie lange dauert der Versand nach Deutschland?';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext | undefined;
let problems: PageProblems | undefined;

beforeAll(async () => {
  ensureWidgetBuilt();
  server = await startServer();
  browser = await launchBrowser();
}, 60_000);

afterEach(async () => {
  const seen = problems;
  await context?.close();
  context = undefined;
  problems = undefined;
  // The demo page has a strict CSP: a violation or an uncaught error would show up here.
  expect(seen?.errors ?? []).toEqual([]);
  expect(
    (seen?.consoleErrors ?? []).filter((text) => /Content Security Policy|Refused to/i.test(text)),
  ).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path = '/?lang=de') {
  const opened = await openPage(browser);
  context = opened.context;
  problems = opened.problems;
  await opened.page.goto(`${server.url}${path}`);
  return opened.page;
}

describe('the widget on the demo shop page', { timeout: 60_000 }, () => {
  it('streams a German answer with a citation to a German question', async () => {
    const page = await open();
    const widget = widgetOf(page);
    await page.getByRole('button', { name: 'Chat öffnen' }).click();
    await page.getByRole('textbox', { name: 'Ihre Nachricht' }).fill(GERMAN_QUESTION);
    const answerResponse = page.waitForResponse(
      (response) => response.url().endsWith('/messages') && response.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Senden' }).click();

    const response = await answerResponse;
    expect(response.request().headers().accept).toBe('text/event-stream');
    const body = await response.text();
    expect(body.match(/^event: delta$/gm)?.length ?? 0).toBeGreaterThan(1);

    const answer = widget.assistantMessages.last();
    await answer.waitFor();
    expect(await answer.locator('.bubble').innerText()).toMatch(/Werktage/);
    const citation = answer.locator('.sources a').first();
    // The local help center's site-relative URL, resolved against the Parley server.
    expect(await citation.getAttribute('href')).toMatch(
      new RegExp(`^${server.url}/help/de/shipping#[a-z0-9-]+$`),
    );
    expect(await citation.getAttribute('target')).toBe('_blank');
    expect(await citation.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await answer.locator('.sources').innerText()).toContain('Quellen');
    expect(await widget.streaming.isHidden()).toBe(true);

    const session = await storedSession(page, server.url);
    const transcript = await server.services.conversations.getTranscript(session?.id ?? '');
    expect(transcript.language).toBe('de');
    expect(transcript.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    // Shown once, although both the answer stream and the event stream delivered it.
    expect(await widget.messages.count()).toBe(2);
  });

  it('keeps the conversation across a reload and on another page of the site', async () => {
    const page = await open();
    const widget = widgetOf(page);
    await widget.launcher.click();
    await widget.input.fill(GERMAN_QUESTION);
    await widget.input.press('Enter');
    await widget.assistantMessages.first().waitFor();
    const before = await storedSession(page, server.url);

    await page.reload();
    // The panel was open in this tab, so it opens again, with the same two messages.
    await widget.panel.waitFor();
    await eventually(() => widget.messages.count()).toBe(2);
    expect(await widget.userMessages.first().innerText()).toContain(GERMAN_QUESTION);
    expect((await storedSession(page, server.url))?.id).toBe(before?.id);

    // Another page of the same site that embeds the widget with the same tag.
    await page.route(`${server.url}/about`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="de"><head><title>Über uns</title></head><body><main><h1>Über uns</h1></main><script src="/widget.js" async></script></body></html>`,
      }),
    );
    await page.goto(`${server.url}/about`);
    await widget.launcher.waitFor();
    if (await widget.panel.isHidden()) await widget.launcher.click();
    await eventually(() => widget.messages.count()).toBe(2);
    expect(await widget.assistantMessages.first().innerText()).toMatch(/Werktage/);
  });

  it('shows staff messages and the handoff state live, and replays what it missed while offline', async () => {
    const page = await open('/?lang=en');
    const widget = widgetOf(page);
    await widget.launcher.click();
    await widget.input.fill('How long does delivery to Germany take?');
    await widget.input.press('Enter');
    await widget.assistantMessages.first().waitFor();
    const session = await storedSession(page, server.url);
    const conversationId = session?.id ?? '';

    await server.services.conversations.changeHandoffState(conversationId, 'take_over', 'Anna');
    await eventually(() => widget.status.innerText()).toContain('Anna');
    await server.services.conversations.postStaffMessage({
      conversationId,
      text: 'Hi, this is **Anna**. Your parcel left our warehouse today.',
      role: 'staff',
      author: 'Anna',
    });
    const staff = widget.staffMessages.first();
    await staff.waitFor();
    expect(await staff.locator('.author').innerText()).toContain('Anna');
    expect(await staff.locator('strong').innerText()).toBe('Anna');

    // Closed panel: a new message shows as unread on the launcher.
    await page.keyboard.press('Escape');
    await widget.panel.waitFor({ state: 'hidden' });
    await server.services.conversations.postStaffMessage({
      conversationId,
      text: 'Anything else I can do?',
      role: 'staff',
      author: 'Anna',
    });
    await eventually(() => widget.launcher.getAttribute('aria-label')).toBe(
      'Open chat, New messages: 1',
    );

    // Offline: the event stream drops; what is said meanwhile is replayed after reconnecting.
    const eventStreamRequests: (string | undefined)[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/events'))
        eventStreamRequests.push(request.headers()['last-event-id']);
    });
    await context?.setOffline(true);
    server.app.server.closeAllConnections();
    await server.services.conversations.postStaffMessage({
      conversationId,
      text: 'Message sent while you were offline.',
      role: 'staff',
      author: 'Anna',
    });
    await server.services.conversations.changeHandoffState(conversationId, 'resolve', 'Anna');
    await context?.setOffline(false);
    await widget.launcher.click();
    await eventually(() => widget.staffMessages.count(), 15_000).toBe(3);
    await eventually(() => widget.status.innerText(), 15_000).toContain('resolved');
    expect(await widget.staffMessages.last().innerText()).toContain(
      'Message sent while you were offline.',
    );
    expect(eventStreamRequests.length).toBeGreaterThan(0);
    expect(Number(eventStreamRequests.at(-1))).toBeGreaterThan(0);
  });

  it('works with the keyboard alone: open, type, send, close with Escape', async () => {
    const page = await open('/?lang=fr');
    const widget = widgetOf(page);
    await tabUntil(page, 'BUTTON.launcher');
    await page.keyboard.press('Enter');
    await eventually(() => focusedElement(page)).toBe('TEXTAREA');
    await page.keyboard.type('Quels sont les délais de livraison en France ?');
    await page.keyboard.press('Enter');
    await widget.assistantMessages.first().waitFor();
    expect(await widget.input.inputValue()).toBe('');

    // Backwards from the composer: the answer's 👎 and 👍, then its citation link.
    await page.keyboard.press('Shift+Tab');
    expect(await focusedElement(page)).toBe('BUTTON.thumb');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedElement(page)).toBe('BUTTON.thumb');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedElement(page)).toBe('A');
    expect(
      await page.evaluate(
        'document.querySelector("parley-widget").shadowRoot.activeElement.closest(".sources") !== null',
      ),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await widget.panel.waitFor({ state: 'hidden' });
    expect(await focusedElement(page)).toBe('BUTTON.launcher');
    expect(await widget.launcher.getAttribute('aria-expanded')).toBe('false');

    await page.keyboard.press('Space');
    await widget.panel.waitFor();
    await eventually(() => focusedElement(page)).toBe('TEXTAREA');
  });

  it('switches the widget language with the page language switcher', async () => {
    const page = await open('/?lang=en');
    const widget = widgetOf(page);
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    await page.locator('button[data-lang="it"]').click();
    expect(await page.getAttribute('html', 'lang')).toBe('it');
    expect(await widget.launcher.getAttribute('aria-label')).toBe('Apri la chat');
    // The shop's own "Chat with us" button opens the widget through its JavaScript API.
    await page.getByRole('button', { name: 'Chatta con noi' }).click();
    await widget.panel.waitFor();
    expect(await widget.input.getAttribute('placeholder')).toBe('Scrivi il tuo messaggio…');
    expect(await widget.panel.locator('h2').innerText()).toBe('Assistenza clienti');
    // The first message creates the conversation with the current locale as its hint.
    await widget.input.fill('Posso pagare con PayPal?');
    await widget.input.press('Enter');
    await widget.assistantMessages.first().waitFor();
    const session = await storedSession(page, server.url);
    expect(
      (await server.services.conversations.getConversation(session?.id ?? ''))?.localeHint,
    ).toBe('it');
    expect(await widget.assistantMessages.first().locator('.sources p').innerText()).toBe('Fonti');

    // Messages already shown are relabelled in place.
    await page.locator('button[data-lang="de"]').click();
    await eventually(() => widget.assistantMessages.first().locator('.sources p').innerText()).toBe(
      'Quellen',
    );
    expect(await widget.assistantMessages.first().locator('.prefix').textContent()).toBe(
      'Assistent: ',
    );
    expect(await widget.launcher.getAttribute('aria-label')).toBe('Chat schließen');
  });
});
