import { beforeEach, describe, expect, it } from 'vitest';
import type { EscalationRecord } from '../../../src/core/escalations/escalation-record.js';
import { VERDICT_REASONS } from '../../../src/core/prompts/escalation-verdict.js';
import { TIER_OF_REASON } from '../../../src/core/routing/routing-decision.js';
import {
  awsErrorReply,
  converseBody,
  conversePath,
  converseStreamPath,
  runtimeScope,
} from '../../support/bedrock-wire.js';
import { createConversation, postMessage, type TestApp } from '../../support/test-app.js';
import {
  BILLING_DISPUTE,
  BOT_MESSAGES,
  DELIVERY_QUESTION,
  deltaTexts,
  LARGE_MODEL_ID,
  postStreaming,
  replyOf,
  type ServerSentEvent,
  SMALL_MODEL_ID,
  storedMessages,
  storedTelemetry,
  streamReply,
  useBedrockPipeline,
  visibleText,
} from './bedrock-pipeline-app.js';

/**
 * The model's verdict (issue 19, point 3) over the wire: Small's first line re-routes the turn
 * before anything reaches the customer, in JSON and SSE mode, and the escalation record keeps
 * the model's signal beside the router's reasons.
 */

/** Words Small writes after its verdict: they must never reach the customer either. */
const SMALL_AFTER_VERDICT = 'Standard delivery to Germany takes 2 to 4 business days [p1].';
const LARGE_ANSWER =
  'I am sorry for the trouble. Delivery to Germany takes 2 to 4 business days [p1].';
const LARGE_ANSWER_SHOWN =
  'I am sorry for the trouble. Delivery to Germany takes 2 to 4 business days.';

const { app, unmatched } = useBedrockPipeline();
let testApp: TestApp;
beforeEach(async () => {
  testApp = await app();
});

/** Nothing of a verdict — its marker, its reason or the words after it — in any customer text. */
function expectNoVerdictIn(texts: readonly string[], reason?: string) {
  for (const text of texts) {
    expect(text).not.toContain('[[');
    expect(text).not.toMatch(/ESCALATE/i);
    if (reason) expect(text).not.toContain(reason);
    expect(text).not.toContain('Standard delivery to Germany takes');
  }
}

async function onlyEscalation(): Promise<EscalationRecord> {
  const { items } = await testApp.services.escalations.list({}, { limit: 10, cursor: null });
  expect(items).toHaveLength(1);
  return items[0]!;
}

async function customerTexts(conversationId: string, events: readonly ServerSentEvent[] = []) {
  const stored = await storedMessages(testApp, conversationId);
  return [
    ...deltaTexts(events),
    // Every text an event carries (the reason codes themselves are public, in `reasons`).
    ...events.map((event) => (event.data as { text?: string }).text ?? ''),
    ...stored.map((message) => message.text),
  ];
}

const verdictLine = (reason: string) => `[[ESCALATE: ${reason}]]\n`;
const HUMAN_REASONS = VERDICT_REASONS.filter((reason) => TIER_OF_REASON[reason] === 'human');
const LARGE_REASONS = VERDICT_REASONS.filter((reason) => TIER_OF_REASON[reason] === 'large');

