import type { Insertable, Selectable } from 'kysely';
import type { ConversationChannel } from '../conversation/conversation.js';
import type { ModelAttempt } from '../conversation/model-cascade.js';
import {
  decodeBoolean,
  decodeInteger,
  decodeJson,
  decodeTimestamp,
  encodeJson,
} from '../database/column-types.js';
import type { Language } from '../language/language.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';
import type {
  EscalationOutcome,
  EscalationRecord,
  EscalationSource,
  NewEscalationRecord,
  ReviewVerdict,
  TurnSummary,
} from './escalation-record.js';
import type { EscalationsTable, TurnsTable } from './escalation-tables.js';

/** Costs are stored as integer micro-dollars: sums stay exact in both dialects. */
export const toMicroUsd = (usd: number): number => Math.round(usd * 1_000_000);
export const fromMicroUsd = (micro: number): number => micro / 1_000_000;

export function escalationRow(
  record: NewEscalationRecord & { id: string },
  encodeBoolean: (value: boolean) => boolean | number,
): Insertable<EscalationsTable> {
  return {
    id: record.id,
    created_at: record.createdAt,
    conversation_id: record.conversationId,
    user_message_id: record.userMessageId,
    reply_message_id: record.replyMessageId,
    source: record.source,
    language: record.language,
    tier: record.tier,
    routed_tier: record.routedTier,
    reasons: encodeJson(record.reasons),
    model_signal: record.modelSignal ?? null,
    outcome: record.outcome,
    top_scores: encodeJson(record.topScores),
    models: encodeJson(record.models),
    attempts: encodeJson(record.attempts),
    input_tokens: record.usage.inputTokens,
    output_tokens: record.usage.outputTokens,
    cache_read_tokens: record.usage.cacheReadInputTokens,
    cache_write_tokens: record.usage.cacheWriteInputTokens,
    cost_micro_usd: toMicroUsd(record.costUsd),
    retrieval_ms: Math.round(record.latencyMs.retrieval),
    model_ms: Math.round(record.latencyMs.model),
    total_ms: Math.round(record.latencyMs.total),
    prompt_version: record.promptVersion,
    knowledge_base_version: record.knowledgeBaseVersion,
    answer_cache_hit: encodeBoolean(record.answerCacheHit),
    excerpt: record.excerpt,
    handoff_by: record.handoffBy,
    review_verdict: null,
    review_note: null,
    reviewed_at: null,
    channel: record.channel,
  };
}

export function toEscalationRecord(row: Selectable<EscalationsTable>): EscalationRecord {
  return {
    id: row.id,
    createdAt: decodeTimestamp(row.created_at),
    conversationId: row.conversation_id,
    userMessageId: row.user_message_id,
    replyMessageId: row.reply_message_id,
    source: row.source as EscalationSource,
    language: row.language as Language | null,
    tier: row.tier as Tier,
    routedTier: row.routed_tier as Tier,
    reasons: decodeJson(row.reasons) as ReasonCode[],
    modelSignal: row.model_signal as ReasonCode | null,
    outcome: row.outcome as EscalationOutcome,
    topScores: decodeJson(row.top_scores) as number[],
    models: decodeJson(row.models) as string[],
    attempts: decodeJson(row.attempts) as ModelAttempt[],
    usage: {
      inputTokens: decodeInteger(row.input_tokens),
      outputTokens: decodeInteger(row.output_tokens),
      cacheReadInputTokens: decodeInteger(row.cache_read_tokens),
      cacheWriteInputTokens: decodeInteger(row.cache_write_tokens),
    },
    costUsd: fromMicroUsd(decodeInteger(row.cost_micro_usd)),
    latencyMs: {
      retrieval: decodeInteger(row.retrieval_ms),
      model: decodeInteger(row.model_ms),
      total: decodeInteger(row.total_ms),
    },
    promptVersion: row.prompt_version,
    knowledgeBaseVersion: row.knowledge_base_version,
    answerCacheHit: decodeBoolean(row.answer_cache_hit),
    excerpt: row.excerpt,
    handoffBy: row.handoff_by,
    channel: row.channel as ConversationChannel,
    review:
      row.review_verdict === null || row.reviewed_at === null
        ? null
        : {
            verdict: row.review_verdict as ReviewVerdict,
            note: row.review_note,
            reviewedAt: decodeTimestamp(row.reviewed_at),
          },
  };
}

export function turnRow(
  turn: TurnSummary,
  encodeBoolean: (value: boolean) => boolean | number,
): Insertable<TurnsTable> {
  return {
    id: turn.id,
    created_at: turn.createdAt,
    conversation_id: turn.conversationId,
    language: turn.language,
    tier: turn.tier,
    outcome: turn.outcome,
    escalated: encodeBoolean(turn.escalated),
    answer_cache_hit: encodeBoolean(turn.answerCacheHit),
    input_tokens: turn.usage.inputTokens,
    output_tokens: turn.usage.outputTokens,
    cache_read_tokens: turn.usage.cacheReadInputTokens,
    cache_write_tokens: turn.usage.cacheWriteInputTokens,
    small_cost_micro_usd: toMicroUsd(turn.costUsd.small),
    large_cost_micro_usd: toMicroUsd(turn.costUsd.large),
    total_ms: Math.round(turn.totalMs),
    channel: turn.channel,
  };
}
