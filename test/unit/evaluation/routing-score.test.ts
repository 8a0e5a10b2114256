import { describe, expect, it } from 'vitest';
import type { ModelAttempt } from '../../../src/core/conversation/model-cascade.js';
import type { EscalationRecord } from '../../../src/core/escalations/escalation-record.js';
import { expectedRoutingOf } from '../../../src/core/evaluation/ops-labelled-cases.js';
import { modelCost } from '../../../src/core/evaluation/routing-cost-model.js';
import { type RoutedCase, scoreRouting } from '../../../src/core/evaluation/routing-score.js';
import type { PriceTable } from '../../../src/core/models/pricing.js';

/** Round figures, so the expected costs below can be worked out by hand. */
const PRICES: PriceTable = { small: { input: 1, output: 3 }, large: { input: 4, output: 12 } };

const attempt = (
  tier: 'small' | 'large',
  outcome: ModelAttempt['outcome'],
  input = 1000,
  output = 100,
): ModelAttempt => ({
  tier,
  modelId: tier,
  outcome,
  usage: {
    inputTokens: input,
    outputTokens: output,
    cacheReadInputTokens: 0,
    cacheWriteInputTokens: 0,
  },
  costUsd: 0,
  latencyMs: 1,
});

const routed = (
  expected: RoutedCase['expected'],
  actual: Partial<RoutedCase['actual']> & Pick<RoutedCase['actual'], 'tier'>,
): RoutedCase => ({
  lang: 'en',
  text: 'message',
  expected,
  actual: { reasons: [], attempts: [], ...actual },
});

describe('scoreRouting', () => {
  const cases = [
    routed(
      { tier: 'small', reasons: [] },
      { tier: 'small', attempts: [attempt('small', 'answered')] },
    ),
    routed(
      { tier: 'small', reasons: [] },
      { tier: 'large', reasons: ['low_retrieval'], attempts: [attempt('large', 'answered')] },
    ),
    routed(
      { tier: 'large', reasons: ['billing_dispute', 'negative_sentiment'] },
      { tier: 'large', reasons: ['billing_dispute'], attempts: [attempt('large', 'answered')] },
    ),
    routed(
      { tier: 'human', reasons: ['legal_threat'] },
      { tier: 'human', reasons: ['legal_threat'] },
    ),
    routed(
      { tier: 'human', reasons: ['human_requested'] },
      { tier: 'large', reasons: ['negative_sentiment'], attempts: [attempt('large', 'answered')] },
    ),
  ];

  it('counts accuracy, the confusion matrix and recall per reason', () => {
    const score = scoreRouting(cases);
    expect(score.tierCorrect).toBe(3);
    expect(score.tierAccuracy).toBeCloseTo(0.6);
    expect(score.confusion).toEqual({
      small: { small: 1, large: 1, human: 0 },
      large: { small: 0, large: 1, human: 0 },
      human: { small: 0, large: 1, human: 1 },
    });
    expect(score.perReason).toEqual({
      human_requested: { labelled: 1, found: 0, extra: 0, recall: 0 },
      legal_threat: { labelled: 1, found: 1, extra: 0, recall: 1 },
      billing_dispute: { labelled: 1, found: 1, extra: 0, recall: 1 },
      negative_sentiment: { labelled: 1, found: 0, extra: 1, recall: 0 },
      low_retrieval: { labelled: 0, found: 0, extra: 1, recall: null },
    });
    expect(score.misrouted.map((entry) => entry.expected.tier)).toEqual(['small', 'human']);
  });

  it('models the cost of 1,000 turns from stated averages: handoffs are free, cascades pay twice', () => {
    const withCascade = [
      ...cases,
      routed(
        { tier: 'large', reasons: ['model_uncertain'] },
        {
          tier: 'large',
          reasons: ['model_uncertain'],
          attempts: [attempt('small', 'uncertain'), attempt('large', 'answered')],
        },
      ),
    ];
    const cost = modelCost(withCascade, PRICES, {
      measured: false,
      averages: { input: 1000, output: 100 },
    });
    const small = (1000 * 1 + 100 * 3) / 1e6;
    const large = (1000 * 4 + 100 * 12) / 1e6;
    const uncertainSmall = (1000 * 1 + 5 * 3) / 1e6;
    expect(cost.source).toBe('stated');
    expect(cost.perThousandTurns.allSmall).toBeCloseTo(small * 1000, 9);
    expect(cost.perThousandTurns.allLarge).toBeCloseTo(large * 1000, 9);
    // 1 small, 4 large (one after a cascade), 1 human of 6 turns.
    expect(cost.perThousandTurns.policy).toBeCloseTo(
      ((small + 4 * large + uncertainSmall) / 6) * 1000,
      9,
    );
    expect(cost.mix).toEqual({ small: 1 / 6, large: 4 / 6, human: 1 / 6, cascades: 1 });
  });

  it('uses the measured tokens of real model calls when asked', () => {
    const cost = modelCost(
      [
        routed(
          { tier: 'small', reasons: [] },
          { tier: 'small', attempts: [attempt('small', 'answered', 2000, 300)] },
        ),
      ],
      PRICES,
      { measured: true },
    );
    expect(cost.source).toBe('measured');
    expect(cost.call).toEqual({ input: 2000, output: 300 });
    expect(cost.perThousandTurns.policy).toBeCloseTo(((2000 * 1 + 300 * 3) / 1e6) * 1000, 9);
  });
});

describe('expectedRoutingOf (ops review → evaluation label)', () => {
  const record = (
    verdict: 'right' | 'small' | 'large' | 'human' | null,
    reasons: EscalationRecord['reasons'],
    routedTier: EscalationRecord['routedTier'],
  ) =>
    ({
      reasons,
      routedTier,
      review:
        verdict === null ? null : { verdict, note: null, reviewedAt: '2026-01-01T00:00:00.000Z' },
    }) as EscalationRecord;

  it('keeps the routed tier and the routing reasons for "right", without answer-time reasons', () => {
    expect(
      expectedRoutingOf(record('right', ['billing_dispute', 'model_uncertain'], 'large')),
    ).toEqual({ tier: 'large', reasons: ['billing_dispute'] });
  });

  it('keeps only the reasons consistent with a corrected tier', () => {
    expect(expectedRoutingOf(record('small', ['low_retrieval'], 'large'))).toEqual({
      tier: 'small',
      reasons: [],
    });
    expect(
      expectedRoutingOf(record('large', ['legal_threat', 'negative_sentiment'], 'human')),
    ).toEqual({ tier: 'large', reasons: ['negative_sentiment'] });
    expect(expectedRoutingOf(record('human', ['negative_sentiment'], 'large'))).toEqual({
      tier: 'human',
      reasons: ['negative_sentiment'],
    });
  });

  it('gives nothing for an unreviewed record', () => {
    expect(expectedRoutingOf(record(null, ['low_retrieval'], 'large'))).toBeUndefined();
  });
});
