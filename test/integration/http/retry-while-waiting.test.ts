import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';

describe('a re-sent clientMessageId while the customer waits for a person', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => testApp.close());

  async function send(
    conversation: { id: string; token: string },
    text: string,
    clientMessageId: string,
  ) {
    const response = await postMessage(testApp.app, conversation, text, { clientMessageId });
    expect(response.statusCode).toBe(200);
    return response.json() as { message: { id: string }; reply: { id: string; text: string } };
  }

  it('returns the reply first acknowledged, not a newer waiting notice', async () => {
    const conversation = await createConversation(testApp.app, 'en');
    const service = testApp.services.conversations;
    await send(conversation, 'I want to talk to a person, please.', 'ask-1');
    await send(conversation, 'My order number is 12345.', 'wait-1');
    // Stored while waiting: it is answered with the waiting notice already in the conversation.
    const first = await send(conversation, 'It was a blue jacket.', 'wait-2');
    // The conversation goes round once more, so a newer waiting notice exists.
    await service.changeHandoffState(conversation.id, 'take_over', 'Anna');
    await service.changeHandoffState(conversation.id, 'return_to_bot', 'Anna');
    await send(conversation, 'A person again, please.', 'ask-2');
    const newer = await send(conversation, 'Hello?', 'wait-3');
    expect(newer.reply.id).not.toBe(first.reply.id);

    const retried = await send(conversation, 'It was a blue jacket.', 'wait-2');
    expect(retried.message.id).toBe(first.message.id);
    expect(retried.reply.id).toBe(first.reply.id);
    // Nothing new was stored by the retry.
    const messages = await service.listMessages(conversation.id);
    expect(messages.filter((message) => message.text === 'It was a blue jacket.')).toHaveLength(1);
  });
});
