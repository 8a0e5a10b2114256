import { afterEach, describe, expect, it } from 'vitest';
import { openSocket, parseRawResponses, readUntilClosed } from '../../support/raw-http.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const ERROR_SHAPE = {
  error: { code: expect.any(String), message: expect.stringMatching(/.{10,}/) },
};

/** Answers given before or outside a route handler are in the contract's error shape too. */
describe('error shapes outside the route handlers', () => {
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.close();
    test = undefined;
  });

  it('answers 503 in the error shape to a request that arrives while the server shuts down', async () => {
    test = await createTestApp();
    const address = await test.app.listen({ port: 0, host: '127.0.0.1' });
    const socket = await openSocket(address);
    const received = readUntilClosed(socket);
    // A first request whose body has not arrived yet keeps the connection busy through close().
    socket.write(
      'POST /v1/conversations HTTP/1.1\r\nHost: parley.test\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = test.app.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.write('{}GET /healthz HTTP/1.1\r\nHost: parley.test\r\n\r\n');
    const responses = parseRawResponses(await received);
    await closed;
    test = undefined;
    expect(responses.map((response) => response.status)).toEqual([201, 503]);
    const refused = responses[1]!;
    expect(refused.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(refused.body)).toMatchObject(ERROR_SHAPE);
    expect(JSON.parse(refused.body).error.code).toBe('shutting_down');
  });

  it('answers 431 in the error shape to headers over the limit', async () => {
    test = await createTestApp();
    const address = await test.app.listen({ port: 0, host: '127.0.0.1' });
    const socket = await openSocket(address);
    const received = readUntilClosed(socket);
    socket.write(
      `GET /healthz HTTP/1.1\r\nHost: parley.test\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const [response] = parseRawResponses(await received);
    expect(response?.status).toBe(431);
    expect(JSON.parse(response?.body ?? '')).toMatchObject(ERROR_SHAPE);
    expect(JSON.parse(response?.body ?? '').error.code).toBe('headers_too_large');
  });

  it('answers 400 in the error shape to bytes that are not HTTP', async () => {
    test = await createTestApp();
    const address = await test.app.listen({ port: 0, host: '127.0.0.1' });
    const socket = await openSocket(address);
    const received = readUntilClosed(socket);
    socket.write('NOT HTTP AT ALL\r\n\r\n');
    const [response] = parseRawResponses(await received);
    expect(response?.status).toBe(400);
    expect(JSON.parse(response?.body ?? '')).toMatchObject(ERROR_SHAPE);
  });

  it('answers 414 to a path parameter over the limit and 400 to a malformed URL, in the error shape', async () => {
    test = await createTestApp();
    const long = await test.app.inject({
      method: 'GET',
      url: `/v1/conversations/${'a'.repeat(500)}`,
    });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject(ERROR_SHAPE);
    expect(long.json().error.code).toBe('uri_too_long');
    const malformed = await test.app.inject({ method: 'GET', url: '/v1/conversations/%E0%A4%A' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject(ERROR_SHAPE);
  });

  it('answers 404 for /demo/__proto__ and other inherited names', async () => {
    test = await createTestApp();
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const response = await test.app.inject({ method: 'GET', url: `/demo/${name}` });
      expect(response.statusCode, name).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
  });

  it('answers a login whose next path holds CR/LF with the redirect to /ops, not a 500', async () => {
    test = await createTestApp({ OPS_TOKEN: 'ops-token-for-tests-0123456789' });
    for (const next of [
      '/ops\r\nSet-Cookie: x=1',
      '/ops/view/1\nX: y',
      '/ops?q=\u00e9',
      '/ops/\u2028',
    ]) {
      const response = await test.app.inject({
        method: 'POST',
        url: '/ops/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ token: 'ops-token-for-tests-0123456789', next }).toString(),
      });
      expect(response.statusCode, JSON.stringify(next)).toBe(303);
      expect(response.headers.location).toBe('/ops');
      expect(response.headers.x).toBeUndefined();
    }
    const wrong = await test.app.inject({
      method: 'POST',
      url: '/ops/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token: 'wrong', next: '/ops\r\nX: y' }).toString(),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain('X: y');
  });
});
