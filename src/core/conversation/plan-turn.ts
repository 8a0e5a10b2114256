import type { ModelTier } from '../models/chat-model.js';
import { orderReasons } from '../routing/route-turn.js';
import type { ReasonCode, RoutingDecision, Tier } from '../routing/routing-decision.js';
import type { SmallTalk } from '../routing/small-talk.js';

/**
 * Without a large model, these reasons get an honest acknowledgement and the offer of a person
 * instead of the nearest help-center passage (a passage about shoe sizes is no answer to a
 * complaint). In order: the first that fired decides the wording.
 */
export const OFFLINE_ACKNOWLEDGED_REASONS = [
  'billing_dispute',
  'negative_sentiment',
  'complex_request',
  'low_retrieval',
] as const satisfies readonly ReasonCode[];

export type AcknowledgedReason = (typeof OFFLINE_ACKNOWLEDGED_REASONS)[number];

/** What a turn will do, decided before anything is said to the customer. */
export type TurnPlan =
  /** A person holds the conversation: the bot stays silent and says a person will answer. */
  | { kind: 'staff_waiting' }
  /** The customer asked for a person (or needs one): hand the conversation over. */
  | { kind: 'handoff'; reasons: ReasonCode[] }
  /** The knowledge base did not answer: apologize instead of answering blind. */
  | { kind: 'retrieval_failed'; tier: Tier; reasons: ReasonCode[] }
  /** A greeting, thanks, goodbye or "ok": a courtesy back, routed small, no escalation. */
  | { kind: 'small_talk'; talk: SmallTalk }
  /** Offline and routed large: say honestly what the bot cannot do, offer a person. */
  | { kind: 'acknowledge'; tier: Tier; reasons: ReasonCode[]; topic: AcknowledgedReason }
  /**
   * Ask the models, starting at this tier. `partial`: offline, several questions at once; the
   * help center's answer is given as a partial one, with the offer of a person.
   */
  | { kind: 'answer'; tier: ModelTier; reasons: ReasonCode[]; partial?: boolean };

export type TurnFacts =
  | { withStaff: true }
  | {
      withStaff: false;
      routing: RoutingDecision;
      retrievalFailed: boolean;
      /** The whole message is a courtesy (small-talk.ts). */
      smallTalk?: SmallTalk | undefined;
      /** No large model: the offline answerer only quotes the help center. */
      offline?: boolean;
    };

/** The pure decision step of the pipeline. */
export function planTurn(facts: TurnFacts): TurnPlan {
  if (facts.withStaff) return { kind: 'staff_waiting' };
  const { tier, reasons } = facts.routing;
  if (tier === 'human') return { kind: 'handoff', reasons };
  // A courtesy needs no help-center passage, so finding none is no low_retrieval.
  if (facts.smallTalk) return { kind: 'small_talk', talk: facts.smallTalk };
  if (facts.retrievalFailed) {
    const withoutRetrieval = reasons.filter((reason) => reason !== 'low_retrieval');
    return {
      kind: 'retrieval_failed',
      tier,
      reasons: orderReasons([...withoutRetrieval, 'model_unavailable']),
    };
  }
  if (facts.offline && tier === 'large') {
    const topic = OFFLINE_ACKNOWLEDGED_REASONS.find((reason) => reasons.includes(reason));
    // Several questions at once: the local answerer may still cover part of them.
    if (topic === 'complex_request' && !reasons.includes('low_retrieval'))
      return { kind: 'answer', tier, reasons, partial: true };
    if (topic) return { kind: 'acknowledge', tier, reasons, topic };
  }
  return { kind: 'answer', tier, reasons };
}
