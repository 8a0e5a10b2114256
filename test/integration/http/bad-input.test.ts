import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationTokens } from '../../../src/core/conversation/conversation-tokens.js';
import {
  createConversation,
  createTestApp,
  postMessage,
  TEST_TOKEN_SECRET,
  type TestApp,
} from '../../support/test-app.js';

/** Every bad input gets the right status and the JSON error shape, stores nothing, and the server keeps serving. */
describe('widget API: bad input', () => {
  let testApp: TestApp;
  let conversation: { id: string; token: string };

  beforeAll(async () => {
    testApp = await createTestApp();
    conversation = await createConversation(testApp.app, 'en');
  });
  afterAll(async () => testApp.close());

  const messageCount = async () =>
    (await testApp.services.conversations.listMessages(conversation.id)).length;

  async function expectRejected(
    send: () => Promise<{ statusCode: number; json(): unknown; headers: Record<string, unknown> }>,
    status: number,
    code: string,
  ) {
    const before = await messageCount();
    const response = await send();
    expect(response.statusCode).toBe(status);
    expect(String(response.headers['content-type'])).toMatch(/application\/json/);
    const body = response.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(10);
    expect(await messageCount()).toBe(before);
    // Still serving: a valid message goes through afterwards.
    const healthy = await testApp.app.inject({ method: 'GET', url: '/healthz' });
    expect(healthy.statusCode).toBe(200);
    return body;
  }

  it('rejects empty text', async () => {
    await expectRejected(() => postMessage(testApp.app, conversation, ''), 400, 'invalid_request');
  });

  it('rejects whitespace-only text', async () => {
    const body = await expectRejected(
      () => postMessage(testApp.app, conversation, ' \n\t  '),
      400,
      'invalid_request',
    );
    expect(body.error.message).toMatch(/empty/);
  });

  it('rejects text over 4,000 characters and accepts exactly 4,000', async () => {
    const body = await expectRejected(
      () => postMessage(testApp.app, conversation, 'a'.repeat(4001)),
      400,
      'invalid_request',
    );
    expect(body.error.message).toMatch(/4,000/);
    const accepted = await postMessage(
      testApp.app,
      conversation,
      `${'où est mon colis '.repeat(235)}`.slice(0, 4000),
    );
    expect(accepted.statusCode).toBe(200);
  });

  it('rejects a missing text field and unknown fields', async () => {
    await expectRejected(
      () =>
        testApp.app.inject({
          method: 'POST',
          url: `/v1/conversations/${conversation.id}/messages`,
          headers: { authorization: `Bearer ${conversation.token}` },
          payload: { message: 'hi' },
        }),
      400,
      'invalid_request',
    );
  });

  it('rejects malformed JSON', async () => {
    await expectRejected(
      () =>
        testApp.app.inject({
          method: 'POST',
          url: `/v1/conversations/${conversation.id}/messages`,
          headers: {
            authorization: `Bearer ${conversation.token}`,
            'content-type': 'application/json',
          },
          payload: '{"text": "hello"',
        }),
      400,
      'invalid_json',
    );
  });

  it('rejects a wrong content type with 415', async () => {
    await expectRejected(
      () =>
        testApp.app.inject({
          method: 'POST',
          url: `/v1/conversations/${conversation.id}/messages`,
          headers: { authorization: `Bearer ${conversation.token}`, 'content-type': 'text/plain' },
          payload: 'hello',
        }),
      415,
      'unsupported_media_type',
    );
  });

  it('rejects a missing token with 401', async () => {
    await expectRejected(
      () =>
        testApp.app.inject({
          method: 'POST',
          url: `/v1/conversations/${conversation.id}/messages`,
          payload: { text: 'hello' },
        }),
      401,
      'unauthorized',
    );
  });

  it('rejects a forged token with 401', async () => {
    const forged = createConversationTokens({
      secret: 'another-secret-another-secret-another-1',
    }).issue(conversation.id);
    await expectRejected(
      () => postMessage(testApp.app, { id: conversation.id, token: forged }, 'hello'),
      401,
      'unauthorized',
    );
    await expectRejected(
      () =>
        postMessage(testApp.app, { id: conversation.id, token: `${conversation.token}x` }, 'hello'),
      401,
      'unauthorized',
    );
  });

  it("rejects another conversation's token with 403", async () => {
    const other = await createConversation(testApp.app, 'de');
    await expectRejected(
      () => postMessage(testApp.app, { id: conversation.id, token: other.token }, 'hello'),
      403,
      'forbidden',
    );
    const transcript = await testApp.app.inject({
      method: 'GET',
      url: `/v1/conversations/${conversation.id}`,
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(transcript.statusCode).toBe(403);
  });

  it('answers 404 for an unknown conversation', async () => {
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const token = createConversationTokens({ secret: TEST_TOKEN_SECRET }).issue(unknownId);
    await expectRejected(
      () => postMessage(testApp.app, { id: unknownId, token }, 'hello'),
      404,
      'not_found',
    );
    const events = await testApp.app.inject({
      method: 'GET',
      url: `/v1/conversations/${unknownId}/events`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(events.statusCode).toBe(404);
    expect(events.json().error.code).toBe('not_found');
  });

  it('rejects an oversized body with 413', async () => {
    await expectRejected(
      () => postMessage(testApp.app, conversation, 'x'.repeat(100_000)),
      413,
      'payload_too_large',
    );
  });

  it('rejects a bad locale when creating a conversation', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/v1/conversations',
      payload: { locale: '<script>' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});
