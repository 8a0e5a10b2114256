import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** expect.poll with room for a busy two-core machine (its default gives up after one second). */
export const eventually = <T>(read: () => Promise<T> | T, timeout = 10_000) =>
  expect.poll(read, { timeout, interval: 50 });

/**
 * Locators into the widget. Playwright's CSS and role selectors pierce open shadow roots, so
 * these find elements inside <parley-widget> the way a user would see them.
 */
export function widgetOf(page: Page) {
  const root = page.locator('parley-widget');
  const log = root.locator('[role="log"]');
  return {
    root,
    launcher: root.locator('button.launcher'),
    panel: root.locator('[role="dialog"]'),
    input: root.locator('textarea#parley-input'),
    sendButton: root.locator('button.send'),
    closeButton: root.locator('button.close'),
    status: root.locator('#parley-status'),
    log,
    messages: log.locator('.message'),
    userMessages: log.locator('.from-user'),
    assistantMessages: log.locator('.from-assistant'),
    staffMessages: log.locator('.from-staff'),
    streaming: root.locator('.streaming'),
    alert: root.locator('[role="alert"]'),
  };
}

/** The conversation the widget stored for this server (localStorage, keyed by the server). */
export async function storedSession(
  page: Page,
  serverUrl: string,
): Promise<{ id: string; token: string; lastEventId: number } | null> {
  const key = `parley:v1:${serverUrl.replace(/\/?$/, '/')}`;
  return page.evaluate(`JSON.parse(localStorage.getItem(${JSON.stringify(key)}) || 'null')`);
}

/** Describes the focused element, looking inside shadow roots: "TEXTAREA", "BUTTON.launcher"… */
export async function focusedElement(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    let element = document.activeElement;
    while (element && element.shadowRoot && element.shadowRoot.activeElement) element = element.shadowRoot.activeElement;
    if (!element) return 'none';
    return element.tagName + (element.classList.length ? '.' + [...element.classList].join('.') : '');
  })()`);
}

/** Presses Tab until the predicate holds for the focused element (at most `limit` presses). */
export async function tabUntil(page: Page, wanted: string, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if ((await focusedElement(page)) === wanted) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(
    `Focus never reached ${wanted} after ${limit} Tab presses (last: ${await focusedElement(page)})`,
  );
}

type StyleWindow = { getComputedStyle(element: unknown): Record<string, string> };

/** Computed CSS properties (camelCase names) of the element, as the browser resolved them. */
export async function computedStyle(
  locator: Locator,
  properties: string[],
): Promise<Record<string, string>> {
  return locator.evaluate((element, names) => {
    const style = (globalThis as unknown as StyleWindow).getComputedStyle(element);
    return Object.fromEntries(names.map((name) => [name, style[name] ?? '']));
  }, properties);
}
