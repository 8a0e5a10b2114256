import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../support/browser.js';
import { createScriptedChatModel } from './scripted-chat-model.js';
import {
  computedStyle,
  eventually,
  focusedElement,
  storedSession,
  widgetOf,
} from './widget-page.js';
import { ensureWidgetBuilt, type RunningServer, startServer } from './widget-test-server.js';

const HOSTILE_ANSWER = [
  'Hello <img src=x onerror="window.__xss = 1"> and <script>window.__xss = 2</script>',
  '**Bold** and _emphasis_ for you:',
  '- first item',
  '- second item with [a safe link](https://example.com/help)',
  '',
  '[bad link](javascript:window.__xss=3) and <a href="javascript:window.__xss=4">raw anchor</a>',
].join('\n');

/** A host page without any CSP, so that nothing but the widget itself stands between markup and execution. */
const PLAIN_HOST_PAGE = `<!doctype html><html lang="en"><head><title>Plain host</title><style>
  html { font-size: 10px; color: lime; line-height: 3; }
  * { font-family: "Comic Sans MS", cursive !important; letter-spacing: 3px !important; }
  button { background: hotpink !important; width: 10px !important; height: 10px !important; border-radius: 0 !important; }
  textarea { color: red !important; background: yellow !important; }
  parley-widget { display: none !important; opacity: 0 !important; }
</style></head><body><main><h1>A host page with aggressive CSS</h1>
  <p class="bubble message from-user" id="host-bubble">Host paragraph with the widget's class names</p>
  <span class="launcher sr-only" id="host-launcher">Host span</span>
</main><script src="/widget.js" async></script></body></html>`;

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
  scripted.release();
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPlainHost(): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser);
  context = opened.context;
  await opened.page.route(`${server.url}/plain`, (route) =>
    route.fulfill({ contentType: 'text/html', body: PLAIN_HOST_PAGE }),
  );
  await opened.page.goto(`${server.url}/plain`);
  return { page: opened.page, errors: opened.problems.errors };
}

const inShadow = (page: Page, expression: string) =>
  page.evaluate(
    `(() => { const shadow = document.querySelector('parley-widget').shadowRoot; return ${expression}; })()`,
  );

