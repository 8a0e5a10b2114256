import type { BotMessages } from '../locales/load-bot-messages.js';
import { orderReasons } from '../routing/route-turn.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';
import type { Citation, ConversationPatch } from './conversation.js';
import type { TurnPlan } from './plan-turn.js';
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
}

/** What the plan and the models' answer come to, in the customer's language. */
export function draftReply(
  plan: Exclude<TurnPlan, { kind: 'staff_waiting' }>,
  answer: TurnAnswer | null,
  context: { bot: BotMessages; offlineNotice: string | null },
): ReplyDraft {
  const { bot } = context;
  const canned = { role: 'assistant' as const, citations: [], handoff: false };
  switch (plan.kind) {
    case 'handoff':
      return {
        ...canned,
        text: bot.handoff,
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
      if (result.kind === 'no_answer')
        return { ...canned, text: bot.noAnswer, tier: result.tier, reasons, outcome: 'answered' };
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
      return {
        ...canned,
        text: notice ? `${notice}\n\n${result.text}` : result.text,
        citations: result.citations,
        tier: result.tier,
        reasons,
        outcome: 'answered',
        ...(notice ? { conversation: { offlineNoticeGiven: true } } : {}),
      };
    }
  }
}
