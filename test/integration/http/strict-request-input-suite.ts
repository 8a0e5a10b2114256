import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/core/database/database.js';
import { createConversation, createTestApp, type TestApp } from '../../support/test-app.js';

/** Last-Event-ID, conversation tokens and `?token=`: one spelling each, the same on every backend. */
export function describeStrictRequestInput(
  name: string,
  makeDatabase: () => Promise<Database>,
): void {
  describe(`strict request input on ${name}`, () => {
    let test: TestApp;
    let conversation: { id: string; token: string };

    beforeAll(async () => {
      test = await createTestApp({}, { database: await makeDatabase() });
      conversation = await createConversation(test.app, 'en');
    });
    afterAll(async () => {
      await test?.close();
    });

    const events = (headers: Record<string, string>, query = '') =>
      test.app.inject({
        method: 'GET',
        url: `/v1/conversations/${conversation.id}/events${query}`,
        headers: { authorization: `Bearer ${conversation.token}`, ...headers },
      });

    it('refuses a Last-Event-ID that is not plain digits up to 2^53 - 1 with 400', async () => {
      for (const bad of [
        '0x10',
        '1e3',
        '+5',
        '-1',
        '1.0',
        ' 7',
        '7 ',
        '9007199254740992',
        '99999999999999999999',
        '١٢',
      ]) {
        const response = await events({ 'last-event-id': bad });
        expect(response.statusCode, bad).toBe(400);
        expect(response.json().error.code).toBe('invalid_request');
        expect(response.json().error.message).toMatch(/digits only/);
        const query = await events({}, `?lastEventId=${encodeURIComponent(bad)}`);
        expect(query.statusCode, `?lastEventId=${bad}`).toBe(400);
      }
    });

    it('streams after the largest accepted Last-Event-ID (2^53 - 1)', async () => {
      // The stream stays open; give up reading after the replay and check what came first.
      const address = await test.app.listen({ port: 0, host: '127.0.0.1' });
      const controller = new AbortController();
      const response = await fetch(`${address}/v1/conversations/${conversation.id}/events`, {
        headers: {
          authorization: `Bearer ${conversation.token}`,
          'last-event-id': String(Number.MAX_SAFE_INTEGER),
        },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain('event: ready');
      controller.abort();
    });

    it('accepts only the token exactly as issued', async () => {
      const { token } = conversation;
      const signature = token.slice(token.lastIndexOf('.') + 1);
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = alphabet.indexOf(signature.at(-1) ?? 'A');
      const spareBits = `${token.slice(0, -1)}${alphabet[(last & ~3) | 1]}`;
      for (const variant of [`${token}!`, `${token}~`, `${token}=`, `${token}==`, spareBits]) {
        const response = await test.app.inject({
          method: 'GET',
          url: `/v1/conversations/${conversation.id}`,
          headers: { authorization: `Bearer ${variant}` },
        });
        expect(response.statusCode, variant).toBe(401);
        expect(response.json().error.code).toBe('unauthorized');
      }
      const genuine = await test.app.inject({
        method: 'GET',
        url: `/v1/conversations/${conversation.id}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(genuine.statusCode).toBe(200);
    });

    it('takes ?token= on the event stream only', async () => {
      const query = `?token=${encodeURIComponent(conversation.token)}`;
      const transcript = await test.app.inject({
        method: 'GET',
        url: `/v1/conversations/${conversation.id}${query}`,
      });
      expect(transcript.statusCode).toBe(401);
      expect(transcript.json().error.code).toBe('unauthorized');
      const message = await test.app.inject({
        method: 'POST',
        url: `/v1/conversations/${conversation.id}/messages${query}`,
        payload: { text: 'where is my parcel?' },
      });
      expect(message.statusCode).toBe(401);
      expect(
        (await test.services.conversations.listMessages(conversation.id)).filter(
          (stored) => stored.role === 'user',
        ),
      ).toHaveLength(0);
      // The stream takes it (EventSource cannot send headers); a bad Last-Event-ID shows it got past auth.
      const stream = await test.app.inject({
        method: 'GET',
        url: `/v1/conversations/${conversation.id}/events${query}&lastEventId=x`,
      });
      expect(stream.statusCode).toBe(400);
    });
  });
}
