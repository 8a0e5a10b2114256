import type { Message } from '../conversation/conversation.js';
import type { ConversationRepository } from '../conversation/conversation-repository.js';
import type { EscalationRecord } from '../escalations/escalation-record.js';
import type { EscalationStore } from '../escalations/escalation-store.js';
import type { RoutingCase } from '../routing/evaluate-routing.js';
import {
  type ReasonCode,
  TIER_OF_REASON,
  TIER_RANK,
  type Tier,
} from '../routing/routing-decision.js';

/** The models add these while answering; a message alone cannot carry them. */
const ANSWER_TIME_REASONS: ReadonlySet<ReasonCode> = new Set([
  'model_uncertain',
  'model_unavailable',
]);

/**
 * The label ops gave a record, as an evaluation case. "right" keeps the record's tier and reasons;
 * a corrected tier keeps only the reasons that are consistent with it (a reason of a higher tier
 * than the corrected one was wrong). Answer-time reasons are dropped: they describe the model.
 */
export function expectedRoutingOf(
  record: EscalationRecord,
): { tier: Tier; reasons: ReasonCode[] } | undefined {
  if (record.review === null) return undefined;
  const routingReasons = record.reasons.filter((reason) => !ANSWER_TIME_REASONS.has(reason));
  if (record.review.verdict === 'right') {
    // The model's verdict caught what the router missed: the turn's right tier is the verdict's.
    const signalTier = record.modelSignal ? TIER_OF_REASON[record.modelSignal] : 'small';
    const tier =
      TIER_RANK[signalTier] > TIER_RANK[record.routedTier] ? signalTier : record.routedTier;
    return { tier, reasons: routingReasons };
  }
  const tier = record.review.verdict;
  return {
    tier,
    reasons: routingReasons.filter(
      (reason) => TIER_RANK[TIER_OF_REASON[reason]] <= TIER_RANK[tier],
    ),
  };
}

/**
 * Every reviewed escalation that came from a customer turn, with the customer's full message
 * (read from the conversation; the record's excerpt is shortened), redacted as configured.
 */
export async function* opsLabelledCases(input: {
  store: EscalationStore;
  conversations: Pick<ConversationRepository, 'listMessages'>;
  redact(text: string): string;
  from?: string;
}): AsyncIterable<RoutingCase> {
  const messagesOf = new Map<string, Map<string, Message>>();
  for await (const record of input.store.stream({
    reviewed: true,
    ...(input.from ? { from: input.from } : {}),
  })) {
    const expected = expectedRoutingOf(record);
    if (expected === undefined || record.userMessageId === null || record.language === null)
      continue;
    let messages = messagesOf.get(record.conversationId);
    if (messages === undefined) {
      messages = new Map(
        (await input.conversations.listMessages(record.conversationId)).map((message) => [
          message.id,
          message,
        ]),
      );
      // Records arrive newest first and conversations are short: keep a few, not all of them.
      if (messagesOf.size > 100) messagesOf.clear();
      messagesOf.set(record.conversationId, messages);
    }
    const message = messages.get(record.userMessageId);
    if (message === undefined) continue;
    yield {
      lang: record.language,
      text: input.redact(message.text),
      tier: expected.tier,
      reasons: expected.reasons,
    };
  }
}
