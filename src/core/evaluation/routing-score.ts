import type { ModelAttempt } from '../conversation/model-cascade.js';
import type { Language } from '../language/language.js';
import { REASON_CODES, type ReasonCode, TIERS, type Tier } from '../routing/routing-decision.js';

/** One labelled message and what the pipeline did with it. */
export interface RoutedCase {
  lang: Language;
  text: string;
  expected: { tier: Tier; reasons: ReasonCode[] };
  actual: { tier: Tier; reasons: ReasonCode[]; attempts: ModelAttempt[] };
}

export interface ReasonRecall {
  labelled: number;
  found: number;
  /** Fired without being labelled. */
  extra: number;
  recall: number | null;
}

export interface RoutingScore {
  total: number;
  tierCorrect: number;
  tierAccuracy: number;
  /** confusion[expected][actual] = count */
  confusion: Record<Tier, Record<Tier, number>>;
  perReason: Partial<Record<ReasonCode, ReasonRecall>>;
  misrouted: RoutedCase[];
}

export function scoreRouting(cases: readonly RoutedCase[]): RoutingScore {
  const confusion = Object.fromEntries(
    TIERS.map((expected) => [expected, Object.fromEntries(TIERS.map((actual) => [actual, 0]))]),
  ) as Record<Tier, Record<Tier, number>>;
  const perReason: Partial<Record<ReasonCode, ReasonRecall>> = {};
  const entry = (reason: ReasonCode) =>
    (perReason[reason] ??= { labelled: 0, found: 0, extra: 0, recall: null });
  let tierCorrect = 0;
  for (const routed of cases) {
    confusion[routed.expected.tier][routed.actual.tier] += 1;
    if (routed.expected.tier === routed.actual.tier) tierCorrect += 1;
    for (const reason of routed.expected.reasons) {
      entry(reason).labelled += 1;
      if (routed.actual.reasons.includes(reason)) entry(reason).found += 1;
    }
    for (const reason of routed.actual.reasons)
      if (!routed.expected.reasons.includes(reason)) entry(reason).extra += 1;
  }
  const ordered: Partial<Record<ReasonCode, ReasonRecall>> = {};
  for (const reason of REASON_CODES) {
    const value = perReason[reason];
    if (value)
      ordered[reason] = {
        ...value,
        recall: value.labelled === 0 ? null : value.found / value.labelled,
      };
  }
  return {
    total: cases.length,
    tierCorrect,
    tierAccuracy: cases.length === 0 ? 0 : tierCorrect / cases.length,
    confusion,
    perReason: ordered,
    misrouted: cases.filter((routed) => routed.expected.tier !== routed.actual.tier),
  };
}
