import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export const SLACK_TEST_SIGNING_SECRET = 'slack-test-signing-secret-0123456789';
export const SLACK_TEST_BOT_TOKEN = 'xoxb-parley-test-token';
export const SLACK_TEST_HANDOFF_CHANNEL = 'C0HANDOFF';
export const SLACK_TEST_TEAM = 'T0PARLEY';

/** The environment that switches Slack on, pointed at the nock'd Web API (see slack-web-api.ts). */
export const SLACK_TEST_ENVIRONMENT: Record<string, string> = {
  SLACK_BOT_TOKEN: SLACK_TEST_BOT_TOKEN,
  SLACK_SIGNING_SECRET: SLACK_TEST_SIGNING_SECRET,
  SLACK_HANDOFF_CHANNEL: SLACK_TEST_HANDOFF_CHANNEL,
  SLACK_API_URL: 'https://slack.test/api/',
  // Where the local help center's citations link in Slack.
  PUBLIC_URL: 'https://support.example.com',
};

/** Slack's request signature: `v0=` + HMAC-SHA256(secret, `v0:<timestamp>:<body>`) in hex. */
export function slackSignature(
  body: string,
  timestamp: number,
  secret = SLACK_TEST_SIGNING_SECRET,
): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export interface SignedRequestOptions {
  contentType?: 'application/json' | 'application/x-www-form-urlencoded';
  timestamp?: number;
  secret?: string;
  /** Replaces the computed signature (tampering tests). */
  signature?: string;
  headers?: Record<string, string>;
}

/** POST /slack/events with a real signature, through Fastify's inject (no port). */
export function postToSlackEndpoint(
  app: FastifyInstance,
  body: string,
  options: SignedRequestOptions = {},
) {
  const timestamp = options.timestamp ?? nowInSeconds();
  return app.inject({
    method: 'POST',
    url: '/slack/events',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(body, timestamp, options.secret),
      ...options.headers,
    },
    payload: body,
  });
}

let eventCounter = 0;

/** An Events API envelope as Slack sends it. */
export function eventCallback(
  event: Record<string, unknown>,
  eventId = `Ev${Date.now()}${++eventCounter}`,
): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: SLACK_TEST_TEAM,
    api_app_id: 'A0PARLEY',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: nowInSeconds(),
    authorizations: [
      { team_id: SLACK_TEST_TEAM, user_id: 'U0BOT', is_bot: true, is_enterprise_install: false },
    ],
  });
}

let tsCounter = 0;
let triggerCounter = 0;

/** A Slack message timestamp ("seconds.micro"), unique per call. */
export function nextSlackTs(): string {
  tsCounter += 1;
  return `${nowInSeconds()}.${String(100000 + tsCounter).padStart(6, '0')}`;
}

/** A staff member's reply in a thread (message.channels event). */
export function threadReplyEvent(input: {
  channel: string;
  threadTs: string;
  user: string;
  text: string;
  ts?: string;
}): Record<string, unknown> {
  return {
    type: 'message',
    channel: input.channel,
    channel_type: 'channel',
    user: input.user,
    text: input.text,
    ts: input.ts ?? nextSlackTs(),
    thread_ts: input.threadTs,
    team: SLACK_TEST_TEAM,
  };
}

/** Interactivity: a block_actions payload, form-encoded as `payload=<json>`. */
export function buttonClickForm(input: {
  actionId: string;
  value: string;
  user: { id: string; username: string; name?: string };
  channel: string;
  messageTs: string;
}): string {
  const payload = {
    type: 'block_actions',
    team: { id: SLACK_TEST_TEAM, domain: 'parley-test' },
    user: { ...input.user, team_id: SLACK_TEST_TEAM },
    api_app_id: 'A0PARLEY',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: input.messageTs,
      channel_id: input.channel,
      is_ephemeral: false,
    },
    trigger_id: `${nowInSeconds()}.${++triggerCounter}.parley`,
    channel: { id: input.channel, name: 'support-handoffs' },
    message: { type: 'message', ts: input.messageTs, text: 'Customer handoff', bot_id: 'B0BOT' },
    response_url: 'https://hooks.slack.test/actions/T0PARLEY/1/abc',
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: 'parley_handoff_actions',
        value: input.value,
        text: { type: 'plain_text', text: 'button' },
        action_ts: `${nowInSeconds()}.000100`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A slash command, form-encoded as Slack posts it. */
export function slashCommandForm(text: string, user = { id: 'U0ANNA', name: 'anna' }): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: SLACK_TEST_TEAM,
    team_domain: 'parley-test',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: user.id,
    user_name: user.name,
    command: '/parley',
    text,
    api_app_id: 'A0PARLEY',
    response_url: 'https://hooks.slack.test/commands/T0PARLEY/1/abc',
    // Unique per invocation, as in Slack: two identical bodies in one second would be a replay.
    trigger_id: `${nowInSeconds()}.${++triggerCounter}.parley`,
  }).toString();
}
