import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutcomeFigures } from '../../../src/core/outcomes/outcome-figures.js';
import { createScriptedChatModel } from '../../support/scripted-chat-model.js';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';
import { AUTHORIZATION, OPS_TOKEN, opsGet } from './ops-test-support.js';

type Conversation = { id: string; token: string };

const DAY_ONE = new Date('2026-03-02T09:00:00.000Z');
const DAY_TWO = new Date('2026-03-03T15:00:00.000Z'); // 30 h later
const JUDGED_AT = new Date('2026-03-03T16:00:00.000Z'); // 31 h after day one, 1 h after day two
const ANSWER = 'Open Settings, then Security, then choose Reset password.';
const ANSWER_WORDS = ANSWER.split(/\s+/).length;
/**
 * List prices of the default tier models (USD per million tokens): Ministral 3 14B 0.20 in / 0.20
 * out, Mistral Large 3 0.50 in / 1.50 out; 100 tokens in per call.
 */
const COST_PER_CALL = {
  small: (100 * 0.2 + ANSWER_WORDS * 0.2) / 1_000_000,
  large: (100 * 0.5 + ANSWER_WORDS * 1.5) / 1_000_000,
};

/**
 * Conversations of every outcome, built over HTTP on a clock the test moves (Date only; timers
 * stay real), judged 31 hours after the first day with the default 24-hour window; the figures
 * over HTTP are compared with figures written out by hand from the same script.
 */
