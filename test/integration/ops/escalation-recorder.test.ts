import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscalationRecord } from '../../../src/core/escalations/escalation-record.js';
import { NO_ANSWER_MARKER } from '../../../src/core/prompts/no-answer-marker.js';
import { createScriptedChatModel } from '../../support/scripted-chat-model.js';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';
import { OPS_TOKEN, opsGet } from './ops-test-support.js';

/**
 * Cascades and fallbacks through the real pipeline, with scripted models standing in for Bedrock
 * (our own ChatModel interface; the Bedrock adapter has its own wire tests).
 */
describe('escalation recorder: cascades and fallbacks', () => {
  let test: TestApp;
  // Calls in order: turn 1 Small answers; turn 2 Small is uncertain, Large answers; turn 3 Large fails, Small answers.
  const small = createScriptedChatModel('mistral.small', [
    { chunks: ['Standard delivery takes 3 to 5 working days.'] },
    { chunks: [`${NO_ANSWER_MARKER} nothing in the passages`] },
    { chunks: ['Here is what I can tell you about refunds.'] },
  ]);
  const large = createScriptedChatModel('mistral.large', [
    { chunks: ['Large explains it in detail.'] },
    { chunks: [], error: new Error('ServiceUnavailableException: try later') },
  ]);

  beforeAll(async () => {
    test = await createTestApp({ OPS_TOKEN }, { models: { small, large } });
  });
  afterAll(async () => {
    await test?.close();
  });

  const records = async (conversationId: string) =>
    (
      (await opsGet(test.app, '/ops/escalations?limit=100')).json().items as EscalationRecord[]
    ).filter((record) => record.conversationId === conversationId);

  it('writes no record for a plain Small answer, but counts the turn', async () => {
    const conversation = await createConversation(test.app, 'en');
    const reply = (
      await postMessage(test.app, conversation, 'How long does standard delivery take?')
    ).json().reply;
    expect(reply).toMatchObject({ tier: 'small', reasons: [] });
    expect(await records(conversation.id)).toEqual([]);
    const stats = (await opsGet(test.app, '/ops/stats')).json();
    expect(stats.turns.total).toBe(1);
    expect(stats.escalations.total).toBe(0);
    expect(stats.costUsd.small).toBeGreaterThan(0);
  });

  it('records a cascade with both calls, their tokens and cost', async () => {
    const conversation = await createConversation(test.app, 'en');
    const reply = (
      await postMessage(test.app, conversation, 'How long does standard delivery take to Italy?')
    ).json().reply;
    expect(reply.reasons).toContain('model_uncertain');
    const [record] = await records(conversation.id);
    expect(record).toMatchObject({
      routedTier: 'small',
      tier: 'large',
      outcome: 'answered',
      models: ['mistral.small', 'mistral.large'],
    });
    expect(record!.attempts.map((attempt) => [attempt.tier, attempt.outcome])).toEqual([
      ['small', 'uncertain'],
      ['large', 'answered'],
    ]);
    expect(record!.usage.inputTokens).toBe(200);
    expect(record!.costUsd).toBeCloseTo(
      record!.attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0),
      6,
    );
    expect(record!.latencyMs.total).toBeGreaterThanOrEqual(record!.latencyMs.model);
  });

  it('records a fallback from a failing Large to Small, with the error', async () => {
    const conversation = await createConversation(test.app, 'en');
    const reply = (
      await postMessage(
        test.app,
        conversation,
        'You charged me twice for the same order and I want my money back!',
      )
    ).json().reply;
    expect(reply.tier).toBe('small');
    const [record] = await records(conversation.id);
    expect(record).toMatchObject({ routedTier: 'large', tier: 'small', outcome: 'answered' });
    expect(record!.reasons).toContain('billing_dispute');
    expect(record!.attempts.map((attempt) => [attempt.tier, attempt.outcome])).toEqual([
      ['large', 'failed'],
      ['small', 'answered'],
    ]);
    expect(record!.attempts[0]!.error).toMatch(/ServiceUnavailable/);
  });
});