describe('Small asks for a person: the turn is handed off, Large is never called', () => {
  it.each(HUMAN_REASONS)('JSON: %s', async (reason) => {
    const scope = runtimeScope()
      .post(conversePath(SMALL_MODEL_ID))
      .reply(200, converseBody({ text: verdictLine(reason) + SMALL_AFTER_VERDICT }));
    const conversation = await createConversation(testApp.app);
    const response = await postMessage(testApp.app, conversation, DELIVERY_QUESTION);
    expect(response.statusCode).toBe(200);
    const { reply } = response.json();
    expect(reply).toMatchObject({
      role: 'assistant',
      text: BOT_MESSAGES.en.handoff,
      tier: 'human',
      handoff: true,
      reasons: [reason],
      citations: [],
    });
    expect(scope.isDone()).toBe(true);
    expect(unmatched.requests).toEqual([]);
    expect((await testApp.services.conversations.getConversation(conversation.id)).state).toBe(
      'handoff_requested',
    );
    expectNoVerdictIn(await customerTexts(conversation.id), reason);
    expect(await onlyEscalation()).toMatchObject({
      tier: 'human',
      routedTier: 'small',
      reasons: [reason],
      modelSignal: reason,
      outcome: 'handed_off',
    });
  });

  it.each(HUMAN_REASONS)('SSE: %s, split across frames, never reaches a delta', async (reason) => {
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(
        ...streamReply({
          chunks: ['[[ESC', 'ALATE: ', `${reason}]`, ']\n', 'Standard delivery ', 'to Germany.'],
        }),
      );
    const conversation = await createConversation(testApp.app);
    const events = await postStreaming(testApp, conversation, DELIVERY_QUESTION);
    expect(events[0]).toMatchObject({ event: 'route', data: { tier: 'small', reasons: [] } });
    expect(events.map((event) => event.event)).not.toContain('reset');
    expect(visibleText(events)).toBe(BOT_MESSAGES.en.handoff);
    expect(replyOf(events)).toMatchObject({ tier: 'human', handoff: true, reasons: [reason] });
    expectNoVerdictIn(await customerTexts(conversation.id, events), reason);
    expect(unmatched.requests).toEqual([]);
    const telemetry = await storedTelemetry(testApp, conversation.id);
    expect(telemetry.modelVerdict).toBe(reason);
    expect(telemetry.attempts).toMatchObject([
      { tier: 'small', outcome: 'escalated', verdict: reason },
    ]);
    expect((await onlyEscalation()).modelSignal).toBe(reason);
  });
});

describe('Small asks for Large: Large answers with the verdict as the reason', () => {
  it.each(LARGE_REASONS)('JSON: %s', async (reason) => {
    const scope = runtimeScope()
      .post(conversePath(SMALL_MODEL_ID))
      .reply(200, converseBody({ text: verdictLine(reason) + SMALL_AFTER_VERDICT }))
      .post(conversePath(LARGE_MODEL_ID))
      .reply(200, converseBody({ text: LARGE_ANSWER }));
    const conversation = await createConversation(testApp.app);
    const { reply } = (await postMessage(testApp.app, conversation, DELIVERY_QUESTION)).json();
    expect(reply).toMatchObject({
      role: 'assistant',
      text: LARGE_ANSWER_SHOWN,
      tier: 'large',
      handoff: false,
      reasons: [reason],
    });
    expect(reply.citations[0]).toMatchObject({ kind: 'cited' });
    expect(scope.isDone()).toBe(true);
    expectNoVerdictIn(await customerTexts(conversation.id), reason);
    expect(await onlyEscalation()).toMatchObject({
      tier: 'large',
      routedTier: 'small',
      reasons: [reason],
      modelSignal: reason,
      outcome: 'answered',
    });
  });

  it.each(LARGE_REASONS)('SSE: %s', async (reason) => {
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(
        ...streamReply({ chunks: ['[[', `ESCALATE: ${reason}]]`, '\nStandard ', 'delivery.'] }),
      )
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(
        ...streamReply({
          chunks: [
            'I am sorry for the trouble. ',
            'Delivery to Germany takes ',
            '2 to 4 business days [p1].',
          ],
        }),
      );
    const conversation = await createConversation(testApp.app);
    const events = await postStreaming(testApp, conversation, DELIVERY_QUESTION);
    expect(events.map((event) => event.event)).not.toContain('reset');
    expect(visibleText(events)).toBe(LARGE_ANSWER_SHOWN);
    expect(replyOf(events)).toMatchObject({
      text: LARGE_ANSWER_SHOWN,
      tier: 'large',
      reasons: [reason],
    });
    expectNoVerdictIn(await customerTexts(conversation.id, events), reason);
    expect(unmatched.requests).toEqual([]);
    const telemetry = await storedTelemetry(testApp, conversation.id);
    expect(telemetry.attempts.map((attempt) => [attempt.tier, attempt.outcome])).toEqual([
      ['small', 'escalated'],
      ['large', 'answered'],
    ]);
    expect((await onlyEscalation()).modelSignal).toBe(reason);
  });

  it('Large unavailable after Small asked for it: the apology, as when every model fails', async () => {
    const testApp = await app({ BEDROCK_MAX_ATTEMPTS: '1' });
    const scope = runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(...streamReply({ chunks: [verdictLine('billing_dispute'), SMALL_AFTER_VERDICT] }))
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(...awsErrorReply(503, 'ServiceUnavailableException', 'busy'));
    const conversation = await createConversation(testApp.app);
    const events = await postStreaming(testApp, conversation, DELIVERY_QUESTION);
    expect(scope.isDone()).toBe(true);
    expect(visibleText(events)).toBe(BOT_MESSAGES.en.modelUnavailable);
    expect(replyOf(events)).toMatchObject({
      role: 'system',
      reasons: ['billing_dispute', 'model_unavailable'],
    });
    expectNoVerdictIn(deltaTexts(events), 'billing_dispute');
  });
});

