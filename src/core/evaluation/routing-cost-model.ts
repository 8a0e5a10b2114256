import type { ModelTier } from '../models/chat-model.js';
import type { PriceTable } from '../models/pricing.js';
import type { RoutedCase } from './routing-score.js';

/** Tokens of one model call. */
export interface CallTokens {
  input: number;
  output: number;
}

/**
 * Stated averages for a Mistral call on this product's prompt: the system prompt (~600 tokens),
 * three retrieved passages (~250 each), a short history and the question; a cited answer of a
 * few sentences. An uncertain Small answer stops after the marker (a handful of tokens).
 */
export const STATED_AVERAGES: { call: CallTokens; uncertainOutput: number } = {
  call: { input: 1500, output: 200 },
  uncertainOutput: 5,
};

export interface CostModel {
  /** Where the token counts come from. */
  source: 'measured' | 'stated';
  call: CallTokens;
  perThousandTurns: { policy: number; allSmall: number; allLarge: number };
  /** Share of turns per final tier, and cascades (Small, then Large). */
  mix: { small: number; large: number; human: number; cascades: number };
}

const callCost = (prices: PriceTable, tier: ModelTier, tokens: CallTokens) =>
  (tokens.input * prices[tier].input + tokens.output * prices[tier].output) / 1_000_000;

/**
 * Cost of 1,000 turns routed as the pipeline routed these cases, against sending every turn to
 * Small or to Large. Turns handed to a person cost no model call. With real models (Bedrock) the
 * measured token counts of the run are used; the local extractive answerer counts no prompt, so
 * the stated averages stand in for it.
 */
export function modelCost(
  cases: readonly RoutedCase[],
  prices: PriceTable,
  options: { measured: boolean; averages?: CallTokens },
): CostModel {
  const answered = cases.flatMap((routed) =>
    routed.actual.attempts.filter((attempt) => attempt.outcome === 'answered'),
  );
  const measured = options.measured && answered.length > 0;
  const call: CallTokens = measured
    ? {
        input:
          answered.reduce(
            (sum, attempt) =>
              sum +
              attempt.usage.inputTokens +
              attempt.usage.cacheReadInputTokens +
              attempt.usage.cacheWriteInputTokens,
            0,
          ) / answered.length,
        output:
          answered.reduce((sum, attempt) => sum + attempt.usage.outputTokens, 0) / answered.length,
      }
    : (options.averages ?? STATED_AVERAGES.call);

  let policy = 0;
  let cascades = 0;
  const counts = { small: 0, large: 0, human: 0 };
  for (const routed of cases) {
    counts[routed.actual.tier] += 1;
    if (routed.actual.tier === 'human' && routed.actual.attempts.length === 0) continue;
    if (measured) {
      policy += routed.actual.attempts.reduce(
        (sum, attempt) =>
          sum +
          callCost(prices, attempt.tier, {
            input: attempt.usage.inputTokens,
            output: attempt.usage.outputTokens,
          }),
        0,
      );
      if (routed.actual.attempts.some((attempt) => attempt.outcome === 'uncertain')) cascades += 1;
      continue;
    }
    const uncertain = routed.actual.attempts.some((attempt) => attempt.outcome === 'uncertain');
    if (uncertain) {
      cascades += 1;
      policy += callCost(prices, 'small', {
        input: call.input,
        output: STATED_AVERAGES.uncertainOutput,
      });
    }
    policy += callCost(prices, routed.actual.tier === 'small' ? 'small' : 'large', call);
  }
  const total = Math.max(cases.length, 1);
  return {
    source: measured ? 'measured' : 'stated',
    call,
    perThousandTurns: {
      policy: (policy / total) * 1000,
      allSmall: callCost(prices, 'small', call) * 1000,
      allLarge: callCost(prices, 'large', call) * 1000,
    },
    mix: {
      small: counts.small / total,
      large: counts.large / total,
      human: counts.human / total,
      cascades,
    },
  };
}
