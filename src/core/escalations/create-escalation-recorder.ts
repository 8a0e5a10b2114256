import type { Conversation, Message } from '../conversation/conversation.js';
import type { HandoffEvent, TurnEvent } from '../conversation/create-conversation-service.js';
import type { TurnTelemetry } from '../conversation/turn-telemetry.js';
import { isWithStaff } from '../handoff/handoff-state-machine.js';
import { EMPTY_USAGE } from '../models/chat-model.js';
import { isReasonCode, type ReasonCode, type Tier, tierOf } from '../routing/routing-decision.js';
import type { EscalationOutcome, NewEscalationRecord, TurnSummary } from './escalation-record.js';
import type { EscalationStore } from './escalation-store.js';

/** Long enough to recognise the request, short enough that the log is not a second transcript. */
export const EXCERPT_LENGTH = 280;

/** Reasons the models add while answering; the router never sees them. */
const ANSWER_TIME_REASONS: ReadonlySet<string> = new Set<ReasonCode>([
  'model_uncertain',
  'model_unavailable',
]);

export interface EscalationRecorderDeps {
  store: EscalationStore;
  conversations: {
    getConversation(id: string): Promise<Conversation>;
    listMessages(id: string): Promise<Message[]>;
  };
  /** Masks personal data (or not, with REDACT_PERSONAL_DATA=false). */
  redact(text: string): string;
}

/**
 * Writes the escalation log: a turn summary for every answered turn, and an escalation record
 * for every turn routed large or human, every cascade (model_uncertain), every fallback (a
 * failed model attempt, model_unavailable) and every handoff started outside a turn.
 */
export function createEscalationRecorder(deps: EscalationRecorderDeps): {
  onTurn(turn: TurnEvent): Promise<void>;
  onHandoff(event: HandoffEvent): Promise<void>;
} {
  return {
    async onTurn({ conversationId, userMessage, reply, telemetry }) {
      if (telemetry.outcome === 'staff') return;
      const outcome: EscalationOutcome = telemetry.outcome;
      const escalated = isEscalation(telemetry);
      const turn: TurnSummary = {
        id: reply.id,
        createdAt: reply.createdAt,
        conversationId,
        language: telemetry.language,
        tier: telemetry.tier,
        outcome,
        escalated,
        answerCacheHit: telemetry.answerCacheHit,
        usage: telemetry.usage,
        costUsd: {
          small: sumCost(telemetry, 'small'),
          large: sumCost(telemetry, 'large'),
        },
        totalMs: telemetry.latencyMs.total,
        channel: telemetry.channel,
      };
      const escalation: NewEscalationRecord | null = escalated
        ? {
            createdAt: reply.createdAt,
            conversationId,
            userMessageId: userMessage.id,
            replyMessageId: reply.id,
            source: 'turn',
            language: telemetry.language,
            tier: telemetry.tier,
            routedTier: routedTierOf(telemetry),
            reasons: telemetry.reasons as ReasonCode[],
            modelSignal: telemetry.modelVerdict ?? null,
            outcome,
            topScores: telemetry.retrieval.topScores,
            models: telemetry.attempts.map((attempt) => attempt.modelId),
            attempts: telemetry.attempts,
            usage: telemetry.usage,
            costUsd: telemetry.costUsd,
            latencyMs: { ...telemetry.latencyMs },
            promptVersion: telemetry.promptVersion,
            knowledgeBaseVersion: telemetry.retrieval.knowledgeBaseVersion,
            answerCacheHit: telemetry.answerCacheHit,
            excerpt: excerptOf(userMessage.text, deps.redact),
            handoffBy: null,
            channel: telemetry.channel,
          }
        : null;
      await deps.store.recordTurn(turn, escalation);
    },

    async onHandoff(event) {
      if (event.kind !== 'state_changed') return;
      const { conversationId, previous, state, reasons, by } = event;
      // A handoff the router decided carries its reasons, and the turn's record explains it.
      if (!isWithStaff(state) || isWithStaff(previous) || reasons.length > 0) return;
      const [conversation, messages] = await Promise.all([
        deps.conversations.getConversation(conversationId),
        deps.conversations.listMessages(conversationId),
      ]);
      const lastCustomerMessage: Message | undefined = messages
        .filter((message) => message.role === 'user')
        .at(-1);
      await deps.store.recordEscalation({
        createdAt: new Date().toISOString(),
        conversationId,
        userMessageId: lastCustomerMessage?.id ?? null,
        replyMessageId: null,
        source: 'handoff',
        language: conversation.language ?? lastCustomerMessage?.language ?? null,
        tier: 'human',
        routedTier: 'human',
        reasons: [],
        modelSignal: null,
        outcome: 'handed_off',
        topScores: [],
        models: [],
        attempts: [],
        usage: { ...EMPTY_USAGE },
        costUsd: 0,
        latencyMs: { retrieval: 0, model: 0, total: 0 },
        promptVersion: null,
        knowledgeBaseVersion: null,
        answerCacheHit: false,
        excerpt: lastCustomerMessage ? excerptOf(lastCustomerMessage.text, deps.redact) : '',
        handoffBy: by,
        channel: conversation.channel,
      });
    },
  };
}

/** A turn with tier small, no reasons and no failed model call is the normal case: no record. */
export function isEscalation(
  telemetry: Pick<TurnTelemetry, 'tier' | 'reasons' | 'attempts' | 'outcome'>,
): boolean {
  return (
    telemetry.tier !== 'small' ||
    telemetry.reasons.length > 0 ||
    telemetry.outcome !== 'answered' ||
    telemetry.attempts.some((attempt) => attempt.outcome === 'failed')
  );
}

/**
 * The router's tier: the highest tier among the reasons it gave (the policy's "highest wins").
 * The model's verdict is not the router's: a turn the model handed off was routed by its other
 * reasons (records from before verdicts have no `modelVerdict`).
 */
export function routedTierOf(
  telemetry: Pick<TurnTelemetry, 'reasons' | 'outcome'> & {
    modelVerdict?: TurnTelemetry['modelVerdict'];
  },
): Tier {
  const modelVerdict = telemetry.modelVerdict ?? null;
  if (telemetry.outcome === 'handed_off' && modelVerdict === null) return 'human';
  return tierOf(
    telemetry.reasons.filter(
      (reason): reason is ReasonCode =>
        isReasonCode(reason) && !ANSWER_TIME_REASONS.has(reason) && reason !== modelVerdict,
    ),
  );
}

/** Redacts before shortening, so a cut can never leave half an email address unmasked. */
export function excerptOf(
  text: string,
  redact: (text: string) => string,
  length = EXCERPT_LENGTH,
): string {
  // By code point, so the cut never splits an emoji or another astral character in half.
  const characters = Array.from(redact(text).replace(/\s+/g, ' ').trim());
  return characters.length <= length
    ? characters.join('')
    : `${characters
        .slice(0, length - 1)
        .join('')
        .trimEnd()}…`;
}

function sumCost(telemetry: TurnTelemetry, tier: 'small' | 'large'): number {
  return telemetry.attempts
    .filter((attempt) => attempt.tier === tier)
    .reduce((total, attempt) => total + attempt.costUsd, 0);
}