describe("Large's own verdict", () => {
  it('SSE: Large on a routed-large turn asks for a person: handed off, the signal is the model’s', async () => {
    runtimeScope()
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(
        ...streamReply({ chunks: ['[[ESCALATE: legal', '_threat]]\n', 'We will refund you.'] }),
      );
    const conversation = await createConversation(testApp.app);
    const events = await postStreaming(testApp, conversation, BILLING_DISPUTE);
    expect(events[0]).toMatchObject({ event: 'route', data: { tier: 'large' } });
    expect(replyOf(events)).toMatchObject({
      tier: 'human',
      handoff: true,
      reasons: ['legal_threat', 'billing_dispute'],
    });
    expect(visibleText(events)).toBe(BOT_MESSAGES.en.handoff);
    expectNoVerdictIn(await customerTexts(conversation.id, events), 'legal_threat');
    expect(await onlyEscalation()).toMatchObject({
      routedTier: 'large',
      tier: 'human',
      modelSignal: 'legal_threat',
    });
  });

  it('SSE: Large asking for Large is ignored: its answer after the line is shown, no reason added', async () => {
    runtimeScope()
      .post(converseStreamPath(LARGE_MODEL_ID))
      .reply(
        ...streamReply({
          chunks: [
            '[[ESCALATE: complex_request]]\n',
            "I'm sorry about the double charge. ",
            'We will check it.',
          ],
        }),
      );
    const conversation = await createConversation(testApp.app);
    const events = await postStreaming(testApp, conversation, BILLING_DISPUTE);
    const shown = "I'm sorry about the double charge. We will check it.";
    expect(visibleText(events)).toBe(shown);
    expect(replyOf(events)).toMatchObject({ text: shown, tier: 'large', handoff: false });
    expect((replyOf(events).reasons as string[]).includes('complex_request')).toBe(false);
    expectNoVerdictIn(await customerTexts(conversation.id, events), 'complex_request');
    const record = await onlyEscalation();
    expect(record.modelSignal).toBeNull();
    expect(record.attempts[0]).toMatchObject({ outcome: 'answered', verdict: 'complex_request' });
  });
});

