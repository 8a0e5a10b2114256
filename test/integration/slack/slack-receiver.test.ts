import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationTables } from '../../../src/core/conversation/conversation-tables.js';
import {
  eventCallback,
  nextSlackTs,
  nowInSeconds,
  postToSlackEndpoint,
  SLACK_TEST_ENVIRONMENT,
  slackSignature,
} from '../../support/slack-requests.js';
import { useSlackTestApp } from '../../support/slack-test-app.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** A direct message to the bot: a listener that creates a conversation and posts an answer. */
function directMessage(text = 'How long does delivery to Germany take?') {
  return {
    type: 'message',
    channel: 'D0ANNA',
    channel_type: 'im',
    user: 'U0ANNA',
    text,
    ts: nextSlackTs(),
  };
}

describe('POST /slack/events with Slack off', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers 503 with JSON saying how to enable Slack, whatever the content type', async () => {
    expect(testApp.app.slack).toBeNull();
    const json = await postToSlackEndpoint(testApp.app, eventCallback(directMessage()));
    expect(json.statusCode).toBe(503);
    expect(json.json()).toEqual({
      error: {
        code: 'slack_disabled',
        message: expect.stringContaining('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET'),
      },
    });
    const form = await postToSlackEndpoint(testApp.app, 'command=%2Fparley&text=stats', {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.statusCode).toBe(503);
    expect(form.json().error.code).toBe('slack_disabled');
  });
});

describe('POST /slack/events request verification', () => {
  const { testApp, slackApi } = useSlackTestApp();

  async function conversationCount(): Promise<number> {
    const db = testApp().services.database.kysely.withTables<ConversationTables>();
    const row = await db
      .selectFrom('conversations')
      .select((expression) => expression.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  it('answers url_verification with the challenge', async () => {
    const response = await postToSlackEndpoint(
      testApp().app,
      JSON.stringify({
        token: 'x',
        challenge: 'challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
        type: 'url_verification',
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      challenge: 'challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
  });

  it('runs the listener for a correctly signed event, answering Slack before the listener finishes', async () => {
    slackApi().delay('chat.postMessage', 1500);
    const response = await postToSlackEndpoint(testApp().app, eventCallback(directMessage()));
    expect(response.statusCode).toBe(200);
    // Slack had its 200 while the answer was still on its way to chat.postMessage.
    expect(
      slackApi()
        .callsTo('chat.postMessage')
        .filter((call) => call.answered),
    ).toEqual([]);
    await testApp().app.slack!.idle();
    expect(
      slackApi()
        .callsTo('chat.postMessage')
        .every((call) => call.answered),
    ).toBe(true);
    const answers = slackApi().posted();
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ channel: 'D0ANNA' });
    expect(
      slackApi().calls.every(
        (call) => call.authorization === `Bearer ${SLACK_TEST_ENVIRONMENT.SLACK_BOT_TOKEN}`,
      ),
    ).toBe(true);
    // One auth.test (at startup) serves every later request.
    expect(slackApi().callsTo('auth.test')).toHaveLength(1);
  });

  it('rejects a signature made with another secret: 401, no listener runs', async () => {
    const response = await postToSlackEndpoint(testApp().app, eventCallback(directMessage()), {
      secret: 'not-the-signing-secret',
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('invalid_signature');
    await testApp().app.slack!.idle();
    // Only the startup token check reached Slack.
    expect(slackApi().calls.map((call) => call.method)).toEqual(['auth.test']);
    expect(await conversationCount()).toBe(0);
  });

  it('rejects a body changed after signing', async () => {
    const signed = eventCallback(directMessage('What is your returns policy?'));
    const timestamp = nowInSeconds();
    const tampered = signed.replace('returns policy', 'refund to my other card');
    const response = await postToSlackEndpoint(testApp().app, tampered, {
      timestamp,
      signature: slackSignature(signed, timestamp),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('invalid_signature');
    await testApp().app.slack!.idle();
    expect(slackApi().posted()).toEqual([]);
  });

  it('rejects a stale timestamp (six minutes old) even with a valid signature', async () => {
    const response = await postToSlackEndpoint(testApp().app, eventCallback(directMessage()), {
      timestamp: nowInSeconds() - 6 * 60,
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('stale_timestamp');
    await testApp().app.slack!.idle();
    expect(slackApi().posted()).toEqual([]);
  });

  it('rejects a timestamp far in the future', async () => {
    const response = await postToSlackEndpoint(testApp().app, eventCallback(directMessage()), {
      timestamp: nowInSeconds() + 10 * 60,
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('stale_timestamp');
  });

  it('rejects a request without signature headers', async () => {
    const response = await testApp().app.inject({
      method: 'POST',
      url: '/slack/events',
      headers: { 'content-type': 'application/json' },
      payload: eventCallback(directMessage()),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('missing_signature');
  });

  it('rejects a replay of a request it already accepted: 401, the listener ran once', async () => {
    const body = eventCallback(directMessage());
    const timestamp = nowInSeconds();
    const first = await postToSlackEndpoint(testApp().app, body, { timestamp });
    const replay = await postToSlackEndpoint(testApp().app, body, { timestamp });
    expect(first.statusCode).toBe(200);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('replayed_request');
    await testApp().app.slack!.idle();
    expect(slackApi().posted()).toHaveLength(1);
  });

  it("acknowledges Slack's retry of an event it already took without running the listener again", async () => {
    const body = eventCallback(directMessage(), 'Ev0RETRY01');
    const first = await postToSlackEndpoint(testApp().app, body, { timestamp: nowInSeconds() - 3 });
    // Slack re-signs a retry with a fresh timestamp and says which attempt it is.
    const retry = await postToSlackEndpoint(testApp().app, body, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    await testApp().app.slack!.idle();
    expect(slackApi().posted()).toHaveLength(1);
    expect(await conversationCount()).toBe(1);
  });

  it('accepts Slack payloads far larger than the widget API body limit (block_actions carry the whole card)', async () => {
    const event = {
      ...directMessage(),
      blocks: [
        {
          type: 'rich_text',
          elements: [
            { type: 'rich_text_section', elements: [{ type: 'text', text: 'x'.repeat(200_000) }] },
          ],
        },
      ],
    };
    const response = await postToSlackEndpoint(testApp().app, eventCallback(event));
    expect(response.statusCode).toBe(200);
    await testApp().app.slack!.idle();
    expect(slackApi().posted()).toHaveLength(1);
  });

  it('keeps raw-body parsing on /slack/events: other routes still parse JSON and refuse forms', async () => {
    const created = await testApp().app.inject({
      method: 'POST',
      url: '/v1/conversations',
      payload: { locale: 'fr' },
    });
    expect(created.statusCode).toBe(201);
    const form = await testApp().app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'locale=fr',
    });
    expect(form.statusCode).toBe(415);
    const plain = await postToSlackEndpoint(testApp().app, 'hello', {
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.statusCode).toBe(415);
  });
});
