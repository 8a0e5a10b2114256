import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';

interface LabelledMessage {
  lang: string;
  text: string;
  tier: 'small' | 'large' | 'human';
  reasons: string[];
}

/** The team's labelled development set (50 messages), kept with the tests. */
const DEV_SET = new URL('../../fixtures/routing/routing-dev.jsonl', import.meta.url);

/** The routing policy judged through the public API, each message in a fresh conversation. */
describe('routing on routing-dev.jsonl through the HTTP API', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => testApp.close());

  it('reaches >= 95% tier accuracy and lists no reason that did not fire', async () => {
    const labelled = readFileSync(DEV_SET, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LabelledMessage);
    expect(labelled.length).toBe(50);
    let correct = 0;
    const misrouted: string[] = [];
    const unexpectedReasons: string[] = [];
    for (const example of labelled) {
      const conversation = await createConversation(testApp.app, example.lang);
      const response = await postMessage(testApp.app, conversation, example.text);
      expect(response.statusCode).toBe(200);
      const { reply } = response.json() as {
        reply: { tier: string; reasons: string[]; language: string };
      };
      expect(reply.language).toBe(example.lang);
      if (reply.tier === example.tier) correct += 1;
      else misrouted.push(`${example.tier}→${reply.tier}: ${example.text}`);
      for (const reason of reply.reasons) {
        if (!example.reasons.includes(reason)) unexpectedReasons.push(`${reason}: ${example.text}`);
      }
    }
    const accuracy = correct / labelled.length;
    expect(misrouted.length <= 2 ? [] : misrouted).toEqual([]);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(unexpectedReasons).toEqual([]);
  });
});
