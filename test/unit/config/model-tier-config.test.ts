import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('model tiers and prices', () => {
  it('defaults to Ministral 3 14B and Mistral Large 3, with no price configured', () => {
    const config = loadConfig({});
    expect(config.BEDROCK_SMALL_MODEL_ID).toBe('mistral.ministral-3-14b-instruct');
    expect(config.BEDROCK_LARGE_MODEL_ID).toBe('mistral.mistral-large-3-675b-instruct');
    expect(config.PRICE_SMALL_INPUT_PER_MTOK).toBeUndefined();
    expect(config.PRICE_LARGE_OUTPUT_PER_MTOK).toBeUndefined();
  });

  it('takes a price of 0 as a price, a blank one as unset, and refuses a negative one by name', () => {
    expect(loadConfig({ PRICE_SMALL_INPUT_PER_MTOK: '0' }).PRICE_SMALL_INPUT_PER_MTOK).toBe(0);
    expect(
      loadConfig({ PRICE_SMALL_INPUT_PER_MTOK: '  ' }).PRICE_SMALL_INPUT_PER_MTOK,
    ).toBeUndefined();
    expect(() => loadConfig({ PRICE_LARGE_OUTPUT_PER_MTOK: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ PRICE_LARGE_OUTPUT_PER_MTOK: 'cheap' })).toThrow(
      /PRICE_LARGE_OUTPUT_PER_MTOK/,
    );
  });
});
