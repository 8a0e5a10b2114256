import { afterEach, describe, expect, it } from 'vitest';
import { type SlackApiServer, startSlackApiServer } from '../../support/slack-api-server.js';
import {
  eventCallback,
  nowInSeconds,
  postToSlackEndpoint,
  SLACK_TEST_ENVIRONMENT,
  SLACK_TEST_HANDOFF_CHANNEL,
  threadReplyEvent,
} from '../../support/slack-requests.js';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';

const waitFor = async (condition: () => Promise<boolean> | boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
};

/** A Slack Web API that accepts connections and never answers must cost no staff event or card. */
describe('a slow Slack', { timeout: 60_000 }, () => {
  let slack: SlackApiServer | undefined;
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.close();
    await slack?.close();
    test = undefined;
    slack = undefined;
  });

  async function start(environment: Record<string, string> = {}) {
    slack = await startSlackApiServer();
    test = await createTestApp({
      ...SLACK_TEST_ENVIRONMENT,
      SLACK_API_URL: slack.url,
      SLACK_API_TIMEOUT_MS: '300',
      ...environment,
    });
    return { slack, test };
  }

  const cards = () =>
    (slack?.calls ?? []).filter(
      (call) =>
        call.method === 'chat.postMessage' &&
        call.params.get('channel') === SLACK_TEST_HANDOFF_CHANNEL &&
        !call.params.get('thread_ts'),
    );

  it('acknowledges an event at once and handles it, even while every Slack call hangs', async () => {
    const { slack, test } = await start();
    const customer = await createConversation(test.app, 'en');
    await postMessage(test.app, customer, 'I want to talk to a human please');
    expect(await waitFor(() => cards().length === 1, 5_000)).toBe(true);
    await test.app.slack!.idle();
    const cardTs = await test.services.database.kysely
      .withTables<{ slack_threads: { conversation_id: string; thread_ts: string } }>()
      .selectFrom('slack_threads')
      .select('thread_ts')
      .where('conversation_id', '=', customer.id)
      .executeTakeFirstOrThrow();

    slack.hang('auth.test', 'users.info', 'chat.postMessage', 'chat.update');
    const reply = eventCallback(
      threadReplyEvent({
        channel: SLACK_TEST_HANDOFF_CHANNEL,
        threadTs: cardTs.thread_ts,
        user: 'U0ANNA',
        text: 'Hello, Anna here. Your parcel left our warehouse today.',
      }),
      'Ev0SLOW0001',
    );
    const started = Date.now();
    const response = await postToSlackEndpoint(test.app, reply);
    expect(response.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    // Slack's retry (its first answer lost, say) is answered and not handled twice.
    const retry = await postToSlackEndpoint(test.app, reply, {
      timestamp: nowInSeconds() + 1,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.statusCode).toBe(200);
    const staffMessages = async () =>
      (await test.services.conversations.listMessages(customer.id)).filter(
        (message) => message.role === 'staff',
      );
    expect(await waitFor(async () => (await staffMessages()).length > 0, 10_000)).toBe(true);
    await test.app.slack!.idle();
    expect(await staffMessages()).toHaveLength(1);
    expect((await staffMessages())[0]?.text).toContain('Your parcel left our warehouse');
  });

  it('posts a handoff card that failed later, with backoff, without waiting for the customer', async () => {
    const { slack, test } = await start();
    slack.hang('chat.postMessage');
    const customer = await createConversation(test.app, 'en');
    await postMessage(test.app, customer, 'I want to talk to a human please');
    // Three attempts of one call time out; then the observer waits and tries again.
    expect(await waitFor(() => cards().length >= 3, 10_000)).toBe(true);
    slack.recover('chat.postMessage');
    const hungAttempts = cards().length;
    expect(await waitFor(() => cards().length > hungAttempts, 10_000)).toBe(true);
    await test.app.slack!.idle();
    const messages = await test.services.conversations.listMessages(customer.id);
    expect(messages.filter((message) => message.role === 'user')).toHaveLength(1);
    expect(cards().at(-1)?.params.get('blocks')).toContain(customer.id);
  });

  it('closes within a few seconds while a Slack call hangs', async () => {
    const { slack: api, test: running } = await start({ SLACK_API_TIMEOUT_MS: '30000' });
    api.hang('chat.postMessage');
    const customer = await createConversation(running.app, 'en');
    await postMessage(running.app, customer, 'I want to talk to a human please');
    expect(await waitFor(() => cards().length >= 1, 5_000)).toBe(true);
    const started = Date.now();
    test = undefined;
    await running.close();
    expect(Date.now() - started).toBeLessThan(7_000);
  });
});