describe('a malformed verdict is no verdict', () => {
  const malformed = [
    ['an unknown reason', '[[ESCALATE: refund_now]]\n'],
    ['no closing brackets', '[[ESCALATE human_requested\n'],
    ['no reason', '[[ESCALATE]]\n'],
  ] as const;

  it.each(malformed)(
    'JSON: %s: Small’s answer is shown, routed small, no signal',
    async (_name, line) => {
      runtimeScope()
        .post(conversePath(SMALL_MODEL_ID))
        .reply(
          200,
          converseBody({ text: `${line}Delivery to Germany takes 2 to 4 business days [p1].` }),
        );
      const conversation = await createConversation(testApp.app);
      const { reply } = (await postMessage(testApp.app, conversation, DELIVERY_QUESTION)).json();
      expect(reply).toMatchObject({
        text: 'Delivery to Germany takes 2 to 4 business days.',
        tier: 'small',
        reasons: [],
        handoff: false,
      });
      expect(unmatched.requests).toEqual([]);
      const telemetry = await storedTelemetry(testApp, conversation.id);
      expect(telemetry.modelVerdict).toBeNull();
    },
  );

  it.each(malformed)(
    'SSE: %s: the line is held back, the answer streams, no reset',
    async (_name, line) => {
      runtimeScope()
        .post(converseStreamPath(SMALL_MODEL_ID))
        .reply(
          ...streamReply({
            chunks: [
              line.slice(0, 6),
              line.slice(6),
              'Delivery to Germany ',
              'takes 2 to 4 business days [p1].',
            ],
          }),
        );
      const conversation = await createConversation(testApp.app);
      const events = await postStreaming(testApp, conversation, DELIVERY_QUESTION);
      expect(events.map((event) => event.event)).not.toContain('reset');
      expect(visibleText(events)).toBe('Delivery to Germany takes 2 to 4 business days.');
      expect(replyOf(events)).toMatchObject({ tier: 'small', reasons: [] });
      expectNoVerdictIn(deltaTexts(events));
      expect(unmatched.requests).toEqual([]);
    },
  );

  it('SSE: an answer that merely starts with a bracket is not delayed into a verdict', async () => {
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(
        ...streamReply({
          chunks: ['[Note] ', 'Delivery to Germany ', 'takes 2 to 4 business days [p1].'],
        }),
      );
    const conversation = await createConversation(testApp.app);
    const events = await postStreaming(testApp, conversation, DELIVERY_QUESTION);
    expect(visibleText(events)).toBe('[Note] Delivery to Germany takes 2 to 4 business days.');
    expect(deltaTexts(events).length).toBeGreaterThan(1);
  });
});

describe('sources when the model forgets its citation labels (issue 19, point 5)', () => {
  const QUESTIONS = [
    'How long does delivery take to Germany?',
    'How do I return an item?',
    'Which payment methods do you accept?',
    'How can I change my password?',
    'Can I track my order?',
  ];

  it('five streamed answers without a [pN] label each carry retrieved sources (≤ 3, the customer’s language)', async () => {
    for (const question of QUESTIONS) {
      runtimeScope()
        .post(converseStreamPath(SMALL_MODEL_ID))
        .reply(...streamReply({ chunks: ['Here is what ', 'our help center says.'] }));
      const conversation = await createConversation(testApp.app);
      const events = await postStreaming(testApp, conversation, question);
      const reply = replyOf(events) as {
        text: string;
        citations: Array<{ title: string; url?: string; kind: string }>;
        tier: string;
      };
      expect(reply.text).toBe('Here is what our help center says.');
      expect(reply.tier).toBe('small');
      expect(reply.citations.length, question).toBeGreaterThan(0);
      expect(reply.citations.length).toBeLessThanOrEqual(3);
      expect(reply.citations.every((citation) => citation.kind === 'retrieved')).toBe(true);
      expect(reply.citations[0]!.url).toContain('/en/');
      // The stored reply keeps the distinction (a reload of the transcript shows the same).
      const transcript = await testApp.app.inject({
        method: 'GET',
        url: `/v1/conversations/${conversation.id}`,
        headers: { authorization: `Bearer ${conversation.token}` },
      });
      const messages = transcript.json().messages as Array<{ citations: unknown[] }>;
      expect(messages.at(-1)!.citations).toEqual(reply.citations);
    }
    expect(unmatched.requests).toEqual([]);
  });

  it('an answer that cites a label shows only what it cites, marked cited', async () => {
    runtimeScope()
      .post(converseStreamPath(SMALL_MODEL_ID))
      .reply(...streamReply({ chunks: ['Delivery takes 2 to 4 days [p1].'] }));
    const conversation = await createConversation(testApp.app);
    const reply = replyOf(await postStreaming(testApp, conversation, DELIVERY_QUESTION)) as {
      citations: Array<{ kind: string }>;
    };
    expect(reply.citations).toHaveLength(1);
    expect(reply.citations[0]!.kind).toBe('cited');
  });
});
