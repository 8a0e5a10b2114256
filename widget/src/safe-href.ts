const SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:'];

/**
 * An http(s) or mailto URL, normalized by the URL parser, or undefined for anything else. Relative
 * URLs resolve against `base` when one is given (citations: the Parley server) and are refused
 * without it (links in message text, which would otherwise point into the embedding site).
 */
export function safeHref(raw: string, base?: string): string | undefined {
  let candidate = raw.trim();
  if (/^www\./i.test(candidate)) candidate = `https://${candidate}`;
  try {
    const url = new URL(candidate, base);
    return SAFE_PROTOCOLS.includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}
