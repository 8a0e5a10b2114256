import type { BotMessages } from '../locales/load-bot-messages.js';
import { orderReasons } from '../routing/route-turn.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';
import type { Citation, ConversationPatch } from './conversation.js';
import type { AcknowledgedReason, TurnPlan } from './plan-turn.js';
import type { MessageAction } from './public-message.js';
import type { TurnAnswer } from './turn-answerer.js';
import type { TurnTelemetry } from './turn-telemetry.js';

/** What the customer is told, before it is stored. */
export interface ReplyDraft {
  role: 'assistant' | 'system';
  text: string;
  citations: Citation[];
  tier: Tier;
  reasons: ReasonCode[];
  handoff: boolean;
  outcome: TurnTelemetry['outcome'];
  conversation?: ConversationPatch;
  /** Buttons shown under the reply (the offer of a person). */
  actions?: MessageAction[];
}

const SMALL_TALK_KEYS = {
  greeting: 'smallTalkGreeting',
  thanks: 'smallTalkThanks',
  goodbye: 'smallTalkGoodbye',
  acknowledgement: 'smallTalkAcknowledgement',
} as const;

const ACKNOWLEDGEMENT_KEYS: Record<AcknowledgedReason, keyof BotMessages> = {
  billing_dispute: 'offlineBillingDispute',
  negative_sentiment: 'offlineComplaint',
  complex_request: 'offlineComplexRequest',
  low_retrieval: 'offlineNoMatch',
};

/** What the plan and the models' answer come to, in the customer's language. */
export function draftReply(
  plan: Exclude<TurnPlan, { kind: 'staff_waiting' }>,
  answer: TurnAnswer | null,
  context: { bot: BotMessages; offlineNotice: string | null; handoffNotice?: string | undefined },
): ReplyDraft {
  const { bot } = context;
  const canned = { role: 'assistant' as const, citations: [], handoff: false };
  const offerPerson: MessageAction[] = [{ type: 'handoff', label: bot.handoffAction }];
  switch (plan.kind) {
    case 'small_talk':
      return {
        ...canned,
        text: bot[SMALL_TALK_KEYS[plan.talk]],
        tier: 'small',
        reasons: [],
        outcome: 'answered',
      };
    case 'acknowledge':
      return {
        ...canned,
        text: bot[ACKNOWLEDGEMENT_KEYS[plan.topic]],
        tier: plan.tier,
        reasons: plan.reasons,
        outcome: 'answered',
        actions: offerPerson,
      };
    case 'handoff':
      return {
        ...canned,
        text: context.handoffNotice ?? bot.handoff,
        tier: 'human',
        reasons: plan.reasons,
        handoff: true,
        outcome: 'handed_off',
      };
    case 'retrieval_failed':
      return {
        ...canned,
        role: 'system',
        text: bot.modelUnavailable,
        tier: plan.tier,
        reasons: plan.reasons,
        outcome: 'failed',
      };
    case 'answer': {
      const result = answer!;
      const reasons = orderReasons([...plan.reasons, ...result.addedReasons]);
      if (result.kind === 'no_answer' && plan.partial)
        return {
          ...canned,
          text: bot.offlineComplexRequest,
          tier: result.tier,
          reasons,
          outcome: 'answered',
          actions: offerPerson,
        };
      if (result.kind === 'no_answer')
        return { ...canned, text: bot.noAnswer, tier: result.tier, reasons, outcome: 'answered' };
      // The model's verdict asked for a person: the same handoff as the router's.
      if (result.kind === 'handoff')
        return {
          ...canned,
          text: context.handoffNotice ?? bot.handoff,
          tier: 'human',
          reasons,
          handoff: true,
          outcome: 'handed_off',
        };
      if (result.kind === 'failed')
        return {
          ...canned,
          role: 'system',
          text: bot.modelUnavailable,
          tier: result.tier,
          reasons,
          outcome: 'failed',
        };
      const notice = result.offline ? context.offlineNotice : null;
      const text = plan.partial ? `${bot.offlineComplexPartial}\n\n${result.text}` : result.text;
      return {
        ...canned,
        text: notice ? `${notice}\n\n${text}` : text,
        ...(plan.partial ? { actions: offerPerson } : {}),
        citations: result.citations,
        tier: result.tier,
        reasons,
        outcome: 'answered',
        ...(notice ? { conversation: { offlineNoticeGiven: true } } : {}),
      };
    }
  }
}
