import type { Language } from '../language/language.js';
import type { TokenUsage } from '../models/chat-model.js';
import { EMPTY_USAGE } from '../models/chat-model.js';
import type { RetrievalResult } from '../retrieval/retriever.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';
import type { ConversationChannel } from './conversation.js';
import type { ModelAttempt } from './model-cascade.js';
import type { TurnAnswer } from './turn-answerer.js';

/** Everything ops need to explain a turn; stored in the reply's meta and in escalation records. */
export interface TurnTelemetry {
  language: Language;
  languageSource: string;
  channel: ConversationChannel;
  tier: Tier;
  reasons: ReasonCode[];
  outcome: 'answered' | 'handed_off' | 'failed' | 'staff';
  retrieval: {
    topScores: number[];
    passageIds: string[];
    usedLanguageFallback: boolean;
    latencyMs: number;
    knowledgeBaseVersion: string;
  };
  attempts: ModelAttempt[];
  /** The reason of a model's verdict the turn acted on (also in `reasons`); null without one. */
  modelVerdict: ReasonCode | null;
  usage: TokenUsage;
  costUsd: number;
  promptVersion: string | null;
  answerCacheHit: boolean;
  latencyMs: { retrieval: number; model: number; total: number };
  /** Why retrieval failed, when it did (the customer got the apology). */
  retrievalError?: string;
}

export interface TurnTelemetryInput {
  language: Language;
  languageSource: string;
  channel: ConversationChannel;
  /** Null when the turn needed no retrieval (a person holds the conversation). */
  retrieval: (RetrievalResult & { latencyMs: number; error?: string }) | null;
  answer: TurnAnswer | null;
  reply: { tier: Tier; reasons: ReasonCode[]; outcome: TurnTelemetry['outcome'] };
  latencyMs: { model: number; total: number };
}

/** The one place a turn's telemetry is put together, from what each step returned. */
export function buildTurnTelemetry(input: TurnTelemetryInput): TurnTelemetry {
  const { retrieval, answer } = input;
  const attempts = answer?.attempts ?? [];
  const retrievalMs = Math.round(retrieval?.latencyMs ?? 0);
  return {
    language: input.language,
    languageSource: input.languageSource,
    channel: input.channel,
    tier: input.reply.tier,
    reasons: input.reply.reasons,
    outcome: input.reply.outcome,
    retrieval: {
      topScores: (retrieval?.passages ?? []).slice(0, 3).map((passage) => round(passage.score, 3)),
      passageIds: (retrieval?.passages ?? []).slice(0, 5).map((passage) => passage.id),
      usedLanguageFallback: retrieval?.usedLanguageFallback ?? false,
      latencyMs: retrievalMs,
      knowledgeBaseVersion: retrieval?.knowledgeBaseVersion ?? 'none',
    },
    attempts,
    modelVerdict: answer?.modelVerdict ?? null,
    usage: sumUsage(attempts.map((attempt) => attempt.usage)),
    costUsd: round(
      attempts.reduce((total, attempt) => total + attempt.costUsd, 0),
      6,
    ),
    promptVersion: answer?.promptVersion ?? null,
    answerCacheHit: answer?.kind === 'answered' && answer.cached,
    latencyMs: {
      retrieval: retrievalMs,
      model: Math.round(input.latencyMs.model),
      total: Math.round(input.latencyMs.total),
    },
    ...(retrieval?.error === undefined ? {} : { retrievalError: retrieval.error }),
  };
}

function sumUsage(usages: TokenUsage[]): TokenUsage {
  return usages.reduce(
    (total, usage) => ({
      inputTokens: total.inputTokens + usage.inputTokens,
      outputTokens: total.outputTokens + usage.outputTokens,
      cacheReadInputTokens: total.cacheReadInputTokens + usage.cacheReadInputTokens,
      cacheWriteInputTokens: total.cacheWriteInputTokens + usage.cacheWriteInputTokens,
    }),
    { ...EMPTY_USAGE },
  );
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
