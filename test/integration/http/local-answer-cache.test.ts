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

  it('shares later answers between conversations, never the first answer with its offline notice', async () => {
    const stats = testApp.services.answerCache.stats;
    const one = await createConversation(testApp.app, 'en');
    const firstInOne = await ask(one, 'Which payment methods do you accept?');
    expect(firstInOne.text).toMatch(OFFLINE_NOTICE);
    // A first answer neither reads nor fills the cache.
    expect(stats).toEqual({ hits: 0, misses: 0 });
    const laterInOne = await ask(one, 'How do I reset my password?');
    expect(laterInOne.text).not.toMatch(OFFLINE_NOTICE);
    expect(stats).toEqual({ hits: 0, misses: 1 });

    const two = await createConversation(testApp.app, 'en');
    // The same question as a first answer: computed, with the notice, not taken from the cache.
    const firstInTwo = await ask(two, 'How do I reset my password?');
    expect(firstInTwo.text).toMatch(OFFLINE_NOTICE);
    expect(stats).toEqual({ hits: 0, misses: 1 });

    const three = await createConversation(testApp.app, 'en');
    await ask(three, 'Which payment methods do you accept?');
    // Case and punctuation do not make another question.
    const repeated = await ask(three, 'how do I reset my password');
    expect(stats).toEqual({ hits: 1, misses: 1 });
    expect(repeated).toMatchObject({
      text: laterInOne.text,
      citations: laterInOne.citations,
      tier: 'small',
    });
    expect(repeated.id).not.toBe(laterInOne.id);

    // The customer's message and the reply are stored as always, and the reply says where it came from.
    const stored = await testApp.services.storage.listMessages(three.id);
    expect(stored.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(stored.at(-1)?.meta).toMatchObject({ answerCacheHit: true });
    expect(stored.at(-3)?.meta).toMatchObject({ answerCacheHit: false });
  });
});
