import type { FastifyRequest } from 'fastify';

/**
 * Whether a browser request came from a page of this very origin. SameSite=Strict cookies still
 * travel from a sibling subdomain (same site, another origin), so a cookie alone proves nothing.
 * Sec-Fetch-Site decides when the browser sends it (all current ones do); otherwise Origin must
 * name this host. The ops page sends no referrer, which makes some browsers send `Origin: null`:
 * that proves nothing either way and counts as absent.
 *
 * Returns 'same-origin', 'foreign', or 'unknown' (neither header: a script, not a browser form).
 */
export function requestOrigin(request: FastifyRequest): 'same-origin' | 'foreign' | 'unknown' {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') return fetchSite === 'same-origin' ? 'same-origin' : 'foreign';
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return 'unknown';
  try {
    return new URL(origin).host === request.headers.host ? 'same-origin' : 'foreign';
  } catch {
    return 'foreign';
  }
}
