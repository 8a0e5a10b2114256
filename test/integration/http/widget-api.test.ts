import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBotMessages } from '../../../src/core/locales/load-bot-messages.js';
import {
  createConversation,
  createTestApp,
  parseServerSentEvents,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';

const QUESTIONS = [
  { language: 'en', text: 'How long does delivery take to Germany?' },
  { language: 'fr', text: 'Comment puis-je réinitialiser mon mot de passe ?' },
  { language: 'de', text: 'Welche Zahlungsmethoden akzeptiert ihr?' },
  { language: 'es', text: '¿Cuánto tiempo tengo para devolver un pedido?' },
  { language: 'it', text: 'Come posso scaricare la mia fattura?' },
] as const;

describe('widget API on the embedded defaults', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => testApp.close());

  it('creates a conversation with a token for it', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/v1/conversations',
      payload: { locale: 'fr-CH' },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof body.token).toBe('string');
    expect(testApp.services.tokens.verify(body.token)).toBe(body.id);
  });

  it.each(QUESTIONS)(
    'answers in $language, in that language, with a citation from kb/',
    async ({ language, text }) => {
      const conversation = await createConversation(testApp.app);
      const response = await postMessage(testApp.app, conversation, text);
      expect(response.statusCode).toBe(200);
      const { message, reply } = response.json();
      expect(message).toMatchObject({ role: 'user', text, language });
      expect(reply).toMatchObject({
        role: 'assistant',
        language,
        tier: 'small',
        reasons: [],
        handoff: false,
      });
      expect(reply.citations.length).toBeGreaterThan(0);
      // The local knowledge base cites its own help center: the article page, at the cited section.
      expect(reply.citations[0].url).toMatch(new RegExp(`^/help/${language}/[a-z-]+#[a-z0-9-]+$`));
      expect(reply.text.length).toBeGreaterThan(20);
    },
  );

  it('stores the customer message and the reply in the transcript', async () => {
    const conversation = await createConversation(testApp.app, 'de');
    const turn = await postMessage(
      testApp.app,
      conversation,
      'Wie lange dauert der Versand nach Österreich?',
    );
    const response = await testApp.app.inject({
      method: 'GET',
      url: `/v1/conversations/${conversation.id}`,
      headers: { authorization: `Bearer ${conversation.token}` },
    });
    expect(response.statusCode).toBe(200);
    const transcript = response.json();
    expect(transcript).toMatchObject({ id: conversation.id, language: 'de', state: 'bot' });
    expect(transcript.messages.map((message: { role: string }) => message.role)).toEqual([
      'user',
      'assistant',
    ]);
    expect(transcript.messages[1]).not.toHaveProperty('meta');
    // The turn's response (written by a compiled serializer) carries exactly what the transcript does.
    expect(turn.json()).toEqual({ message: transcript.messages[0], reply: transcript.messages[1] });
  });

  it('never makes two messages from the same clientMessageId', async () => {
    const conversation = await createConversation(testApp.app, 'en');
    const first = await postMessage(testApp.app, conversation, 'Can I pay with PayPal?', {
      clientMessageId: 'client-1',
    });
    const again = await postMessage(testApp.app, conversation, 'Can I pay with PayPal?', {
      clientMessageId: 'client-1',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().message.id).toBe(first.json().message.id);
    expect(again.json().reply.id).toBe(first.json().reply.id);
    const messages = await testApp.services.conversations.listMessages(conversation.id);
    expect(messages).toHaveLength(2);
  });

  it('streams route, deltas and the reply over SSE', async () => {
    const conversation = await createConversation(testApp.app, 'es');
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/v1/conversations/${conversation.id}/messages`,
      headers: { authorization: `Bearer ${conversation.token}`, accept: 'text/event-stream' },
      payload: { text: '¿Cuánto cuesta el envío exprés?' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/event-stream/);
    const events = parseServerSentEvents(response.body);
    const names = events.map((event) => event.event);
    expect(names[0]).toBe('route');
    expect(names.at(-1)).toBe('reply');
    expect(names.filter((name) => name === 'delta').length).toBeGreaterThan(1);
    expect(events[0]?.data).toMatchObject({ tier: 'small', reasons: [], language: 'es' });
    const streamed = events
      .filter((event) => event.event === 'delta')
      .map((event) => (event.data as { text: string }).text)
      .join('');
    const reply = events.at(-1)?.data as { text: string; citations: unknown[] };
    expect(streamed).toBe(reply.text);
    expect(reply.citations.length).toBeGreaterThan(0);
  });

  it('hands a request for a person to the human tier and records the state', async () => {
    const conversation = await createConversation(testApp.app, 'it');
    const response = await postMessage(
      testApp.app,
      conversation,
      'Vorrei parlare con un operatore, per favore.',
    );
    const { reply } = response.json();
    expect(reply).toMatchObject({ tier: 'human', handoff: true, language: 'it' });
    expect(reply.reasons).toContain('human_requested');
    const transcript = await testApp.app.inject({
      method: 'GET',
      url: `/v1/conversations/${conversation.id}`,
      headers: { authorization: `Bearer ${conversation.token}` },
    });
    expect(transcript.json().state).toBe('handoff_requested');
    // While waiting for a person, the bot does not answer questions itself.
    const next = await postMessage(testApp.app, conversation, 'Quanto costa la spedizione?');
    expect(next.json().reply).toMatchObject({ role: 'system', tier: 'human' });
    // The waiting notice is given once per stretch with staff, not repeated for every message.
    const another = await postMessage(testApp.app, conversation, 'E per la Svizzera?');
    expect(another.json().reply.id).toBe(next.json().reply.id);
    const notices = (await testApp.services.conversations.listMessages(conversation.id)).filter(
      (message) => message.role === 'system',
    );
    expect(notices).toHaveLength(1);
  });

  it('tells the customer in their language when staff take over, resolve, or give the conversation back', async () => {
    const conversation = await createConversation(testApp.app, 'fr');
    await postMessage(
      testApp.app,
      conversation,
      'Je voudrais parler à un conseiller, s’il vous plaît.',
    );
    await testApp.services.conversations.changeHandoffState(conversation.id, 'take_over', 'Anna');
    await testApp.services.conversations.changeHandoffState(conversation.id, 'resolve', 'Anna');
    const transcript = await testApp.app.inject({
      method: 'GET',
      url: `/v1/conversations/${conversation.id}`,
      headers: { authorization: `Bearer ${conversation.token}` },
    });
    const system = transcript
      .json()
      .messages.filter((message: { role: string }) => message.role === 'system')
      .map((message: { text: string }) => message.text);
    const french = loadBotMessages('./locales').fr;
    expect(system).toEqual([french.staffJoined.replace('{name}', 'Anna'), french.resolved]);
    expect(transcript.json().state).toBe('resolved');
  });

  it('replays missed events after Last-Event-ID with increasing ids', async () => {
    const conversation = await createConversation(testApp.app, 'en');
    await postMessage(testApp.app, conversation, 'How do I track my order?');
    await postMessage(testApp.app, conversation, 'Do you ship to Switzerland?');
    const stored = await testApp.services.conversations.listEvents(conversation.id, 0);
    expect(stored.length).toBeGreaterThanOrEqual(4);
    const ids = stored.map((event) => event.id);
    expect([...ids].sort((left, right) => left - right)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);

    const address = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const response = await fetch(`${address}/v1/conversations/${conversation.id}/events`, {
      headers: { authorization: `Bearer ${conversation.token}`, 'last-event-id': String(ids[1]) },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    while (parseServerSentEvents(text).filter((event) => event.id).length < ids.length - 2) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    const replayed = parseServerSentEvents(text)
      .filter((event) => event.id)
      .map((event) => Number(event.id));
    expect(replayed).toEqual(ids.slice(2));
    // A staff message published now arrives live on the same stream.
    await testApp.services.conversations.postStaffMessage({
      conversationId: conversation.id,
      text: 'Hello from Anna',
      role: 'staff',
      author: 'Anna',
    });
    while (!text.includes('Hello from Anna')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toContain('Hello from Anna');
    controller.abort();
  });
});
