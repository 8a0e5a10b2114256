export interface WidgetOptions {
  /** Base URL of the Parley server, ending in "/". */
  serverBase: string;
  position: 'bottom-right' | 'bottom-left';
  accent: string | undefined;
  title: string | undefined;
  locale: string | undefined;
}

/**
 * The script tag that loaded the widget. `document.currentScript` is set for async classic
 * scripts too; the fallback covers bundlers or tag managers that re-insert the tag.
 */
export function findOwnScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  const candidates = document.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]');
  return candidates[candidates.length - 1] ?? null;
}

function normalizeBase(value: string, relativeTo: string): string {
  const url = new URL(value, relativeTo);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** Reads `data-*` attributes of the embedding tag; the server defaults to where the script came from. */
export function readOptions(script: HTMLScriptElement | null): WidgetOptions {
  const data = script?.dataset ?? {};
  const scriptUrl = script?.src || document.baseURI;
  let serverBase: string;
  try {
    serverBase = data.server
      ? normalizeBase(data.server, document.baseURI)
      : new URL('.', scriptUrl).href;
  } catch {
    serverBase = new URL('/', document.baseURI).href;
  }
  const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  return {
    serverBase,
    position: data.position === 'bottom-left' ? 'bottom-left' : 'bottom-right',
    accent: text(data.accent),
    title: text(data.title),
    locale: text(data.locale),
  };
}
