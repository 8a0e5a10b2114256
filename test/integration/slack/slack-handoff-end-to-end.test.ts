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
import { createTestApp, parseServerSentEvents, type TestApp } from '../../support/test-app.js';

describe('customer ↔ Slack handoff, end to end over a real port', () => {
  let testApp: TestApp;
  let slackApi: SlackWebApiStandIn;
  let origin: string;

  beforeEach(async () => {
    nock.disableNetConnect();
    // The app's own port is real; only the Slack Web API is intercepted.
    nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
    slackApi = interceptSlackWebApi();
    testApp = await createTestApp(SLACK_TEST_ENVIRONMENT);
    origin = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterEach(async () => {
    await testApp.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  async function postJson(path: string, body: unknown, token?: string) {
    const response = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** What Slack does when a staff member replies in the card's thread: a signed Events API POST. */
  async function slackDelivers(event: Record<string, unknown>): Promise<number> {
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
    return Date.now();
  }

  it('a customer asks for a person, the card is posted, a staff thread reply reaches their event stream; `note:` replies do not', async () => {
    const created = await postJson('/v1/conversations', { locale: 'en-GB' });
    expect(created.status).toBe(201);
    const { id, token } = created.body as { id: string; token: string };
    const turn = await postJson(
      `/v1/conversations/${id}/messages`,
      { text: 'My parcel never arrived. I want to talk to a human.' },
      token,
    );
    expect(turn.body.reply).toMatchObject({ tier: 'human', handoff: true });

    const controller = new AbortController();
    const stream = await fetch(`${origin}/v1/conversations/${id}/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    const events = eventStreamReader(stream);
    await events.until((text) => text.includes('"handoff_requested"'), 5000);

    await testApp.app.slack!.idle();
    const [card] = slackApi.cardsIn(SLACK_TEST_HANDOFF_CHANNEL);
    expect(JSON.stringify(card?.params.blocks)).toContain(
      'My parcel never arrived. I want to talk to a human.',
    );

    await slackDelivers(
      threadReplyEvent({
        channel: SLACK_TEST_HANDOFF_CHANNEL,
        threadTs: card!.ts,
        user: 'U0ANNA',
        text: 'note: carrier says it was delivered to a neighbour',
      }),
    );
    const sent = await slackDelivers(
      threadReplyEvent({
        channel: SLACK_TEST_HANDOFF_CHANNEL,
        threadTs: card!.ts,
        user: 'U0ANNA',
        text: 'Hello, I am checking with the carrier right now.',
      }),
    );
    // "Within a second" of Slack delivering the reply.
    await events.until((text) => text.includes('I am checking with the carrier'), 1000);
    const arrivedAfterMs = Date.now() - sent;
    expect(arrivedAfterMs).toBeLessThan(1000);

    const received = parseServerSentEvents(events.text());
    const messages = received
      .filter((event) => event.event === 'message')
      .map(
        (event) =>
          (event.data as { message: { role: string; text: string; author: string | null } })
            .message,
      );
    expect(messages.slice(-2)).toMatchObject([
      { role: 'system', text: 'Anna Keller from our support team has joined the conversation.' },
      {
        role: 'staff',
        author: 'Anna Keller',
        text: 'Hello, I am checking with the carrier right now.',
      },
    ]);
    expect(
      received
        .filter((event) => event.event === 'state')
        .map((event) => (event.data as { state: string }).state),
    ).toEqual(['handoff_requested', 'human']);
    expect(events.text()).not.toContain('neighbour');
    controller.abort();
  });
});
