import { baseModelId } from './model-capabilities.js';

/** USD per one million tokens, on-demand standard tier. */
export interface ListPrice {
  input: number;
  output: number;
}

/** Where the figures below were read; printed next to a list price so that it can be checked. */
export const LIST_PRICE_BASIS = 'Bedrock on-demand list price, us-east-1, as published in 2026';

/**
 * Bedrock list prices of the Mistral models, keyed by base model id. Only ids whose price two or
 * more public price tables agree on are here (docs/bedrock.md names them); an id that is missing,
 * another region or a cross-region profile that costs more is priced with PRICE_*_PER_MTOK.
 */
const LIST_PRICES: Readonly<Record<string, ListPrice>> = Object.freeze({
  'mistral.mistral-large-3-675b-instruct': { input: 0.5, output: 1.5 },
  'mistral.ministral-3-14b-instruct': { input: 0.2, output: 0.2 },
  'mistral.ministral-3-8b-instruct': { input: 0.15, output: 0.15 },
  'mistral.ministral-3-3b-instruct': { input: 0.1, output: 0.1 },
  'mistral.magistral-small-2509': { input: 0.5, output: 1.5 },
  'mistral.voxtral-mini-3b-2507': { input: 0.04, output: 0.04 },
  'mistral.pixtral-large-2502-v1:0': { input: 2, output: 6 },
  'mistral.mistral-large-2407-v1:0': { input: 2, output: 6 },
  'mistral.mistral-large-2402-v1:0': { input: 4, output: 12 },
  'mistral.mistral-small-2402-v1:0': { input: 1, output: 3 },
  'mistral.mixtral-8x7b-instruct-v0:1': { input: 0.45, output: 0.7 },
  'mistral.mistral-7b-instruct-v0:2': { input: 0.15, output: 0.2 },
});

/** The list price of a model id, inference-profile id or ARN; undefined when not listed here. */
export function listPriceFor(modelId: string): ListPrice | undefined {
  const price = LIST_PRICES[baseModelId(modelId)];
  return price ? { ...price } : undefined;
}
