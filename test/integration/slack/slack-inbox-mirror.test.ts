import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventStreamReader } from '../../support/event-stream-reader.js';
import {
  eventCallback,
  nowInSeconds,
  SLACK_TEST_ENVIRONMENT,
  SLACK_TEST_HANDOFF_CHANNEL,
  slackSignature,
  threadReplyEvent,
} from '../../support/slack-requests.js';
import { interceptSlackWebApi, type SlackWebApiStandIn } from '../../support/slack-web-api.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { AUTHORIZATION, OPS_TOKEN } from '../ops/ops-test-support.js';

describe('the staff inbox beside Slack (Slack Web API stand-in, real port)', {
  timeout: 60_000,
}, () => {
  let testApp: TestApp;
  let slackApi: SlackWebApiStandIn;
  let origin: string;

  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
    slackApi = interceptSlackWebApi();
    testApp = await createTestApp({ ...SLACK_TEST_ENVIRONMENT, OPS_TOKEN });
    await testApp.services.staff.add({ name: 'Marie', password: 'marie-password-123' });
    origin = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  }, 120_000);

  afterEach(async () => {
    await testApp.app.slack?.idle();
    await testApp.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  async function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function slackDelivers(event: Record<string, unknown>): Promise<void> {
    const body = eventCallback(event);
    const timestamp = nowInSeconds();
    const response = await fetch(`${origin}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(body, timestamp),
      },
      body,
    });
    expect(response.status).toBe(200);
  }

  async function waitingConversation(): Promise<{ id: string; cardTs: string }> {
    const created = await postJson('/v1/conversations', { locale: 'en' });
    const { id, token } = created.body as { id: string; token: string };
    await postJson(
      `/v1/conversations/${id}/messages`,
      { text: 'My parcel never arrived. I want to talk to a human.' },
      { authorization: `Bearer ${token}` },
    );
    await testApp.app.slack!.idle();
    const [card] = slackApi.cardsIn(SLACK_TEST_HANDOFF_CHANNEL);
    expect(card).toBeDefined();
    return { id, cardTs: card!.ts };
  }

  const threadTexts = (cardTs: string) =>
    slackApi
      .posted()
      .filter((message) => message.thread_ts === cardTs)
      .map((message) => String(message.text));

  it('a reply and a note written in the inbox show in the handoff card thread; the state change updates the card', async () => {
    const { id, cardTs } = await waitingConversation();
    const reply = await postJson(
      `/ops/conversations/${id}/messages`,
      { text: 'Hello, I am checking with the carrier.' },
      AUTHORIZATION,
    );
    expect(reply.status).toBe(201);
    const note = await postJson(
      `/ops/conversations/${id}/messages`,
      { text: 'carrier ticket 4711', internal: true },
      AUTHORIZATION,
    );
    expect(note.status).toBe(201);
    await testApp.app.slack!.idle();
    const thread = threadTexts(cardTs);
    expect(thread.some((text) => text.includes('Hello, I am checking with the carrier.'))).toBe(
      true,
    );
    expect(
      thread.some(
        (text) => text.includes('not sent to the customer') && text.includes('carrier ticket 4711'),
      ),
    ).toBe(true);
    // Taking over (implied by the reply) updated the card.
    expect(slackApi.callsTo('chat.update').length).toBeGreaterThan(0);
  });

  it('a reply and a `note:` written in Slack show in the inbox conversation stream', async () => {
    const { id, cardTs } = await waitingConversation();
    const controller = new AbortController();
    const stream = await fetch(`${origin}/ops/conversations/${id}/events`, {
      headers: AUTHORIZATION,
      signal: controller.signal,
    });
    const events = eventStreamReader(stream);
    await events.until((text) => text.includes('event: ready'), 2000);
    await slackDelivers(
      threadReplyEvent({
        channel: SLACK_TEST_HANDOFF_CHANNEL,
        threadTs: cardTs,
        user: 'U0ANNA',
        text: 'note: parcel is at the depot',
      }),
    );
    await slackDelivers(
      threadReplyEvent({
        channel: SLACK_TEST_HANDOFF_CHANNEL,
        threadTs: cardTs,
        user: 'U0ANNA',
        text: 'Your parcel is at the depot.',
      }),
    );
    await events.until((text) => text.includes('Your parcel is at the depot.'), 2000);
    expect(events.text()).toMatch(/event: note\ndata: .*parcel is at the depot/);
    expect(events.text()).toContain('"author":"Anna Keller"');
    controller.abort();
    const detail = await fetch(`${origin}/ops/conversations/${id}`, { headers: AUTHORIZATION });
    expect(await detail.json()).toMatchObject({ state: 'human', by: 'Anna Keller' });
  });
});
