import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';
import { AUTHORIZATION, OPS_TOKEN, opsGet } from './ops-test-support.js';

/**
 * Questions the help center (the embedded kb/) cannot answer, asked over HTTP with the local
 * answerer, come back grouped by topic per language; answered questions and requests for a
 * person do not.
 */
describe('knowledge gaps', () => {
  let testApp: TestApp;

  async function ask(locale: string, text: string) {
    const conversation = await createConversation(testApp.app, locale);
    const response = await postMessage(testApp.app, conversation, text);
    expect(response.statusCode).toBe(200);
    return { conversation, reply: response.json().reply as { id: string; reasons: string[] } };
  }

  beforeAll(async () => {
    testApp = await createTestApp({ OPS_TOKEN, ANSWER_CACHE_SIZE: '0' });
    await ask('en', 'Do you sell telescope lenses for astronomy?');
    await ask('en', 'Which telescope lenses do you sell?');
    await ask('en', 'I want to speak to a human agent, please.');
    await ask('fr', 'Vendez-vous des lentilles de télescope ?');
    // An answered question rated 👎 is a gap too, with the customer's comment kept apart.
    const rated = await ask('en', 'How do I reset my password?');
    const feedback = await testApp.app.inject({
      method: 'POST',
      url: `/v1/conversations/${rated.conversation.id}/messages/${rated.reply.id}/feedback`,
      headers: { authorization: `Bearer ${rated.conversation.token}` },
      payload: { rating: 'down', comment: 'I never got the email at jane@example.com' },
    });
    expect(feedback.statusCode).toBe(200);
  }, 60_000);
  afterAll(async () => testApp?.close());

  it('groups unanswered questions by topic within each language', async () => {
    const response = await opsGet(testApp.app, '/ops/knowledge-gaps');
    expect(response.statusCode).toBe(200);
    const items = response.json().items as Array<{
      language: string;
      topic: string;
      count: number;
      examples: string[];
      unresolvedShare: number;
      signals: Record<string, number>;
    }>;
    const telescopes = items.find(
      (item) => item.language === 'en' && item.topic.includes('telescope'),
    );
    expect(telescopes?.count).toBe(2);
    expect(telescopes?.signals.low_retrieval).toBe(2);
    expect(items.find((item) => item.language === 'fr')?.count).toBe(1);
    expect(
      items.find((item) => item.examples.some((example) => /password/.test(example)))?.signals
        .rated_down,
    ).toBe(1);
    // Asking for a person is not a gap in the help center.
    expect(items.some((item) => item.examples.some((example) => /human agent/.test(example)))).toBe(
      false,
    );
    // Every conversation is younger than the window: nothing is unresolved yet.
    expect(items.every((item) => item.unresolvedShare === 0)).toBe(true);
    // Sorted by count, most first.
    expect(items[0]?.count).toBe(2);
  });

  it('filters by language and limit, and refuses bad parameters in the error shape', async () => {
    const french = (await opsGet(testApp.app, '/ops/knowledge-gaps?language=fr')).json().items;
    expect(french.map((item: { language: string }) => item.language)).toEqual(['fr']);
    expect((await opsGet(testApp.app, '/ops/knowledge-gaps?limit=1')).json().items).toHaveLength(1);
    for (const url of [
      '/ops/knowledge-gaps?limit=0',
      '/ops/knowledge-gaps?language=xx',
      '/ops/knowledge-gaps?topic=a',
    ]) {
      const response = await opsGet(testApp.app, url);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
    const anonymous = await testApp.app.inject({ method: 'GET', url: '/ops/knowledge-gaps' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('exports CSV and renders the page, sortable by count', async () => {
    const csv = await opsGet(testApp.app, '/ops/knowledge-gaps/export?language=en');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toMatch(/^language,topic,count,unresolved_share/);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const page = await testApp.app.inject({
      method: 'GET',
      url: '/ops/gaps?sort=count-asc',
      headers: AUTHORIZATION,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('aria-sort="ascending"');
    expect(page.body).toContain('telescope');
  });
});
