import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { listPriceFor } from '../../../src/core/models/list-prices.js';
import { DEFAULT_PRICES } from '../../../src/core/models/pricing.js';
import {
  describeTierPrices,
  priceTableOf,
  resolveTierPrices,
  tierPricesOfConfig,
} from '../../../src/core/models/tier-prices.js';

describe('list prices', () => {
  it('puts Mistral Large 3 under Mistral Small 24.02, and the Ministral 3 models under both', () => {
    const large3 = listPriceFor('mistral.mistral-large-3-675b-instruct');
    const small2402 = listPriceFor('mistral.mistral-small-2402-v1:0');
    expect(large3).toEqual({ input: 0.5, output: 1.5 });
    expect(small2402).toEqual({ input: 1, output: 3 });
    for (const id of [
      'mistral.ministral-3-3b-instruct',
      'mistral.ministral-3-8b-instruct',
      'mistral.ministral-3-14b-instruct',
    ]) {
      const ministral = listPriceFor(id);
      expect(ministral?.input, id).toBeLessThan(large3?.input ?? 0);
      expect(ministral?.output, id).toBeLessThan(large3?.output ?? 0);
    }
  });

  it('finds the price through a cross-region profile id or an ARN, and nothing for other families', () => {
    expect(listPriceFor('eu.mistral.pixtral-large-2502-v1:0')).toEqual({ input: 2, output: 6 });
    expect(
      listPriceFor(
        'arn:aws:bedrock:us-east-1::foundation-model/mistral.mistral-large-3-675b-instruct',
      ),
    ).toEqual({ input: 0.5, output: 1.5 });
    expect(listPriceFor('amazon.nova-lite-v1:0')).toBeUndefined();
  });

  it('agrees with the built-in defaults for the default tier models', () => {
    const config = loadConfig({});
    expect(listPriceFor(config.BEDROCK_SMALL_MODEL_ID)).toEqual(DEFAULT_PRICES.small);
    expect(listPriceFor(config.BEDROCK_LARGE_MODEL_ID)).toEqual(DEFAULT_PRICES.large);
  });
});

describe('tier prices', () => {
  it('prices each tier by its model id unless PRICE_* says otherwise, field by field', () => {
    const pricing = tierPricesOfConfig(
      loadConfig({
        BEDROCK_SMALL_MODEL_ID: 'mistral.ministral-3-8b-instruct',
        PRICE_LARGE_OUTPUT_PER_MTOK: '1.8',
      }),
    );
    expect(pricing.small).toEqual({
      modelId: 'mistral.ministral-3-8b-instruct',
      input: 0.15,
      output: 0.15,
      origin: { input: 'list', output: 'list' },
    });
    expect(pricing.large).toMatchObject({
      modelId: 'mistral.mistral-large-3-675b-instruct',
      input: 0.5,
      output: 1.8,
      origin: { input: 'list', output: 'configured' },
    });
    expect(priceTableOf(pricing)).toEqual({
      small: { input: 0.15, output: 0.15 },
      large: { input: 0.5, output: 1.8 },
    });
  });

  it('states the model, the prices and where they came from', () => {
    const lines = describeTierPrices(
      resolveTierPrices({
        small: { modelId: 'mistral.ministral-3-14b-instruct' },
        large: { modelId: 'mistral.mistral-large-3-675b-instruct', input: 0.045, output: 2 },
      }),
    );
    expect(lines).toEqual([
      'small mistral.ministral-3-14b-instruct $0.20/$0.20 per 1M tokens in/out (Bedrock on-demand list price, us-east-1, as published in 2026)',
      'large mistral.mistral-large-3-675b-instruct $0.045/$2.00 per 1M tokens in/out (configured)',
    ]);
  });

  it('flags a built-in default for an id without a list price and names the variables to set', () => {
    const pricing = resolveTierPrices({
      small: { modelId: 'amazon.nova-lite-v1:0', input: 0.06 },
      large: { modelId: 'mistral.mistral-large-3-675b-instruct' },
    });
    expect(pricing.small).toMatchObject({ input: 0.06, output: DEFAULT_PRICES.small.output });
    expect(describeTierPrices(pricing)[0]).toBe(
      'small amazon.nova-lite-v1:0 $0.06/$0.20 per 1M tokens in/out (input configured, output built-in default, no list price for this id: set PRICE_SMALL_INPUT_PER_MTOK and PRICE_SMALL_OUTPUT_PER_MTOK)',
    );
  });
});
