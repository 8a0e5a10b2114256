import { verifySlackRequest } from '@slack/bolt';
import type { SlackDeliveryStore } from './slack-delivery-store.js';

/** Slack's own rule (and Bolt's): a request older than five minutes is stale. */
export const SLACK_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/**
 * How long an accepted signature is remembered: a timestamp up to the tolerance ahead of the
 * clock is accepted and stays fresh until the tolerance after it, so 2 × 5 min after receipt the
 * timestamp check refuses a replay by itself; before that, only this memory does.
 */
export const SIGNATURE_MEMORY_MS = SLACK_TIMESTAMP_TOLERANCE_SECONDS * 2 * 1000;

export type SlackVerification =
  | { ok: true }
  | {
      ok: false;
      code: 'missing_signature' | 'invalid_signature' | 'stale_timestamp' | 'replayed_request';
      message: string;
    };

export interface SlackRequestVerifierOptions {
  signingSecret: string;
  /** Where accepted signatures are remembered: the database, so that every instance refuses a replay. */
  deliveries: SlackDeliveryStore;
  /** Milliseconds since the epoch; tests move the clock. */
  now?: () => number;
}

/** The only spelling of a v0 signature Slack sends: lowercase hex of an HMAC-SHA256. */
const CANONICAL_SIGNATURE = /^v0=[0-9a-f]{64}$/;

/**
 * Checks `X-Slack-Signature` with Bolt's own verifySlackRequest (HMAC-SHA256 over
 * `v0:timestamp:body`), then rejects what Bolt lets through: signatures in any but the canonical
 * form (Bolt ignores whatever follows a second "=", so "<signature>=x" passed as a new request),
 * timestamps in the future beyond the tolerance, and a second delivery of a request already
 * accepted by any instance (same signature, which covers timestamp and body) within the window
 * in which its timestamp is still fresh.
 */
export function createSlackRequestVerifier(options: SlackRequestVerifierOptions) {
  const now = options.now ?? Date.now;

  return {
    async verify(input: {
      rawBody: string;
      signature: string | undefined;
      timestamp: string | undefined;
    }): Promise<SlackVerification> {
      if (!input.signature || !input.timestamp) {
        return {
          ok: false,
          code: 'missing_signature',
          message: 'Missing X-Slack-Signature or X-Slack-Request-Timestamp header.',
        };
      }
      if (!CANONICAL_SIGNATURE.test(input.signature)) {
        return {
          ok: false,
          code: 'invalid_signature',
          message: 'X-Slack-Signature must be "v0=" followed by 64 lowercase hex digits.',
        };
      }
      if (!/^\d{1,12}$/.test(input.timestamp)) {
        return {
          ok: false,
          code: 'invalid_signature',
          message: 'X-Slack-Request-Timestamp must be a Unix time in seconds.',
        };
      }
      const timestamp = Number(input.timestamp);
      const nowMilliseconds = now();
      if (timestamp > Math.floor(nowMilliseconds / 1000) + SLACK_TIMESTAMP_TOLERANCE_SECONDS) {
        return {
          ok: false,
          code: 'stale_timestamp',
          message: 'X-Slack-Request-Timestamp is too far in the future; check the server clock.',
        };
      }
      try {
        verifySlackRequest({
          signingSecret: options.signingSecret,
          body: input.rawBody,
          headers: { 'x-slack-signature': input.signature, 'x-slack-request-timestamp': timestamp },
          nowMilliseconds,
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const stale = message.includes('stale');
        return {
          ok: false,
          code: stale ? 'stale_timestamp' : 'invalid_signature',
          message: stale
            ? 'The request timestamp is more than five minutes old.'
            : 'The request signature does not match the signing secret.',
        };
      }
      // The canonical form is the key: one request, one entry, however the header was spelled.
      if (!(await options.deliveries.claim(`signature:${input.signature}`, SIGNATURE_MEMORY_MS))) {
        return {
          ok: false,
          code: 'replayed_request',
          message: 'This exact request was already received.',
        };
      }
      return { ok: true };
    },
  };
}

export type SlackRequestVerifier = ReturnType<typeof createSlackRequestVerifier>;
