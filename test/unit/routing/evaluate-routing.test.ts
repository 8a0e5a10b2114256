import { describe, expect, it } from 'vitest';
import {
  evaluateRouting,
  parseRoutingCases,
  signalsOfCase,
} from '../../../src/core/routing/evaluate-routing.js';
import type {
  RoutingDecision,
  RoutingSignals,
} from '../../../src/core/routing/routing-decision.js';

const jsonl = [
  '{"lang":"en","text":"lawyer","tier":"human","reasons":["legal_threat"]}',
  '',
  '{"lang":"fr","text":"bonjour","tier":"small","reasons":[]}',
  '{"lang":"de","text":"doppelt","tier":"large","reasons":["billing_dispute"],"history":["vorher"],"retrieval":{"topScore":0.1,"relevantCount":0}}',
].join('\n');

describe('parseRoutingCases', () => {
  it('reads cases and skips blank lines', () => {
    const cases = parseRoutingCases(jsonl);
    expect(cases.map((routingCase) => routingCase.lang)).toEqual(['en', 'fr', 'de']);
    expect(signalsOfCase(cases[2]!)).toEqual({
      text: 'doppelt',
      language: 'de',
      retrieval: { topScore: 0.1, relevantCount: 0 },
      previousUserMessages: ['vorher'],
    });
    expect(signalsOfCase(cases[0]!).retrieval).toEqual({ topScore: 0.8, relevantCount: 3 });
  });

  it('names the line of a malformed case', () => {
    expect(() =>
      parseRoutingCases(
        '{"lang":"en","text":"x","tier":"small"}\n{"lang":"nl","text":"x","tier":"small"}',
      ),
    ).toThrow(/line 2/);
    expect(() =>
      parseRoutingCases('{"lang":"en","text":"x","tier":"small","reasons":["angry"]}'),
    ).toThrow(/unknown reason/);
  });
});

describe('evaluateRouting', () => {
  it('scores tiers and reasons against the labels', () => {
    const decisions: Record<string, RoutingDecision> = {
      lawyer: { tier: 'human', reasons: ['legal_threat'] },
      bonjour: { tier: 'large', reasons: ['negative_sentiment'] },
      doppelt: { tier: 'large', reasons: ['low_retrieval'] },
    };
    const result = evaluateRouting(
      parseRoutingCases(jsonl),
      (signals: RoutingSignals) => decisions[signals.text]!,
    );
    expect(result.tierCorrect).toBe(2);
    expect(result.tierAccuracy).toBeCloseTo(2 / 3);
    expect(result.reasonPrecision).toBeCloseTo(1 / 3);
    expect(result.reasonRecall).toBeCloseTo(1 / 2);
    expect(result.perReason.legal_threat).toEqual({
      truePositives: 1,
      falsePositives: 0,
      falseNegatives: 0,
      precision: 1,
      recall: 1,
    });
    expect(result.perReason.billing_dispute).toEqual({
      truePositives: 0,
      falsePositives: 0,
      falseNegatives: 1,
      precision: null,
      recall: 0,
    });
    expect(result.misses.map((miss) => miss.routingCase.text)).toEqual(['bonjour', 'doppelt']);
  });
});
