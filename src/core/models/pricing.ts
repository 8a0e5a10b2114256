import type { ModelTier, TokenUsage } from './chat-model.js';

/** USD per one million tokens. */
export interface TierPrices {
  input: number;
  output: number;
  /** Defaults to the input price: never under-reports where a model bills cache reads. */
  cacheRead?: number;
  /** Defaults to the input price. */
  cacheWrite?: number;
}

export type PriceTable = Readonly<Record<ModelTier, TierPrices>>;

/**
 * List prices of the default tier models, Ministral 3 14B and Mistral Large 3 (see list-prices.ts).
 * The service prices a tier by its configured model id first (tier-prices.ts); these apply to
 * callers that name no model.
 */
export const DEFAULT_PRICES: PriceTable = Object.freeze({
  small: Object.freeze({ input: 0.2, output: 0.2 }),
  large: Object.freeze({ input: 0.5, output: 1.5 }),
});

/**
 * Environment names read by pricesFromEnvironment (all optional, USD per 1M tokens). The service
 * takes its prices from config.ts instead, which reads only the input and output names: its cache
 * prices default to the input price.
 */
export const PRICE_ENVIRONMENT_VARIABLES = {
  small: {
    input: 'PRICE_SMALL_INPUT_PER_MTOK',
    output: 'PRICE_SMALL_OUTPUT_PER_MTOK',
    cacheRead: 'PRICE_SMALL_CACHE_READ_PER_MTOK',
    cacheWrite: 'PRICE_SMALL_CACHE_WRITE_PER_MTOK',
  },
  large: {
    input: 'PRICE_LARGE_INPUT_PER_MTOK',
    output: 'PRICE_LARGE_OUTPUT_PER_MTOK',
    cacheRead: 'PRICE_LARGE_CACHE_READ_PER_MTOK',
    cacheWrite: 'PRICE_LARGE_CACHE_WRITE_PER_MTOK',
  },
} as const;

export interface Pricing {
  readonly prices: PriceTable;
  /** Cost of one model call in USD (unrounded; round when displaying). */
  costOf(usage: TokenUsage, tier: ModelTier): number;
}

function checkPrice(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
    throw new RangeError(
      `price ${name} must be a non-negative number of USD per 1M tokens, got ${value}`,
    );
  }
}

export function createPricing(
  overrides: Partial<Record<ModelTier, Partial<TierPrices>>> = {},
): Pricing {
  const merge = (tier: ModelTier): TierPrices => {
    const merged = { ...DEFAULT_PRICES[tier], ...stripUndefined(overrides[tier] ?? {}) };
    for (const [name, value] of Object.entries(merged)) checkPrice(`${tier}.${name}`, value);
    return merged;
  };
  const prices: PriceTable = { small: merge('small'), large: merge('large') };
  return {
    prices,
    costOf(usage, tier) {
      const price = prices[tier];
      const perToken = (perMillion: number) => perMillion / 1_000_000;
      // Bedrock reports cached tokens apart from inputTokens, so they add up without overlap.
      return (
        usage.inputTokens * perToken(price.input) +
        usage.outputTokens * perToken(price.output) +
        usage.cacheReadInputTokens * perToken(price.cacheRead ?? price.input) +
        usage.cacheWriteInputTokens * perToken(price.cacheWrite ?? price.input)
      );
    },
  };
}

/** Reads the PRICE_* variables from an environment object; unset ones keep the defaults. */
export function pricesFromEnvironment(
  environment: Record<string, string | undefined>,
): Partial<Record<ModelTier, Partial<TierPrices>>> {
  const result: Partial<Record<ModelTier, Partial<TierPrices>>> = {};
  for (const tier of ['small', 'large'] as const) {
    const tierPrices: Partial<TierPrices> = {};
    for (const [field, variable] of Object.entries(PRICE_ENVIRONMENT_VARIABLES[tier]) as [
      keyof TierPrices,
      string,
    ][]) {
      const raw = environment[variable];
      if (raw === undefined || raw.trim() === '') continue;
      const value = Number(raw);
      if (Number.isNaN(value))
        throw new RangeError(`${variable} must be a number of USD per 1M tokens, got "${raw}"`);
      checkPrice(variable, value);
      tierPrices[field] = value;
    }
    result[tier] = tierPrices;
  }
  return result;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}

/** Convenience for callers that only need the defaults. */
export function costOf(
  usage: TokenUsage,
  tier: ModelTier,
  pricing: Pricing = createPricing(),
): number {
  return pricing.costOf(usage, tier);
}