describe('conversation outcomes in /ops/stats and on the detail page', () => {
  let testApp: TestApp;
  const small = createScriptedChatModel('scripted-small', [{ chunks: [ANSWER] }]);
  const large = createScriptedChatModel('scripted-large', [{ chunks: [ANSWER] }]);
  const english = { calls: { small: 0, large: 0 } };
  const ids: Record<string, Conversation> = {};

  const auth = (conversation: Conversation) => ({
    authorization: `Bearer ${conversation.token}`,
  });
  async function ask(conversation: Conversation, text: string) {
    const response = await postMessage(testApp.app, conversation, text);
    expect(response.statusCode).toBe(200);
    return response.json().reply as { id: string; tier: string };
  }
  async function rate(
    conversation: Conversation,
    messageId: string,
    rating: string,
    comment?: string,
  ) {
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/v1/conversations/${conversation.id}/messages/${messageId}/feedback`,
      headers: auth(conversation),
      payload: comment ? { rating, comment } : { rating },
    });
    expect(response.statusCode).toBe(200);
  }
  async function verdict(conversation: Conversation, resolved: boolean) {
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/v1/conversations/${conversation.id}/resolution`,
      headers: auth(conversation),
      payload: { resolved },
    });
    expect(response.statusCode).toBe(200);
  }
  /** Runs an English conversation's script and counts its model calls by tier. */
  async function inEnglish(name: string, script: (conversation: Conversation) => Promise<void>) {
    const before = { small: small.calls.length, large: large.calls.length };
    const conversation = await createConversation(testApp.app, 'en');
    ids[name] = conversation;
    await script(conversation);
    english.calls.small += small.calls.length - before.small;
    english.calls.large += large.calls.length - before.large;
  }

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(DAY_ONE);
    testApp = await createTestApp(
      { OPS_TOKEN, ANSWER_CACHE_SIZE: '0' },
      { models: { small, large } },
    );
    const question = 'How do I reset my password?';

    await inEnglish('hard', async (conversation) => {
      const reply = await ask(conversation, question);
      await rate(conversation, reply.id, 'up');
      await verdict(conversation, true);
    });
    await inEnglish('soft', async (conversation) => {
      await ask(conversation, question);
    });
    await inEnglish('ratedDown', async (conversation) => {
      const reply = await ask(conversation, question);
      await rate(conversation, reply.id, 'down', 'It does not say where Settings is');
    });
    await inEnglish('handedOff', async (conversation) => {
      await ask(conversation, 'I want to speak to a human agent, please.');
    });
    await inEnglish('staff', async (conversation) => {
      await ask(conversation, question);
      await testApp.services.conversations.changeHandoffState(conversation.id, 'take_over', 'Ana');
      await testApp.services.conversations.postStaffMessage({
        conversationId: conversation.id,
        text: 'I reset it for you.',
        role: 'staff',
        author: 'Ana',
      });
      await testApp.services.conversations.changeHandoffState(conversation.id, 'resolve', 'Ana');
    });

    ids.saidNo = await createConversation(testApp.app, 'fr');
    await ask(ids.saidNo, 'Comment réinitialiser mon mot de passe ?');
    await verdict(ids.saidNo, false);
    ids.frenchSoft = await createConversation(testApp.app, 'fr');
    await ask(ids.frenchSoft, 'Comment réinitialiser mon mot de passe ?');
    ids.germanHard = await createConversation(testApp.app, 'de');
    await ask(ids.germanHard, 'Wie setze ich mein Passwort zurück?');
    await verdict(ids.germanHard, true);

    // A staff member asking the bot in Slack: never a customer figure.
    const staffAssistant = await testApp.services.conversations.createConversation({
      locale: 'en',
      channel: 'staff_assistant',
    });
    await testApp.services.conversations.postMessage({
      conversationId: staffAssistant.id,
      text: question,
    });
    // Created but never written in: nothing to resolve, not counted.
    await createConversation(testApp.app, 'en');

    vi.setSystemTime(DAY_TWO);
    await inEnglish('open', async (conversation) => {
      await ask(conversation, question);
    });
    vi.setSystemTime(JUDGED_AT);
  }, 60_000);

  afterAll(async () => {
    vi.useRealTimers();
    await testApp?.close();
  });

  it('counts English conversations exactly as worked out by hand', async () => {
    const response = await opsGet(testApp.app, '/ops/stats?language=en');
    expect(response.statusCode).toBe(200);
    const stats = response.json();
    // Six English conversations: hard, soft, 👎, handed off, resolved by staff, open.
    // Decided: five (all but the open one).
    const englishCost =
      english.calls.small * COST_PER_CALL.small + english.calls.large * COST_PER_CALL.large;
    expect(english.calls.small + english.calls.large).toBeGreaterThanOrEqual(5);
    const expected: Omit<OutcomeFigures, 'conversationCostUsd' | 'costPerResolvedConversationUsd'> =
      {
        conversations: 6,
        outcomes: {
          resolved_by_bot: { hard: 1, soft: 1 },
          handed_off: 1,
          resolved_by_staff: 1,
          unresolved: 1,
          open: 1,
        },
        resolutionRate: { hard: 1 / 5, soft: 1 / 5, total: 2 / 5 },
        handoffRate: 2 / 5,
        feedback: { up: 1, down: 1, upShare: 1 / 2 },
      };
    expect(stats).toMatchObject(expected);
    expect(stats.conversationCostUsd).toBeCloseTo(englishCost, 6);
    expect(stats.costPerResolvedConversationUsd).toBeCloseTo(englishCost / 2, 6);
    expect(Object.keys(stats.outcomesByLanguage)).toEqual(['en']);
    // Per day: five English conversations on day one (all decided), the open one on day two.
    expect(
      stats.outcomesPerDay.map((day: { day: string; conversations: number }) => [
        day.day,
        day.conversations,
      ]),
    ).toEqual([
      ['2026-03-02', 5],
      ['2026-03-03', 1],
    ]);
    expect(stats.outcomesPerDay[1].outcomes.open).toBe(1);
  });

  it('counts every language, leaving out staff-assistant and empty conversations', async () => {
    const stats = (await opsGet(testApp.app, '/ops/stats')).json();
    expect(stats.conversations).toBe(9);
    expect(stats.outcomes).toEqual({
      resolved_by_bot: { hard: 2, soft: 2 },
      handed_off: 1,
      resolved_by_staff: 1,
      unresolved: 2,
      open: 1,
    });
    expect(stats.resolutionRate.total).toBeCloseTo(4 / 8, 10);
    expect(stats.outcomesByLanguage.fr.outcomes).toEqual({
      resolved_by_bot: { hard: 0, soft: 1 },
      handed_off: 0,
      resolved_by_staff: 0,
      unresolved: 1,
      open: 0,
    });
    expect(stats.outcomesByLanguage.de.resolutionRate).toEqual({ hard: 1, soft: 0, total: 1 });
    // A day later nothing is open any more: the open conversation has become a quiet resolution.
    vi.setSystemTime(new Date(JUDGED_AT.getTime() + 24 * 3_600_000));
    try {
      const later = (await opsGet(testApp.app, '/ops/stats')).json();
      expect(later.outcomes.open).toBe(0);
      expect(later.outcomes.resolved_by_bot.soft).toBe(3);
    } finally {
      vi.setSystemTime(JUDGED_AT);
    }
  });

  it('honours the other filters: a date range and the tier', async () => {
    const dayTwo = (await opsGet(testApp.app, '/ops/stats?from=2026-03-03&to=2026-03-03')).json();
    expect(dayTwo.conversations).toBe(1);
    expect(dayTwo.outcomes.open).toBe(1);
    const human = (await opsGet(testApp.app, '/ops/stats?tier=human')).json();
    expect(human.conversations).toBe(1);
    expect(human.outcomes.handed_off).toBe(1);
    // The escalation figures of the same answer honour the language too.
    const french = (await opsGet(testApp.app, '/ops/stats?language=fr')).json();
    expect(french.turns.total).toBe(2);
    expect(Object.keys(french.turns.byLanguage)).toEqual(['fr']);
  });

  it('exposes feedback and outcomes on /metrics, labelled by language and outcome', async () => {
    const metrics = (await testApp.app.inject({ method: 'GET', url: '/metrics' })).body;
    const value = (series: string) =>
      Number(
        metrics
          .split('\n')
          .find((line) => line.startsWith(`${series} `))
          ?.split(' ')[1] ?? 0,
      );
    expect(value('parley_feedback_total{rating="up",language="en"}')).toBe(1);
    expect(value('parley_feedback_total{rating="down",language="en"}')).toBe(1);
    // Judged at the test clock: the same figures as /ops/stats (the last 7 days cover both days).
    expect(
      value('parley_conversations_by_outcome{language="en",outcome="resolved_by_bot_hard"}'),
    ).toBe(1);
    expect(value('parley_conversations_by_outcome{language="en",outcome="open"}')).toBe(1);
    expect(value('parley_conversations_by_outcome{language="fr",outcome="unresolved"}')).toBe(1);
    expect(
      value('parley_conversations_by_outcome{language="de",outcome="resolved_by_bot_hard"}'),
    ).toBe(1);
  });

  it('shows the outcome and the rule on the detail page of an escalation', async () => {
    const list = (await opsGet(testApp.app, '/ops/escalations?limit=100')).json().items as Array<{
      id: string;
      conversationId: string;
    }>;
    const recordOf = (name: string) => {
      const record = list.find((item) => item.conversationId === ids[name]?.id);
      if (!record) throw new Error(`no escalation for ${name}`);
      return record;
    };
    const handedOff = (
      await opsGet(testApp.app, `/ops/escalations/${recordOf('handedOff').id}`)
    ).json();
    expect(handedOff.conversationOutcome).toMatchObject({
      outcome: 'handed_off',
      rule: 'handoff_requested',
    });
    const page = await testApp.app.inject({
      method: 'GET',
      url: `/ops/view/${recordOf('staff').id}`,
      headers: AUTHORIZATION,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-outcome="resolved_by_staff"/);
    expect(page.body).toMatch(/data-rule="staff_resolved"/);
    expect(page.body).toContain('resolved by staff');
  });
});
