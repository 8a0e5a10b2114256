import type { Language } from '../language/language.js';

/** Tiers from cheapest to most expensive; the order is the precedence (human > large > small). */
export const TIERS = ['small', 'large', 'human'] as const;

export type Tier = (typeof TIERS)[number];

export const TIER_RANK: Readonly<Record<Tier, number>> = { small: 0, large: 1, human: 2 };

/** Stable reason codes (DESIGN.md routing policy). Ops filter on them: never rename one. */
export const REASON_CODES = [
  'human_requested',
  'legal_threat',
  'billing_dispute',
  'negative_sentiment',
  'complex_request',
  'low_retrieval',
  'model_uncertain',
  'repeated_question',
  'model_unavailable',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/**
 * The reasons a message's own words can carry (the others need the retrieval, the history or the
 * model's answer): what the router's readers look for and what the model's verdict may name.
 */
export const MESSAGE_REASONS = [
  'human_requested',
  'legal_threat',
  'billing_dispute',
  'negative_sentiment',
  'complex_request',
] as const satisfies readonly ReasonCode[];

export type MessageReason = (typeof MESSAGE_REASONS)[number];

export const TIER_OF_REASON: Record<ReasonCode, Tier> = {
  human_requested: 'human',
  legal_threat: 'human',
  billing_dispute: 'large',
  negative_sentiment: 'large',
  complex_request: 'large',
  low_retrieval: 'large',
  model_uncertain: 'large',
  repeated_question: 'large',
  model_unavailable: 'human',
};

export function isReasonCode(value: string): value is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(value);
}

/** The highest tier among the reasons (the policy's "highest wins"); `small` when none fired. */
export function tierOf(reasons: readonly ReasonCode[]): Tier {
  let tier: Tier = 'small';
  for (const reason of reasons)
    if (TIER_RANK[TIER_OF_REASON[reason]] > TIER_RANK[tier]) tier = TIER_OF_REASON[reason];
  return tier;
}

export interface RoutingSignals {
  text: string;
  language: Language;
  /** Relevance of the best retrieved passage (0..1) and how many cleared the retriever's threshold. */
  retrieval: { topScore: number; relevantCount: number };
  /** Earlier customer messages of this conversation, oldest first (for repeated_question). */
  previousUserMessages: string[];
  /** The bot's last answer, if any. */
  previousAssistantAnswer?: string;
}

export interface RoutingDecision {
  tier: Tier;
  /** Every reason that fired, in REASON_CODES order. */
  reasons: ReasonCode[];
}
