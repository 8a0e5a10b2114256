import type { ModelTier } from '../models/chat-model.js';
import { orderReasons } from '../routing/route-turn.js';
import type { ReasonCode, RoutingDecision, Tier } from '../routing/routing-decision.js';

/** What a turn will do, decided before anything is said to the customer. */
export type TurnPlan =
  /** A person holds the conversation: the bot stays silent and says a person will answer. */
  | { kind: 'staff_waiting' }
  /** The customer asked for a person (or needs one): hand the conversation over. */
  | { kind: 'handoff'; reasons: ReasonCode[] }
  /** The knowledge base did not answer: apologize instead of answering blind. */
  | { kind: 'retrieval_failed'; tier: Tier; reasons: ReasonCode[] }
  /** Ask the models, starting at this tier. */
  | { kind: 'answer'; tier: ModelTier; reasons: ReasonCode[] };

export type TurnFacts =
  | { withStaff: true }
  | { withStaff: false; routing: RoutingDecision; retrievalFailed: boolean };

/** The pure decision step of the pipeline. */
export function planTurn(facts: TurnFacts): TurnPlan {
  if (facts.withStaff) return { kind: 'staff_waiting' };
  const { tier, reasons } = facts.routing;
  if (tier === 'human') return { kind: 'handoff', reasons };
  if (facts.retrievalFailed) {
    const withoutRetrieval = reasons.filter((reason) => reason !== 'low_retrieval');
    return {
      kind: 'retrieval_failed',
      tier,
      reasons: orderReasons([...withoutRetrieval, 'model_unavailable']),
    };
  }
  return { kind: 'answer', tier, reasons };
}
