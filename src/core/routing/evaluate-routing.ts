import { isLanguage, type Language } from '../language/language.js';
import {
  REASON_CODES,
  type ReasonCode,
  type RoutingDecision,
  type RoutingSignals,
  TIERS,
  type Tier,
} from './routing-decision.js';

/** One labelled message of an evaluation set (routing-dev.jsonl format, plus optional history). */
export interface RoutingCase {
  lang: Language;
  text: string;
  tier: Tier;
  reasons: ReasonCode[];
  /** Earlier customer messages, oldest first. */
  history?: string[];
  previousAssistantAnswer?: string;
  retrieval?: RoutingSignals['retrieval'];
  /** Training sets: the whole message is a courtesy (greeting, thanks, goodbye, acknowledgement, pleasantry). */
  smallTalk?: string;
}

export interface ReasonScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** null when the denominator is 0 (never predicted / never labelled). */
  precision: number | null;
  recall: number | null;
}

export interface RoutingMiss {
  routingCase: RoutingCase;
  decision: RoutingDecision;
}

export interface RoutingEvaluation {
  total: number;
  tierCorrect: number;
  tierAccuracy: number;
  /** Over all reason predictions: how many were in the label. */
  reasonPrecision: number;
  reasonRecall: number;
  perReason: Partial<Record<ReasonCode, ReasonScore>>;
  /** Cases whose tier or reason set differs from the label. */
  misses: RoutingMiss[];
}

/** Parses JSONL (blank lines ignored); throws with the line number on a malformed case. */
export function parseRoutingCases(jsonl: string): RoutingCase[] {
  return jsonl
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      const value = JSON.parse(line) as Partial<RoutingCase>;
      const reasons = value.reasons ?? [];
      if (
        !isLanguage(value.lang) ||
        typeof value.text !== 'string' ||
        !TIERS.includes(value.tier as Tier)
      ) {
        throw new Error(
          `line ${number}: needs lang (en|fr|de|es|it), text and tier (small|large|human)`,
        );
      }
      const unknown = reasons.filter(
        (reason) => !(REASON_CODES as readonly string[]).includes(reason),
      );
      if (unknown.length > 0)
        throw new Error(`line ${number}: unknown reason(s) ${unknown.join(', ')}`);
      return { ...value, lang: value.lang, text: value.text, tier: value.tier as Tier, reasons };
    });
}

/** Signals for a case; the retrieval default says the knowledge base covers the question. */
export function signalsOfCase(routingCase: RoutingCase): RoutingSignals {
  return {
    text: routingCase.text,
    language: routingCase.lang,
    retrieval: routingCase.retrieval ?? { topScore: 0.8, relevantCount: 3 },
    previousUserMessages: routingCase.history ?? [],
    ...(routingCase.previousAssistantAnswer
      ? { previousAssistantAnswer: routingCase.previousAssistantAnswer }
      : {}),
  };
}

export function evaluateRouting(
  cases: readonly RoutingCase[],
  route: (signals: RoutingSignals) => RoutingDecision,
): RoutingEvaluation {
  const counts = new Map<
    ReasonCode,
    { truePositives: number; falsePositives: number; falseNegatives: number }
  >();
  const countsOf = (reason: ReasonCode) => {
    let entry = counts.get(reason);
    if (!entry) {
      entry = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
      counts.set(reason, entry);
    }
    return entry;
  };
  let tierCorrect = 0;
  const misses: RoutingMiss[] = [];
  for (const routingCase of cases) {
    const decision = route(signalsOfCase(routingCase));
    if (decision.tier === routingCase.tier) tierCorrect += 1;
    for (const reason of decision.reasons) {
      if (routingCase.reasons.includes(reason)) countsOf(reason).truePositives += 1;
      else countsOf(reason).falsePositives += 1;
    }
    for (const reason of routingCase.reasons)
      if (!decision.reasons.includes(reason)) countsOf(reason).falseNegatives += 1;
    const sameReasons =
      decision.reasons.length === routingCase.reasons.length &&
      decision.reasons.every((reason) => routingCase.reasons.includes(reason));
    if (decision.tier !== routingCase.tier || !sameReasons) misses.push({ routingCase, decision });
  }
  const perReason: Partial<Record<ReasonCode, ReasonScore>> = {};
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const reason of REASON_CODES) {
    const entry = counts.get(reason);
    if (!entry) continue;
    truePositives += entry.truePositives;
    falsePositives += entry.falsePositives;
    falseNegatives += entry.falseNegatives;
    perReason[reason] = {
      ...entry,
      precision: ratio(entry.truePositives, entry.truePositives + entry.falsePositives),
      recall: ratio(entry.truePositives, entry.truePositives + entry.falseNegatives),
    };
  }
  return {
    total: cases.length,
    tierCorrect,
    tierAccuracy: cases.length === 0 ? 0 : tierCorrect / cases.length,
    reasonPrecision: ratio(truePositives, truePositives + falsePositives) ?? 1,
    reasonRecall: ratio(truePositives, truePositives + falseNegatives) ?? 1,
    perReason,
    misses,
  };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