describe('the widget renders untrusted text safely', { timeout: 60_000 }, () => {
  it('streams into a hidden element, then shows the answer once, with HTML as inert text', async () => {
    const { page, errors } = await openPlainHost();
    const widget = widgetOf(page);
    scripted.answerWith(HOSTILE_ANSWER);
    scripted.holdHalfway();
    await widget.launcher.click();
    await widget.input.fill('Which payment methods do you accept?');
    await widget.input.press('Enter');

    // Mid-stream: the partial answer is visible but hidden from assistive technology, not yet in the live region.
    await eventually(() => widget.streaming.innerText()).toContain('Hello');
    expect(await widget.streaming.getAttribute('aria-hidden')).toBe('true');
    expect(await widget.log.getAttribute('aria-busy')).toBe('true');
    expect(await widget.log.innerText()).not.toContain('Hello');
    scripted.release();

    const answer = widget.assistantMessages.first();
    await answer.waitFor();
    expect(await widget.streaming.isHidden()).toBe(true);
    expect(await widget.log.getAttribute('aria-busy')).toBe('false');
    const bubble = answer.locator('.bubble');
    const text = await bubble.innerText();
    expect(text).toContain('<img src=x onerror="window.__xss = 1">');
    expect(text).toContain('<script>window.__xss = 2</script>');
    expect(await bubble.locator('strong').innerText()).toBe('Bold');
    expect(await bubble.locator('em').innerText()).toBe('emphasis');
    expect(await bubble.locator('li').count()).toBe(2);

    const links = await bubble
      .locator('a')
      .evaluateAll((anchors) =>
        anchors.map((anchor) => [
          anchor.getAttribute('href'),
          anchor.getAttribute('target'),
          anchor.getAttribute('rel'),
        ]),
      );
    expect(links).toEqual([['https://example.com/help', '_blank', 'noopener noreferrer']]);
    expect(text).toContain('bad link');

    await server.services.conversations.postStaffMessage({
      conversationId: (await storedSession(page, server.url))?.id ?? '',
      text: 'Staff <img src=x onerror="window.__xss = 5"> <svg onload="window.__xss = 6"></svg> <iframe src="javascript:window.__xss=7"></iframe>',
      role: 'staff',
      author: '<b>Mallory</b>',
    });
    const staff = widget.staffMessages.first();
    await staff.waitFor();
    expect(await staff.locator('.bubble').innerText()).toContain(
      '<svg onload="window.__xss = 6"></svg>',
    );
    expect(await staff.locator('.author').innerText()).toContain('<b>Mallory</b>');

    // A control image with the same broken source, added after the widget's messages: once its
    // handler has run, any image the widget had created would have run its handler too.
    await page.evaluate(
      `document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__control = 1">')`,
    );
    await page.waitForFunction('window.__control === 1');
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(
      await inShadow(page, `shadow.querySelectorAll('img, script, iframe, object, embed').length`),
    ).toBe(0);
    expect(
      await inShadow(
        page,
        `[...shadow.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((attribute) => attribute.name)).filter((name) => name.startsWith('on'))`,
      ),
    ).toEqual([]);
    expect(
      await inShadow(
        page,
        `[...shadow.querySelectorAll('a')].map((anchor) => anchor.protocol).filter((protocol) => !['http:', 'https:', 'mailto:'].includes(protocol))`,
      ),
    ).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('is isolated from the host page in both directions', async () => {
    const { page } = await openPlainHost();
    const widget = widgetOf(page);
    await widget.launcher.click();
    await widget.panel.waitFor();

    expect(await computedStyle(widget.root, ['display', 'opacity'])).toEqual({
      display: 'block',
      opacity: '1',
    });
    expect(
      await computedStyle(widget.launcher, [
        'backgroundColor',
        'width',
        'borderTopLeftRadius',
        'position',
      ]),
    ).toEqual({
      backgroundColor: 'rgb(122, 46, 77)',
      width: '58px',
      borderTopLeftRadius: '50%',
      position: 'fixed',
    });
    const input = await computedStyle(widget.input, [
      'color',
      'backgroundColor',
      'fontFamily',
      'letterSpacing',
      'fontSize',
    ]);
    expect(input.color).toBe('rgb(29, 31, 35)');
    expect(input.backgroundColor).toBe('rgb(255, 255, 255)');
    expect(input.fontFamily).not.toContain('Comic');
    expect(input.letterSpacing).toBe('normal');
    expect(input.fontSize).toBe('16px');

    // The widget's own class names on host elements get none of the widget's styles.
    expect(
      (await computedStyle(page.locator('#host-bubble'), ['backgroundColor'])).backgroundColor,
    ).toBe('rgba(0, 0, 0, 0)');
    expect(await computedStyle(page.locator('#host-launcher'), ['position', 'width'])).toEqual({
      position: 'static',
      width: 'auto',
    });
  });

  it('explains errors in the page language and retries without sending twice', async () => {
    const opened = await openPage(browser);
    context = opened.context;
    const page = opened.page;
    const widget = widgetOf(page);
    scripted.answerWith('Wir akzeptieren Karten und PayPal.');
    // The event stream stays down, so answers can only arrive through the POST being retried.
    await page.route('**/events', (route) => route.abort('internetdisconnected'));
    const attempts: { clientMessageId: string; text: string }[] = [];
    const failures = ['503', '429', 'pass', 'lost', 'pass'];
    await page.route('**/messages', async (route) => {
      attempts.push(route.request().postDataJSON());
      const failure = failures.shift();
      if (failure === '503' || failure === '429') {
        return route.fulfill({
          status: Number(failure),
          contentType: 'application/json',
          body: JSON.stringify({
            error: { code: failure === '429' ? 'rate_limited' : 'unavailable', message: 'no' },
          }),
        });
      }
      if (failure === 'lost') {
        // The server gets and answers the message, but the answer never reaches the browser.
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await page.goto(`${server.url}/?lang=de`);
    await widget.launcher.click();

    await widget.input.fill('Welche Zahlungsarten gibt es?');
    await widget.input.press('Enter');
    await eventually(() => widget.alert.innerText()).toContain(
      'Unser Chat hat gerade ein technisches Problem',
    );
    expect(await widget.userMessages.first().innerText()).toContain('Nicht gesendet');
    await page.getByRole('button', { name: 'Erneut versuchen' }).click();
    await eventually(() => widget.alert.innerText()).toContain('Sie senden zu viele Nachrichten');
    await page.getByRole('button', { name: 'Erneut versuchen' }).click();
    await widget.assistantMessages.first().waitFor();
    expect(await widget.alert.isHidden()).toBe(true);
    // The Retry button that had focus is gone; focus stays in the widget, in the message box.
    expect(await focusedElement(page)).toBe('TEXTAREA');
    expect(await widget.userMessages.first().innerText()).not.toContain('Nicht gesendet');

    await widget.input.fill('Und Ratenzahlung?');
    await widget.input.press('Enter');
    await eventually(() => widget.alert.innerText()).toContain('Sie scheinen offline zu sein');
    await page.getByRole('button', { name: 'Erneut versuchen' }).click();
    await eventually(() => widget.assistantMessages.count()).toBe(2);

    expect(attempts.map((attempt) => attempt.text)).toEqual([
      'Welche Zahlungsarten gibt es?',
      'Welche Zahlungsarten gibt es?',
      'Welche Zahlungsarten gibt es?',
      'Und Ratenzahlung?',
      'Und Ratenzahlung?',
    ]);
    expect(new Set(attempts.slice(0, 3).map((attempt) => attempt.clientMessageId)).size).toBe(1);
    expect(attempts[3]?.clientMessageId).toBe(attempts[4]?.clientMessageId);
    expect(attempts[0]?.clientMessageId).not.toBe(attempts[3]?.clientMessageId);
    const conversationId = (await storedSession(page, server.url))?.id ?? '';
    const transcript = await server.services.conversations.getTranscript(conversationId);
    expect(transcript.messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(await widget.messages.count()).toBe(4);

    // The event stream comes back (the browser's online event wakes the reconnect) and replays
    // the whole conversation: every message is already on screen and must stay there once.
    await page.unroute('**/events');
    await context.setOffline(true);
    await context.setOffline(false);
    const events = await server.services.conversations.listEvents(conversationId, 0);
    const lastEventId = events.at(-1)?.id ?? 0;
    await eventually(async () => (await storedSession(page, server.url))?.lastEventId, 15_000).toBe(
      lastEventId,
    );
    expect(await widget.messages.count()).toBe(4);
  });
});
