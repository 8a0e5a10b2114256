import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { bearerTokenOf } from './bearer-token.js';

export const OPS_SESSION_COOKIE = 'parley_ops';
/** A login lasts one working day; rotating TOKEN_SECRET or OPS_TOKEN ends every session at once. */
export const OPS_SESSION_SECONDS = 12 * 60 * 60;

/** Compares secrets in constant time; hashing first also hides the length of the expected one. */
export function secretsEqual(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Who is calling /ops: the ops token (scripts, bootstrap) or a named staff member, and whether
 * the credential came as a bearer header or as the session cookie (cookie writes check Origin).
 */
export type OpsPrincipal =
  | { kind: 'ops'; via: 'bearer' | 'cookie' }
  | { kind: 'staff'; name: string; via: 'cookie' };

export interface OpsAuth {
  /** True for a valid bearer header or session cookie. */
  isAuthorized(request: FastifyRequest): boolean;
  /** The caller of a valid bearer header or session cookie (signature and expiry checked). */
  principalOf(request: FastifyRequest): OpsPrincipal | undefined;
  /** Whether OPS_TOKEN is set: without it only staff accounts log in and no bearer is accepted. */
  readonly opsTokenEnabled: boolean;
  tokenMatches(given: string): boolean;
  /**
   * Cookie value for a session that ends `OPS_SESSION_SECONDS` from now:
   * "<expiry>.<HMAC(token, expiry)>" for the ops token, "<expiry>.<name>.<HMAC>" for a staff member.
   */
  issueSession(now?: number): string;
  issueStaffSession(name: string, now?: number): string;
}

/**
 * The ops credential is OPS_TOKEN itself, sent as a bearer header by scripts, or exchanged by the
 * login form for a session cookie (so the cookie never contains the token). Staff accounts log in
 * with name and password and get a cookie naming them. Cookies are signed with a key derived from
 * the deployment's secret (TOKEN_SECRET, or the one generated once in the database), so the inbox
 * works without OPS_TOKEN and every instance of a fleet accepts every session; OPS_TOKEN, when
 * set, is mixed in so that rotating it still ends every session.
 */
export function createOpsAuth(options: { opsToken?: string; sessionSecret: string }): OpsAuth {
  const { opsToken } = options;
  const sessionKey = createHmac('sha256', options.sessionSecret)
    .update(`parley-ops-session-key:${opsToken ?? ''}`)
    .digest();
  const signature = (payload: string) =>
    createHmac('sha256', sessionKey).update(payload).digest('base64url');
  const opsPayload = (expiry: string) => `parley-ops-session:${expiry}`;
  const staffPayload = (expiry: string, encodedName: string) =>
    `parley-staff-session:${expiry}:${encodedName}`;

  function sessionOf(value: string, now: number): OpsPrincipal | undefined {
    const ops = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (ops) {
      const [, expiry, given] = ops as unknown as [string, string, string];
      return secretsEqual(given, signature(opsPayload(expiry))) && Number(expiry) * 1000 > now
        ? { kind: 'ops', via: 'cookie' }
        : undefined;
    }
    const staff = /^(\d{1,12})\.([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!staff) return undefined;
    const [, expiry, encodedName, given] = staff as unknown as [string, string, string, string];
    if (!secretsEqual(given, signature(staffPayload(expiry, encodedName)))) return undefined;
    if (Number(expiry) * 1000 <= now) return undefined;
    return {
      kind: 'staff',
      name: Buffer.from(encodedName, 'base64url').toString('utf8'),
      via: 'cookie',
    };
  }

  function principalOf(request: FastifyRequest): OpsPrincipal | undefined {
    // A header that is present decides alone, even when it is wrong: no fallback to the cookie.
    if (request.headers.authorization !== undefined) {
      const bearer = bearerTokenOf(request);
      return bearer !== undefined && opsToken !== undefined && secretsEqual(bearer, opsToken)
        ? { kind: 'ops', via: 'bearer' }
        : undefined;
    }
    const cookie = (request as FastifyRequest & { cookies?: Record<string, string | undefined> })
      .cookies?.[OPS_SESSION_COOKIE];
    return cookie === undefined ? undefined : sessionOf(cookie, Date.now());
  }

  const expiryFrom = (now: number) => String(Math.floor(now / 1000) + OPS_SESSION_SECONDS);

  return {
    isAuthorized: (request) => principalOf(request) !== undefined,
    principalOf,
    opsTokenEnabled: opsToken !== undefined,
    tokenMatches: (given) => opsToken !== undefined && secretsEqual(given, opsToken),
    issueSession(now = Date.now()) {
      const expiry = expiryFrom(now);
      return `${expiry}.${signature(opsPayload(expiry))}`;
    },
    issueStaffSession(name, now = Date.now()) {
      const expiry = expiryFrom(now);
      const encodedName = Buffer.from(name, 'utf8').toString('base64url');
      return `${expiry}.${encodedName}.${signature(staffPayload(expiry, encodedName))}`;
    },
  };
}
