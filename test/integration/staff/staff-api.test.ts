import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventStreamReader } from '../../support/event-stream-reader.js';
import { createTestApp, parseServerSentEvents, type TestApp } from '../../support/test-app.js';
import { AUTHORIZATION, OPS_TOKEN } from '../ops/ops-test-support.js';

describe('staff API (/ops/conversations, /ops/events) over a real port', {
  timeout: 60_000,
}, () => {
  let test: TestApp;
  let origin: string;
  let staffCookie: string;

  beforeAll(async () => {
    test = await createTestApp({ OPS_TOKEN });
    await test.services.staff.add({ name: 'Marie', password: 'marie-password-123' });
    origin = await test.app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${origin}/ops/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({ name: 'Marie', token: 'marie-password-123' }),
    });
    expect(login.status).toBe(303);
    staffCookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }, 120_000);
  afterAll(async () => {
    await test?.close();
  });

  async function call(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.headers ?? AUTHORIZATION),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: response bodies of several shapes, checked by the assertions
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  async function customerAsksForAPerson(
    language = 'en',
    text = 'I want to talk to a human please',
  ) {
    const created = await call('POST', '/v1/conversations', {
      body: { locale: language },
      headers: {},
    });
    const { id, token } = created.body as { id: string; token: string };
    const turn = await call('POST', `/v1/conversations/${id}/messages`, {
      body: { text },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(turn.body.reply).toMatchObject({ tier: 'human', handoff: true });
    return { id, token };
  }

  it('lists waiting conversations with reasons and request time, filters by state and language, pages with a cursor', async () => {
    const first = await customerAsksForAPerson('en');
    const second = await customerAsksForAPerson('fr', 'Je veux parler à un humain');
    const third = await customerAsksForAPerson('en');

    const waiting = await call('GET', '/ops/conversations?state=handoff_requested&limit=2');
    expect(waiting.status).toBe(200);
    expect(waiting.body.items.map((item: { id: string }) => item.id)).toEqual([
      third.id,
      second.id,
    ]);
    expect(waiting.body.items[0]).toMatchObject({
      state: 'handoff_requested',
      language: 'en',
      reasons: ['human_requested'],
      lastMessage: { role: 'assistant' },
    });
    expect(Date.parse(waiting.body.items[0].requestedAt)).toBeGreaterThan(Date.now() - 60_000);
    const next = await call(
      'GET',
      `/ops/conversations?state=handoff_requested&limit=2&cursor=${waiting.body.nextCursor}`,
    );
    expect(next.body.items.map((item: { id: string }) => item.id)).toContain(first.id);

    const french = await call('GET', '/ops/conversations?language=fr');
    expect(french.body.items.map((item: { id: string }) => item.id)).toEqual([second.id]);

    for (const query of [
      'state=waiting',
      'language=pt',
      'cursor=nonsense',
      'limit=0',
      'sort=age',
    ]) {
      const bad = await call('GET', `/ops/conversations?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.body.error.code).toBe('invalid_request');
    }
    expect((await call('GET', '/ops/conversations', { headers: {} })).status).toBe(401);
  });

  it('a staff reply takes over and reaches the customer named; an internal note never reaches the customer', async () => {
    const { id, token } = await customerAsksForAPerson();
    const controller = new AbortController();
    const widgetStream = await fetch(`${origin}/v1/conversations/${id}/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    const staffStream = await fetch(`${origin}/ops/conversations/${id}/events`, {
      headers: { cookie: staffCookie },
      signal: controller.signal,
    });
    expect(staffStream.status).toBe(200);
    const customerEvents = eventStreamReader(widgetStream);
    const staffEvents = eventStreamReader(staffStream);

    // Cookie writes must come from the page itself.
    const withoutOrigin = await call('POST', `/ops/conversations/${id}/messages`, {
      body: { text: 'Hello' },
      headers: { cookie: staffCookie },
    });
    expect(withoutOrigin.status).toBe(403);
    const foreign = await call('POST', `/ops/conversations/${id}/messages`, {
      body: { text: 'Hello' },
      headers: { cookie: staffCookie, origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);

    const staffHeaders = { cookie: staffCookie, origin };
    const note = await call('POST', `/ops/conversations/${id}/messages`, {
      body: { text: 'Customer sounds upset, check the refund log', internal: true },
      headers: staffHeaders,
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ internal: true, author: 'Marie' });

    const reply = await call('POST', `/ops/conversations/${id}/messages`, {
      body: { text: 'Hello, I am looking into it.' },
      headers: staffHeaders,
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      role: 'staff',
      author: 'Marie',
      text: 'Hello, I am looking into it.',
    });

    await customerEvents.until((text) => text.includes('I am looking into it'), 2000);
    await staffEvents.until((text) => text.includes('I am looking into it'), 2000);
    expect(customerEvents.text()).not.toContain('refund log');
    expect(staffEvents.text()).toContain('refund log');
    const customerMessages = parseServerSentEvents(customerEvents.text())
      .filter((event) => event.event === 'message')
      .map((event) => (event.data as { message: { role: string; text: string } }).message);
    expect(customerMessages.slice(-2)).toMatchObject([
      { role: 'system', text: 'Marie from our support team has joined the conversation.' },
      { role: 'staff', text: 'Hello, I am looking into it.' },
    ]);
    controller.abort();

    const transcript = await call('GET', `/v1/conversations/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(JSON.stringify(transcript.body)).not.toContain('refund log');
    const detail = await call('GET', `/ops/conversations/${id}`);
    expect(detail.body).toMatchObject({ state: 'human', by: 'Marie' });
    expect(detail.body.notes).toMatchObject([
      { text: 'Customer sounds upset, check the refund log', author: 'Marie' },
    ]);
  });

  it('changes state: resolve tells the customer, an impossible change is a 409, a bad action a 400', async () => {
    const { id, token } = await customerAsksForAPerson();
    const taken = await call('POST', `/ops/conversations/${id}/state`, {
      body: { action: 'take_over' },
    });
    expect(taken).toMatchObject({ status: 200, body: { state: 'human' } });
    const again = await call('POST', `/ops/conversations/${id}/state`, {
      body: { action: 'take_over' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    const bad = await call('POST', `/ops/conversations/${id}/state`, { body: { action: 'close' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/take_over, resolve, return_to_bot/);
    const resolved = await call('POST', `/ops/conversations/${id}/state`, {
      body: { action: 'resolve' },
    });
    expect(resolved).toMatchObject({ status: 200, body: { state: 'resolved' } });
    const transcript = await call('GET', `/v1/conversations/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(transcript.body.messages.at(-1)).toMatchObject({
      role: 'system',
      text: 'This conversation has been marked as resolved. Write again any time if you need more help.',
    });
    const unknown = await call(
      'POST',
      '/ops/conversations/0190a0a0-0000-7000-8000-000000000000/state',
      {
        body: { action: 'resolve' },
      },
    );
    expect(unknown.status).toBe(404);
  });

  it('/ops/events streams a conversation summary whenever the queue changes', async () => {
    const controller = new AbortController();
    const response = await fetch(`${origin}/ops/events`, {
      headers: AUTHORIZATION,
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = eventStreamReader(response);
    await events.until((text) => text.includes('event: ready'), 2000);
    const { id } = await customerAsksForAPerson('de', 'Ich möchte mit einem Menschen sprechen');
    await events.until(
      (text) =>
        parseServerSentEvents(text).some(
          (event) =>
            event.event === 'conversation' &&
            (event.data as { id: string; state: string }).id === id &&
            (event.data as { state: string }).state === 'handoff_requested',
        ),
      2000,
    );
    controller.abort();
  });
});
