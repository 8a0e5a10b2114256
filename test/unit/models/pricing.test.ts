import { describe, expect, it } from 'vitest';
import { EMPTY_USAGE } from '../../../src/core/models/chat-model.js';
import {
  costOf,
  createPricing,
  DEFAULT_PRICES,
  pricesFromEnvironment,
} from '../../../src/core/models/pricing.js';

const usage = {
  inputTokens: 2_000,
  outputTokens: 500,
  cacheReadInputTokens: 0,
  cacheWriteInputTokens: 0,
};

describe('pricing', () => {
  it('defaults to Small 0.20/0.20 and Large 0.50/1.50 USD per million tokens', () => {
    expect(DEFAULT_PRICES).toEqual({
      small: { input: 0.2, output: 0.2 },
      large: { input: 0.5, output: 1.5 },
    });
    expect(costOf(usage, 'small')).toBeCloseTo(0.0004 + 0.0001, 12);
    expect(costOf(usage, 'large')).toBeCloseTo(0.001 + 0.00075, 12);
    expect(costOf(EMPTY_USAGE, 'large')).toBe(0);
  });

  it('prices cache reads and writes separately when configured', () => {
    const pricing = createPricing({ small: { cacheRead: 0.1, cacheWrite: 1.25 } });
    const cached = { ...usage, cacheReadInputTokens: 10_000, cacheWriteInputTokens: 1_000 };
    expect(pricing.costOf(cached, 'small')).toBeCloseTo(0.0004 + 0.0001 + 0.001 + 0.00125, 12);
  });

  it('reads overrides from the environment and keeps defaults for the rest', () => {
    const pricing = createPricing(
      pricesFromEnvironment({ PRICE_LARGE_INPUT_PER_MTOK: '2.5', PRICE_SMALL_OUTPUT_PER_MTOK: '' }),
    );
    expect(pricing.prices.large).toEqual({ input: 2.5, output: 1.5 });
    expect(pricing.prices.small).toEqual({ input: 0.2, output: 0.2 });
  });

  it('refuses prices that are not non-negative numbers', () => {
    expect(() => pricesFromEnvironment({ PRICE_SMALL_INPUT_PER_MTOK: 'cheap' })).toThrow(
      /PRICE_SMALL_INPUT_PER_MTOK/,
    );
    expect(() => createPricing({ large: { output: -1 } })).toThrow(/large\.output/);
  });
});
