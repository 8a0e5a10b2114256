import nock from 'nock';

export const SLACK_API_ORIGIN = 'https://slack.test';
export const TEST_BOT_USER_ID = 'U0BOT';
export const TEST_BOT_ID = 'B0BOT';

export interface SlackApiCall {
  method: string;
  params: Record<string, unknown>;
  authorization: string | undefined;
  /** False while the (delayed) answer is still on its way back. */
  answered: boolean;
  /** What the stand-in answered (e.g. the `ts` of a posted message). */
  response: Record<string, unknown>;
}

export interface SlackWebApiStandIn {
  calls: SlackApiCall[];
  callsTo(method: string): SlackApiCall[];
  /** Messages the bot posted (chat.postMessage), in order. */
  posted(): Array<Record<string, unknown>>;
  /** Slack answers this method only after `ms` milliseconds from now on. */
  delay(method: string, ms: number): void;
  /** Top-level messages posted to a channel (handoff cards), with the ts Slack gave them. */
  cardsIn(channel: string): Array<{ ts: string; params: Record<string, unknown> }>;
}

/**
 * The Slack Web API at https://slack.test/api/, intercepted with nock: the real WebClient sends
 * real form-encoded requests over fetch and gets Slack-shaped answers. Every call is recorded
 * (blocks parsed back from their JSON form) for assertions.
 */
export function interceptSlackWebApi(
  options: { users?: Record<string, string> } = {},
): SlackWebApiStandIn {
  const calls: SlackApiCall[] = [];
  let messageCounter = 0;
  const delays = new Map<string, number>();
  const users = { U0ANNA: 'Anna Keller', U0LUCA: 'Luca', ...options.users };

  nock(SLACK_API_ORIGIN)
    .persist()
    .post(/^\/api\/[A-Za-z.]+$/)
    .reply(async function (uri, body) {
      const method = uri.replace('/api/', '');
      const params = parseParams(body);
      const authorization = this.req.headers.authorization;
      const response = answer(method, params);
      const call: SlackApiCall = {
        method,
        params,
        authorization: Array.isArray(authorization) ? authorization[0] : authorization,
        answered: false,
        response,
      };
      calls.push(call);
      const delay = delays.get(method);
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      call.answered = true;
      return [200, response, { 'content-type': 'application/json' }];
    });

  function answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://parley-test.slack.com/',
          team: 'Parley test',
          user: 'parley',
          team_id: 'T0PARLEY',
          user_id: TEST_BOT_USER_ID,
          bot_id: TEST_BOT_ID,
        };
      case 'chat.postMessage': {
        messageCounter += 1;
        const ts = `1700000000.${String(messageCounter).padStart(6, '0')}`;
        return {
          ok: true,
          channel: params.channel,
          ts,
          message: {
            type: 'message',
            text: params.text,
            user: TEST_BOT_USER_ID,
            bot_id: TEST_BOT_ID,
            ts,
          },
        };
      }
      case 'chat.update':
        return { ok: true, channel: params.channel, ts: params.ts, text: params.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: '1700000000.999999' };
      case 'users.info': {
        const id = String(params.user);
        const name = users[id as keyof typeof users];
        if (!name) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id,
            name: name.toLowerCase().replace(/\s+/g, '.'),
            real_name: name,
            profile: { display_name: name, real_name: name },
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  return {
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    delay: (method, ms) => delays.set(method, ms),
    posted: () =>
      calls.filter((call) => call.method === 'chat.postMessage').map((call) => call.params),
    cardsIn: (channel) =>
      calls
        .filter(
          (call) =>
            call.method === 'chat.postMessage' &&
            call.params.channel === channel &&
            call.params.thread_ts === undefined,
        )
        .map((call) => ({ ts: String(call.response.ts), params: call.params })),
  };
}

function parseParams(body: unknown): Record<string, unknown> {
  const entries: Record<string, unknown> =
    typeof body === 'string'
      ? Object.fromEntries(new URLSearchParams(body))
      : { ...(body as Record<string, unknown>) };
  for (const key of ['blocks', 'attachments']) {
    if (typeof entries[key] === 'string') entries[key] = JSON.parse(entries[key] as string);
  }
  return entries;
}
