import type { ConversationChannel } from '../conversation/conversation.js';
import type { ModelAttempt } from '../conversation/model-cascade.js';
import type { Language } from '../language/language.js';
import type { TokenUsage } from '../models/chat-model.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';

/** A turn the router or the cascade escalated, or a handoff started outside a turn (staff, widget). */
export type EscalationSource = 'turn' | 'handoff';

export const ESCALATION_OUTCOMES = ['answered', 'handed_off', 'failed'] as const;
export type EscalationOutcome = (typeof ESCALATION_OUTCOMES)[number];

/** Ops' judgement of the routing: right, or the tier the turn should have had. */
export const REVIEW_VERDICTS = ['right', 'small', 'large', 'human'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

export interface EscalationReview {
  verdict: ReviewVerdict;
  note: string | null;
  reviewedAt: string;
}

/** Everything ops need to explain, price and search one escalation (DESIGN.md, issue "escalation logs"). */
export interface EscalationRecord {
  id: string;
  createdAt: string;
  conversationId: string;
  /** The customer message; its full text stays in the transcript (the excerpt is redacted and short). */
  userMessageId: string | null;
  replyMessageId: string | null;
  source: EscalationSource;
  language: Language | null;
  /** The tier that finally handled the turn (large after a cascade, human after a handoff). */
  tier: Tier;
  /** The tier the router chose from the message alone, before the models answered. */
  routedTier: Tier;
  /** Every reason that fired, routing and cascade alike, in REASON_CODES order. */
  reasons: ReasonCode[];
  /**
   * The model's own signal: the reason of the verdict it gave on the first line of its answer
   * (a person, or Large), when the turn acted on it. Also in `reasons`; the router's reasons are
   * the others, so ops see which of the two caught the message. Null when the model gave none.
   */
  modelSignal: ReasonCode | null;
  outcome: EscalationOutcome;
  /** Relevance of the best retrieved passages, best first. */
  topScores: number[];
  /** Model ids called, in call order. */
  models: string[];
  attempts: ModelAttempt[];
  usage: TokenUsage;
  costUsd: number;
  latencyMs: { retrieval: number; model: number; total: number };
  promptVersion: string | null;
  knowledgeBaseVersion: string | null;
  answerCacheHit: boolean;
  /** The customer's message, redacted (REDACT_PERSONAL_DATA) and shortened. */
  excerpt: string;
  /** Who started a handoff outside a turn (staff name), if known. */
  handoffBy: string | null;
  /** Staff-assistant records are kept but never counted in customer figures. */
  channel: ConversationChannel;
  review: EscalationReview | null;
}

/** `modelSignal` may be left out: most records have none. */
export type NewEscalationRecord = Omit<EscalationRecord, 'id' | 'review' | 'modelSignal'> & {
  id?: string;
  modelSignal?: ReasonCode | null;
};

/** One answered turn, escalated or not: the population of the statistics. */
export interface TurnSummary {
  /** The reply's message id. */
  id: string;
  createdAt: string;
  conversationId: string;
  language: Language;
  tier: Tier;
  outcome: EscalationOutcome;
  escalated: boolean;
  answerCacheHit: boolean;
  usage: TokenUsage;
  /** Spend per model tier: a cascade pays Small and Large. */
  costUsd: { small: number; large: number };
  totalMs: number;
  channel: ConversationChannel;
}

export interface EscalationFilter {
  /** Inclusive ISO-8601 instant. */
  from?: string;
  /** Exclusive ISO-8601 instant. */
  to?: string;
  languages?: Language[];
  tiers?: Tier[];
  /** Records with any of these reasons. */
  reasons?: ReasonCode[];
  outcomes?: EscalationOutcome[];
  /** true: reviewed records only; false: not yet reviewed. */
  reviewed?: boolean;
}

export interface EscalationPage {
  items: EscalationRecord[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export type TierCounts = Record<Tier, number>;

export interface EscalationStats {
  from: string | null;
  to: string | null;
  turns: {
    total: number;
    byTier: TierCounts;
    byLanguage: Record<string, number>;
    answerCacheHits: number;
  };
  escalations: {
    total: number;
    byTier: TierCounts;
    byReason: Record<string, number>;
    byLanguage: Record<string, number>;
    byOutcome: Record<string, number>;
    reviewed: number;
  };
  /** Escalated turns / turns (handoffs started outside a turn are not turns); null without turns. */
  escalationRate: number | null;
  tokens: TokenUsage;
  /** Model spend by model tier; a cascade counts in both. */
  costUsd: { total: number; small: number; large: number };
  /** Whole-turn latency (stored customer message to stored reply), nearest-rank percentiles over turns. */
  latencyMs: { p50: number | null; p95: number | null };
  /** Escalations per UTC day by tier, oldest first (the ops page chart). */
  perDay: Array<{ day: string } & TierCounts>;
}

/**
 * Escalation ids are UUIDs (v7 when Parley makes them). Anything else names no record, whatever
 * the backend: checked before a query, so a NUL byte never reaches PostgreSQL (which refuses it).
 */
export function isEscalationId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
