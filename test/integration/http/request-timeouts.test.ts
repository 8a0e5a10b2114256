import { afterEach, describe, expect, it } from 'vitest';
import { openSocket, parseRawResponses, readUntilClosed } from '../../support/raw-http.js';
import { createConversation, createTestApp, type TestApp } from '../../support/test-app.js';

/**
 * Over real sockets: a client that stops sending half-way through a request loses its connection
 * (408 in the error shape) after REQUEST_TIMEOUT_MS, while event streams stay open as long as needed.
 */
describe('request timeouts', { timeout: 60_000 }, () => {
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.close();
    test = undefined;
  });

  async function listening() {
    test = await createTestApp({ REQUEST_TIMEOUT_MS: '1000' });
    const conversation = await createConversation(test.app, 'en');
    const address = await test.app.listen({ port: 0, host: '127.0.0.1' });
    return { address, conversation };
  }

  it('cuts off a half-sent body with a 408 in the error shape', async () => {
    const { address, conversation } = await listening();
    const socket = await openSocket(address);
    const started = Date.now();
    const received = readUntilClosed(socket, 15_000);
    socket.write(
      `POST /v1/conversations/${conversation.id}/messages HTTP/1.1\r\nHost: parley.test\r\n` +
        `Authorization: Bearer ${conversation.token}\r\nContent-Type: application/json\r\n` +
        'Content-Length: 200\r\n\r\n{"text":"where is',
    );
    const [response] = parseRawResponses(await received);
    const elapsed = Date.now() - started;
    expect(response?.status).toBe(408);
    expect(JSON.parse(response?.body ?? '')).toMatchObject({
      error: { code: 'request_timeout', message: expect.stringMatching(/too long/) },
    });
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5_000);
    const stored = await test!.services.conversations.listMessages(conversation.id);
    expect(stored).toHaveLength(0);
  });

  it('cuts off half-sent headers the same way', async () => {
    const { address } = await listening();
    const socket = await openSocket(address);
    const received = readUntilClosed(socket, 15_000);
    socket.write('GET /healthz HTTP/1.1\r\nHost: parley.test\r\nX-Slow: ');
    const [response] = parseRawResponses(await received);
    expect(response?.status).toBe(408);
    expect(JSON.parse(response?.body ?? '').error.code).toBe('request_timeout');
  });

  it('keeps an event stream open well past the request timeout', async () => {
    const { address, conversation } = await listening();
    const controller = new AbortController();
    const response = await fetch(`${address}/v1/conversations/${conversation.id}/events`, {
      headers: { authorization: `Bearer ${conversation.token}` },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: ready');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // Still open: a staff message posted now arrives on it.
    await test!.services.conversations.postStaffMessage({
      conversationId: conversation.id,
      text: 'Hello from staff',
      role: 'staff',
      author: 'Anna',
    });
    let text = '';
    while (!text.includes('Hello from staff')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toContain('Hello from staff');
    controller.abort();
  });
});
