import { accentPalette } from './accent-colors.js';
import { createChatController } from './chat-controller.js';
import { createChatView } from './chat-view.js';
import { createParleyApi } from './parley-api.js';
import { createSessionStore } from './session-store.js';
import { resolveLocale } from './widget-locale.js';
import { findOwnScript, readOptions } from './widget-options.js';

/** What host pages call: `window.Parley.open()`, `.close()`, `.setLocale("de")`. */
export interface ParleyWidgetApi {
  open(): void;
  close(): void;
  toggle(): void;
  setLocale(locale: string): void;
  readonly version: string;
}

type QueuedCall = [keyof ParleyWidgetApi, ...unknown[]];
type ParleyGlobal = { Parley?: ParleyWidgetApi | QueuedCall[]; __parleyLoaded?: boolean };

function boot(options: ReturnType<typeof readOptions>): void {
  const global = window as unknown as ParleyGlobal;
  let explicitLocale = options.locale;
  let locale = resolveLocale(explicitLocale);
  const store = createSessionStore(options.serverBase);
  const host = document.createElement('parley-widget');
  // Open, so automated accessibility checks and tests can see inside; closing it would not
  // protect anything from scripts of the page the widget runs in.
  const shadow = host.attachShadow({ mode: 'open' });
  const view = createChatView(
    shadow,
    {
      position: options.position,
      palette: accentPalette(options.accent),
      title: options.title,
      serverBase: options.serverBase,
    },
    {
      onToggle: () => (view.isOpen() ? controller.close() : controller.open(true)),
      onClose: () => controller.close(),
      onSubmit: (text) => controller.send(text),
    },
  );
  const controller = createChatController({
    api: createParleyApi(options.serverBase),
    store,
    view,
    locale: () => locale,
  });
  const applyLocale = () => {
    locale = resolveLocale(explicitLocale);
    view.setLocale(locale);
    controller.relabel();
  };
  view.setLocale(locale);
  document.body.appendChild(host);
  controller.start();

  // Without an explicit locale the widget follows the page, including pages that switch language in place.
  new MutationObserver(() => {
    if (!explicitLocale) applyLocale();
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });

  const api: ParleyWidgetApi = {
    open: () => controller.open(true),
    close: () => controller.close(),
    toggle: () => (view.isOpen() ? controller.close() : controller.open(true)),
    setLocale(next: string) {
      explicitLocale = typeof next === 'string' && next.trim() ? next.trim() : undefined;
      applyLocale();
    },
    version: '1',
  };
  // Calls made before the async script arrived: window.Parley = window.Parley || []; Parley.push(['open']).
  const queued = Array.isArray(global.Parley) ? global.Parley : [];
  global.Parley = api;
  for (const [method, ...args] of queued) {
    const call = api[method];
    if (typeof call === 'function') (call as (...values: unknown[]) => void)(...args);
  }
  window.dispatchEvent(new CustomEvent('parley:ready', { detail: api }));
}

(() => {
  const global = window as unknown as ParleyGlobal;
  if (global.__parleyLoaded) return;
  global.__parleyLoaded = true;
  // currentScript only exists while this file first runs, so read the options now.
  const options = readOptions(findOwnScript());
  if (document.body) boot(options);
  else document.addEventListener('DOMContentLoaded', () => boot(options), { once: true });
})();
