import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';

const OFFLINE_NOTICE = /offline mode/;

describe('answer cache on the local answerer', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => testApp.close());

  async function ask(conversation: { id: string; token: string }, text: string) {
    const response = await postMessage(testApp.app, conversation, text);
    expect(response.statusCode).toBe(200);
    return response.json().reply as {
      id: string;
      text: string;
      citations: unknown[];
      tier: string;
    };
  }

  it('shares answers between conversations; the offline notice is added to each first answer on top', async () => {
    const stats = testApp.services.answerCacheStats;
    const one = await createConversation(testApp.app, 'en');
    const firstInOne = await ask(one, 'Which payment methods do you accept?');
    expect(firstInOne.text).toMatch(OFFLINE_NOTICE);
    expect(stats).toEqual({ hits: 0, misses: 1 });
    const laterInOne = await ask(one, 'How do I reset my password?');
    expect(laterInOne.text).not.toMatch(OFFLINE_NOTICE);
    expect(stats).toEqual({ hits: 0, misses: 2 });

    const two = await createConversation(testApp.app, 'en');
    // The same question as a first answer: from the cache, with the notice before it.
    const firstInTwo = await ask(two, 'How do I reset my password?');
    expect(stats).toEqual({ hits: 1, misses: 2 });
    expect(firstInTwo.text).toMatch(OFFLINE_NOTICE);
    expect(firstInTwo.text.endsWith(`\n\n${laterInOne.text}`)).toBe(true);

    const three = await createConversation(testApp.app, 'en');
    await ask(three, 'Which payment methods do you accept?');
    // Case and punctuation do not make another question.
    const repeated = await ask(three, 'how do I reset my password');
    expect(stats).toEqual({ hits: 3, misses: 2 });
    expect(repeated).toMatchObject({
      text: laterInOne.text,
      citations: laterInOne.citations,
      tier: 'small',
    });
    expect(repeated.id).not.toBe(laterInOne.id);

    // The customer's message and the reply are stored as always, and the reply says where it came from.
    const stored = await testApp.services.conversations.listMessages(three.id);
    expect(stored.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(stored.at(-1)?.meta).toMatchObject({ answerCacheHit: true });
    const storedInOne = await testApp.services.conversations.listMessages(one.id);
    expect(storedInOne[1]?.meta).toMatchObject({ answerCacheHit: false });
  });
});
