import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Bearer tokens that grant access to one conversation. Format: `v1.<conversationId>.<signature>`,
 * signature = HMAC-SHA256(secret, "v1.<conversationId>") in base64url. No expiry: a customer
 * may come back days later to the same conversation; rotating TOKEN_SECRET revokes all tokens.
 * A JWT library would add algorithm negotiation we do not want; an HMAC over a fixed format
 * has nothing to negotiate.
 */
export interface ConversationTokens {
  issue(conversationId: string): string;
  /** The conversation id the token grants, or null when the token is malformed or forged. */
  verify(token: string): string | null;
}

const VERSION = 'v1';
/** The one spelling issue() produces: an id and 43 base64url characters (32 bytes, no padding). */
const CANONICAL_TOKEN = /^v1\.([0-9A-Za-z-]{1,64})\.([A-Za-z0-9_-]{43})$/;
export function createConversationTokens(options: { secret: string }): ConversationTokens {
  if (options.secret.length < 32)
    throw new Error('The token secret must be at least 32 characters long');
  const sign = (payload: string) => createHmac('sha256', options.secret).update(payload).digest();

  return {
    issue(conversationId) {
      const payload = `${VERSION}.${conversationId}`;
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    verify(token) {
      // Only the canonical form: Buffer's base64 decoder skips junk and padding and ignores the
      // spare low bits of the last character, so many spellings would decode to one signature.
      const match = CANONICAL_TOKEN.exec(token);
      if (!match) return null;
      const [, conversationId, signature] = match as unknown as [string, string, string];
      const expected = sign(`${VERSION}.${conversationId}`);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || given.toString('base64url') !== signature)
        return null;
      if (!timingSafeEqual(given, expected)) return null;
      return conversationId;
    },
  };
}
