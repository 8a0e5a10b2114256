import { describe, expect, it } from 'vitest';
import {
  type CascadeResult,
  createModelCascade,
} from '../../../src/core/conversation/model-cascade.js';
import type { ChatModel, ModelTier } from '../../../src/core/models/chat-model.js';
import { createScriptedChatModel } from '../../support/scripted-chat-model.js';

function run(
  models: Record<ModelTier, ChatModel>,
  startTier: ModelTier,
  stream = true,
  timeoutMs = 2000,
) {
  const deltas: string[] = [];
  const resets: string[] = [];
  const cascade = createModelCascade({
    models,
    timeoutMs,
    costOf: (usage, tier) => ((tier === 'small' ? 1 : 4) * usage.inputTokens) / 1_000_000,
  });
  const promise = cascade({
    startTier,
    stream,
    channel: { onDelta: (text) => deltas.push(text), onReset: (reason) => resets.push(reason) },
    requestFor: () => ({ language: 'en', messages: [{ role: 'user', text: 'q' }], passages: [] }),
  });
  return { promise, deltas, resets };
}

/** The answer's text, or null when the cascade ended without one. */
const textOf = (answer: CascadeResult) =>
  answer.kind === 'answered' ? answer.response.text : null;

describe('the model cascade', () => {
  it('answers on Small when Small is sure, streaming every chunk', async () => {
    const small = createScriptedChatModel('small-model', [
      { chunks: ['Delivery ', 'takes 2 ', 'days.'] },
    ]);
    const large = createScriptedChatModel('large-model', [{ chunks: ['unused'] }]);
    const { promise, deltas } = run({ small, large }, 'small');
    const answer = await promise;
    expect(answer.tier).toBe('small');
    expect(textOf(answer)).toBe('Delivery takes 2 days.');
    expect(deltas.join('')).toBe('Delivery takes 2 days.');
    expect(large.calls).toHaveLength(0);
    expect(answer.addedReasons).toEqual([]);
  });

  it('re-answers on Large with model_uncertain when Small starts with the marker, split across chunks', async () => {
    const small = createScriptedChatModel('small-model', [
      { chunks: [' [[NO_', 'ANS', 'WER]] The passages', ' do not say.'] },
    ]);
    const large = createScriptedChatModel('large-model', [{ chunks: ['Large ', 'knows.'] }]);
    const { promise, deltas, resets } = run({ small, large }, 'small');
    const answer = await promise;
    expect(answer.tier).toBe('large');
    expect(answer.addedReasons).toEqual(['model_uncertain']);
    expect(deltas.join('')).toBe('Large knows.');
    expect(deltas.join('')).not.toContain('NO_');
    expect(resets).toEqual([]);
    expect(answer.attempts.map((attempt) => [attempt.tier, attempt.outcome])).toEqual([
      ['small', 'uncertain'],
      ['large', 'answered'],
    ]);
  });

  it('detects the marker in non-streamed answers too', async () => {
    const small = createScriptedChatModel('small-model', [{ chunks: ['[[NO_ANSWER]]'] }]);
    const large = createScriptedChatModel('large-model', [{ chunks: ['From Large.'] }]);
    const answer = await run({ small, large }, 'small', false).promise;
    expect(textOf(answer)).toBe('From Large.');
    expect(answer.attempts[0]?.usage.inputTokens).toBe(100);
  });

  it('falls back to Small when Large fails', async () => {
    const small = createScriptedChatModel('small-model', [{ chunks: ['Small ', 'answer.'] }]);
    const large = createScriptedChatModel('large-model', [
      { chunks: [], error: new Error('ServiceUnavailable') },
    ]);
    const answer = await run({ small, large }, 'large').promise;
    expect(answer.tier).toBe('small');
    expect(textOf(answer)).toBe('Small answer.');
    expect(answer.attempts[0]).toMatchObject({ tier: 'large', outcome: 'failed' });
    expect(answer.attempts[0]?.error).toContain('ServiceUnavailable');
  });

  it('returns no response and model_unavailable when both fail', async () => {
    const small = createScriptedChatModel('small-model', [
      { chunks: [], error: new Error('boom') },
    ]);
    const large = createScriptedChatModel('large-model', [
      { chunks: [], error: new Error('boom') },
    ]);
    const answer = await run({ small, large }, 'small').promise;
    expect(answer.kind).toBe('failed');
    expect(answer.addedReasons).toEqual(['model_unavailable']);
  });

  it('tells the channel to discard a half-streamed answer before the fallback answers', async () => {
    const large = createScriptedChatModel('large-model', [
      {
        chunks: ['Half ', 'an ', 'answer'],
        failAfter: 2,
        error: new Error('modelStreamErrorException'),
      },
    ]);
    const small = createScriptedChatModel('small-model', [{ chunks: ['Complete answer.'] }]);
    const { promise, deltas, resets } = run({ small, large }, 'large');
    const answer = await promise;
    expect(resets).toEqual(['model_failed']);
    expect(deltas).toEqual(['Half ', 'an ', 'Complete answer.']);
    expect(textOf(answer)).toBe('Complete answer.');
  });

  it('abandons a model that does not answer within the timeout', async () => {
    const large = createScriptedChatModel('large-model', [{ chunks: ['late'], delayMs: 5_000 }]);
    const small = createScriptedChatModel('small-model', [{ chunks: ['On time.'] }]);
    const answer = await run({ small, large }, 'large', true, 100).promise;
    expect(answer.attempts[0]).toMatchObject({
      tier: 'large',
      outcome: 'failed',
      error: 'timeout',
    });
    expect(textOf(answer)).toBe('On time.');
  });
});
