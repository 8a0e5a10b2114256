import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../../../src/core/language/language.js';
import { createPromptRenderer } from '../../../src/core/prompts/create-prompt-renderer.js';
import {
  readCompleteVerdict,
  readVerdict,
  VERDICT_REASONS,
} from '../../../src/core/prompts/escalation-verdict.js';

const promptsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prompts');

describe('escalation verdict', () => {
  it('reads a well-formed verdict line and the answer after it', () => {
    expect(readCompleteVerdict('[[ESCALATE: legal_threat]]\nWe are sorry.')).toEqual({
      status: 'verdict',
      reason: 'legal_threat',
      rest: 'We are sorry.',
    });
    // Models write markers loosely: case, blanks and dashes do not matter.
    expect(readCompleteVerdict('  [[ escalate = Billing-Dispute ]]')).toMatchObject({
      status: 'verdict',
      reason: 'billing_dispute',
      rest: '',
    });
  });

  it('treats a malformed verdict as none, dropping its line (marker syntax is never shown)', () => {
    expect(readCompleteVerdict('[[ESCALATE: refund_now]]\nYes.')).toEqual({
      status: 'none',
      rest: 'Yes.',
    });
    expect(readCompleteVerdict('[[ESCALATE human_requested\nYes.')).toEqual({
      status: 'none',
      rest: 'Yes.',
    });
    expect(readCompleteVerdict('[[ESCALATE]] Yes.')).toEqual({ status: 'none', rest: 'Yes.' });
  });

  it('leaves other text alone, the no-answer marker included (its own module reads it)', () => {
    expect(readCompleteVerdict('Delivery takes 3 days [p1].')).toEqual({
      status: 'none',
      rest: 'Delivery takes 3 days [p1].',
    });
    expect(readCompleteVerdict('[[NO_ANSWER]]')).toEqual({ status: 'none', rest: '[[NO_ANSWER]]' });
    expect(readCompleteVerdict('[p1] says so.')).toEqual({ status: 'none', rest: '[p1] says so.' });
  });

  it('while streaming, stays undecided only while the start could still be a verdict', () => {
    for (const prefix of [
      '',
      ' ',
      '[',
      '[[',
      '[[ESC',
      '[[ESCALATE: human',
      '[[ESCALATE: human_requested]]\n',
    ])
      expect(readVerdict(prefix).status, JSON.stringify(prefix)).toBe('undecided');
    expect(readVerdict('[[ESCALATE: human_requested]]\nI')).toMatchObject({
      status: 'verdict',
      rest: 'I',
    });
    expect(readVerdict('Delivery')).toEqual({ status: 'none', rest: 'Delivery' });
    expect(readVerdict('[[NO')).toEqual({ status: 'none', rest: '[[NO' });
    expect(readVerdict('[Note] Delivery')).toEqual({ status: 'none', rest: '[Note] Delivery' });
  });

  it('is decided the same way from a stream, delta by delta, as from the complete answer', () => {
    const answers = [
      '[[ESCALATE: complex_request]]\n\nFirst, returns. Second, delivery.',
      '[[ESCALATE: nonsense]] Delivery takes 3 days.',
      '[[ESCALATE human_requested\nDelivery takes 3 days.',
      'Delivery takes 3 days.',
    ];
    for (const answer of answers) {
      let decided: ReturnType<typeof readVerdict> = { status: 'undecided' };
      for (let end = 1; end <= answer.length && decided.status === 'undecided'; end += 1)
        decided = readVerdict(answer.slice(0, end));
      const complete = readCompleteVerdict(answer);
      expect(decided.status).toBe(complete.status);
      if (decided.status !== 'undecided') expect(complete.rest.startsWith(decided.rest)).toBe(true);
    }
  });

  it('is explained in the static system prompt of every language, every reason listed', () => {
    const renderer = createPromptRenderer({ promptsDir });
    for (const language of SUPPORTED_LANGUAGES) {
      const system = renderer.staticSystem(language);
      for (const reason of VERDICT_REASONS) expect(system).toContain(`[[ESCALATE: ${reason}]]`);
    }
  });
});
