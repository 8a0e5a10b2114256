import { describe, expect, it } from 'vitest';
import { createConversation, createTestApp } from '../../support/test-app.js';

describe('graceful close', () => {
  it('ends open event streams so closing the server does not hang', async () => {
    const testApp = await createTestApp();
    const conversation = await createConversation(testApp.app, 'en');
    const address = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${address}/v1/conversations/${conversation.id}/events`, {
      headers: { authorization: `Bearer ${conversation.token}` },
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('event: ready');
    // Without ending the stream, close() would wait for the client forever.
    await testApp.close();
    let ended = false;
    while (!ended) ended = (await reader.read()).done;
    expect(ended).toBe(true);
  });
});
