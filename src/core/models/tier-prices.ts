import type { ModelTier } from './chat-model.js';
import { LIST_PRICE_BASIS, listPriceFor } from './list-prices.js';
import { DEFAULT_PRICES, PRICE_ENVIRONMENT_VARIABLES, type PriceTable } from './pricing.js';

/** Where one price came from: the PRICE_* variable, the list price of the model id, or neither. */
export type PriceOrigin = 'configured' | 'list' | 'default';

export interface TierPriceBasis {
  modelId: string;
  input: number;
  output: number;
  origin: { input: PriceOrigin; output: PriceOrigin };
}

export type TierPricing = Readonly<Record<ModelTier, TierPriceBasis>>;

interface TierSetting {
  modelId: string;
  /** PRICE_<TIER>_INPUT_PER_MTOK when set. */
  input?: number | undefined;
  /** PRICE_<TIER>_OUTPUT_PER_MTOK when set. */
  output?: number | undefined;
}

/**
 * The price of each tier: a configured PRICE_* wins, then the list price of the tier's model id
 * (so that changing BEDROCK_SMALL_MODEL_ID alone does not leave the old model's price behind),
 * then the built-in default, which is flagged as such wherever prices are shown.
 */
export function resolveTierPrices(settings: Record<ModelTier, TierSetting>): TierPricing {
  const resolve = (tier: ModelTier): TierPriceBasis => {
    const { modelId, input, output } = settings[tier];
    const listed = listPriceFor(modelId);
    const pick = (configured: number | undefined, field: 'input' | 'output') =>
      configured !== undefined
        ? { value: configured, origin: 'configured' as const }
        : listed
          ? { value: listed[field], origin: 'list' as const }
          : { value: DEFAULT_PRICES[tier][field], origin: 'default' as const };
    const inputPrice = pick(input, 'input');
    const outputPrice = pick(output, 'output');
    return {
      modelId,
      input: inputPrice.value,
      output: outputPrice.value,
      origin: { input: inputPrice.origin, output: outputPrice.origin },
    };
  };
  return { small: resolve('small'), large: resolve('large') };
}

export function priceTableOf(pricing: TierPricing): PriceTable {
  return {
    small: { input: pricing.small.input, output: pricing.small.output },
    large: { input: pricing.large.input, output: pricing.large.output },
  };
}

const ORIGIN_LABEL: Record<PriceOrigin, string> = {
  configured: 'configured',
  list: LIST_PRICE_BASIS,
  default: 'built-in default, no list price for this id',
};

function originOf(tier: ModelTier, basis: TierPriceBasis): string {
  const { input, output } = basis.origin;
  const label =
    input === output
      ? ORIGIN_LABEL[input]
      : `input ${ORIGIN_LABEL[input]}, output ${ORIGIN_LABEL[output]}`;
  // Say which variables to set whenever a figure was not configured and may not fit the account.
  const variables = PRICE_ENVIRONMENT_VARIABLES[tier];
  return input === 'default' || output === 'default'
    ? `${label}: set ${variables.input} and ${variables.output}`
    : label;
}

/** Two decimals, more only when a price has them ($0.045 stays $0.045). */
const usd = (value: number) => {
  const cents = value.toFixed(2);
  return `$${Number(cents) === value ? cents : String(value)}`;
};

/** One line per tier: `small mistral.x $0.20/$0.20 per 1M tokens in/out (configured)`. */
export function describeTierPrices(pricing: TierPricing): string[] {
  return (['small', 'large'] as const).map((tier) => {
    const basis = pricing[tier];
    return `${tier} ${basis.modelId} ${usd(basis.input)}/${usd(basis.output)} per 1M tokens in/out (${originOf(tier, basis)})`;
  });
}

/** The configuration fields a tier's price depends on (src/config.ts). */
export interface TierPriceConfig {
  BEDROCK_SMALL_MODEL_ID: string;
  BEDROCK_LARGE_MODEL_ID: string;
  PRICE_SMALL_INPUT_PER_MTOK?: number | undefined;
  PRICE_SMALL_OUTPUT_PER_MTOK?: number | undefined;
  PRICE_LARGE_INPUT_PER_MTOK?: number | undefined;
  PRICE_LARGE_OUTPUT_PER_MTOK?: number | undefined;
}

export function tierPricesOfConfig(config: TierPriceConfig): TierPricing {
  return resolveTierPrices({
    small: {
      modelId: config.BEDROCK_SMALL_MODEL_ID,
      input: config.PRICE_SMALL_INPUT_PER_MTOK,
      output: config.PRICE_SMALL_OUTPUT_PER_MTOK,
    },
    large: {
      modelId: config.BEDROCK_LARGE_MODEL_ID,
      input: config.PRICE_LARGE_INPUT_PER_MTOK,
      output: config.PRICE_LARGE_OUTPUT_PER_MTOK,
    },
  });
}
