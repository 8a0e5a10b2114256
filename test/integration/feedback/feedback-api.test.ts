import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';

type Conversation = { id: string; token: string };

/** POST …/messages/:messageId/feedback and …/resolution over HTTP: rights, validation, storage. */
describe('feedback API', () => {
  let testApp: TestApp;
  let mine: Conversation;
  let other: Conversation;
  let myAnswerId: string;
  let myQuestionId: string;
  let otherAnswerId: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    mine = await createConversation(testApp.app, 'en');
    other = await createConversation(testApp.app, 'en');
    const turn = (await postMessage(testApp.app, mine, 'How do I reset my password?')).json();
    myAnswerId = turn.reply.id;
    myQuestionId = turn.message.id;
    otherAnswerId = (await postMessage(testApp.app, other, 'How do I reset my password?')).json()
      .reply.id;
  });
  afterAll(async () => testApp.close());

  const rate = (conversation: Conversation, messageId: string, payload: unknown, token?: string) =>
    testApp.app.inject({
      method: 'POST',
      url: `/v1/conversations/${conversation.id}/messages/${messageId}/feedback`,
      headers: { authorization: `Bearer ${token ?? conversation.token}` },
      payload: payload as Record<string, unknown>,
    });

  function expectError(
    response: { statusCode: number; json(): unknown },
    status: number,
    code: string,
  ) {
    expect(response.statusCode).toBe(status);
    const body = response.json() as { error: { code: string; message: string } };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(15);
    return body.error.message;
  }

  it('stores a rating and returns it; a second rating replaces the first', async () => {
    const first = await rate(mine, myAnswerId, { rating: 'up' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ messageId: myAnswerId, rating: 'up', comment: null });
    const second = await rate(mine, myAnswerId, { rating: 'down', comment: 'Did not help' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ rating: 'down', comment: 'Did not help' });
    const stored = await testApp.services.feedback.listFeedback([mine.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ rating: 'down', comment: 'Did not help', language: 'en' });
  });

  it('redacts personal data in comments, like escalation excerpts', async () => {
    const response = await rate(mine, myAnswerId, {
      rating: 'down',
      comment: 'Write to jane.doe@example.com or call +41 79 123 45 67',
    });
    expect(response.statusCode).toBe(200);
    const comment = response.json().comment as string;
    expect(comment).not.toContain('jane.doe@example.com');
    expect(comment).not.toContain('123 45 67');
  });

  it("refuses another conversation's message (403), with its own token or the other's", async () => {
    expectError(await rate(mine, otherAnswerId, { rating: 'up' }), 403, 'forbidden');
    expectError(await rate(other, otherAnswerId, { rating: 'up' }, mine.token), 403, 'forbidden');
    expect(await testApp.services.feedback.listFeedback([other.id])).toEqual([]);
  });

  it("refuses the customer's own message (400) and an unknown id (404)", async () => {
    const message = expectError(
      await rate(mine, myQuestionId, { rating: 'up' }),
      400,
      'invalid_request',
    );
    expect(message).toMatch(/bot's answers/);
    expectError(
      await rate(mine, '0190f2a4-0000-7000-8000-000000000000', { rating: 'up' }),
      404,
      'not_found',
    );
  });

  it('checks the comment: 1,000 characters pass, 1,001 and empty do not', async () => {
    expect(
      (await rate(mine, myAnswerId, { rating: 'down', comment: 'x'.repeat(1000) })).statusCode,
    ).toBe(200);
    expect(
      expectError(
        await rate(mine, myAnswerId, { rating: 'down', comment: 'x'.repeat(1001) }),
        400,
        'invalid_request',
      ),
    ).toMatch(/1,000 characters/);
    expectError(
      await rate(mine, myAnswerId, { rating: 'down', comment: '  ' }),
      400,
      'invalid_request',
    );
  });

  it('checks the rating and the fields', async () => {
    expect(
      expectError(await rate(mine, myAnswerId, { rating: 'meh' }), 400, 'invalid_request'),
    ).toMatch(/"up" or "down"/);
    expectError(await rate(mine, myAnswerId, {}), 400, 'invalid_request');
    expectError(await rate(mine, myAnswerId, { rating: 'up', stars: 5 }), 400, 'invalid_request');
    expectError(await rate(mine, 'not-an-id', { rating: 'up' }), 400, 'invalid_request');
  });

  it('needs the conversation token', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/v1/conversations/${mine.id}/messages/${myAnswerId}/feedback`,
      payload: { rating: 'up' },
    });
    expectError(response, 401, 'unauthorized');
  });

  it("records the customer's verdict; the latest wins", async () => {
    const resolve = (payload: unknown, conversation = mine, token = conversation.token) =>
      testApp.app.inject({
        method: 'POST',
        url: `/v1/conversations/${conversation.id}/resolution`,
        headers: { authorization: `Bearer ${token}` },
        payload: payload as Record<string, unknown>,
      });
    expect((await resolve({ resolved: false })).json()).toMatchObject({ resolved: false });
    const response = await resolve({ resolved: true });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ conversationId: mine.id, resolved: true });
    expect(await testApp.services.feedback.listResolutions([mine.id])).toMatchObject([
      { resolved: true },
    ]);
    expectError(await resolve({ resolved: 'yes' }), 400, 'invalid_request');
    expectError(await resolve({ resolved: true }, other, mine.token), 403, 'forbidden');
  });
});
