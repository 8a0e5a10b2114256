import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { bearerTokenOf } from './bearer-token.js';

export const OPS_SESSION_COOKIE = 'parley_ops';
/** A login lasts one working day; rotating OPS_TOKEN ends every session at once. */
export const OPS_SESSION_SECONDS = 12 * 60 * 60;

/** Compares secrets in constant time; hashing first also hides the length of the expected one. */
export function secretsEqual(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export interface OpsAuth {
  /** True for a valid bearer header or session cookie. */
  isAuthorized(request: FastifyRequest): boolean;
  tokenMatches(given: string): boolean;
  /** Cookie value for a session that ends `OPS_SESSION_SECONDS` from now: "<expiry>.<HMAC(token, expiry)>". */
  issueSession(now?: number): string;
}

/**
 * The ops credential is OPS_TOKEN itself, sent as a bearer header by scripts, or exchanged by the
 * login form for a session cookie signed with it (so the cookie never contains the token).
 */
export function createOpsAuth(opsToken: string): OpsAuth {
  const signature = (expiry: string) =>
    createHmac('sha256', opsToken).update(`parley-ops-session:${expiry}`).digest('base64url');

  function sessionValid(value: string, now: number): boolean {
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!match) return false;
    const [, expiry, given] = match as unknown as [string, string, string];
    return secretsEqual(given, signature(expiry)) && Number(expiry) * 1000 > now;
  }

  return {
    isAuthorized(request) {
      // A header that is present decides alone, even when it is wrong: no fallback to the cookie.
      if (request.headers.authorization !== undefined) {
        const bearer = bearerTokenOf(request);
        return bearer !== undefined && secretsEqual(bearer, opsToken);
      }
      const cookie = (request as FastifyRequest & { cookies?: Record<string, string | undefined> })
        .cookies?.[OPS_SESSION_COOKIE];
      return cookie !== undefined && sessionValid(cookie, Date.now());
    },
    tokenMatches: (given) => secretsEqual(given, opsToken),
    issueSession(now = Date.now()) {
      const expiry = String(Math.floor(now / 1000) + OPS_SESSION_SECONDS);
      return `${expiry}.${signature(expiry)}`;
    },
  };
}
