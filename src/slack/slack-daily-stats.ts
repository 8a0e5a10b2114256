import type { ConversationService } from '../core/conversation/create-conversation-service.js';
import type { EscalationStore } from '../core/escalations/escalation-store.js';
import type { Tier } from '../core/routing/routing-decision.js';

export interface SlackDailyStats {
  /** Start of the counted period (UTC midnight), ISO 8601. */
  since: string;
  /** Customer conversations started since then (staff-assistant threads excluded). */
  conversations: number;
  /** Escalation log entries since then, by tier. */
  escalationsByTier: Record<Tier, number>;
  /** Conversations waiting for a person or held by one, whenever they started. */
  handoffsOpen: { waiting: number; withStaff: number };
}

export function startOfUtcDay(nowMilliseconds: number): string {
  const now = new Date(nowMilliseconds);
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()),
  ).toISOString();
}

/**
 * Today's counts for `/parley stats`, from the conversation and escalation modules. Like every
 * customer figure, staff-assistant conversations are left out.
 */
export function createSlackDailyStats(
  deps: {
    conversations: Pick<ConversationService, 'countByState'>;
    escalations: Pick<EscalationStore, 'stats'>;
  },
  now: () => number = Date.now,
) {
  return {
    async today(): Promise<SlackDailyStats> {
      const since = startOfUtcDay(now());
      const [startedToday, open, escalations] = await Promise.all([
        deps.conversations.countByState({ channel: 'web', createdFrom: since }),
        deps.conversations.countByState({ channel: 'web' }),
        deps.escalations.stats({ from: since }),
      ]);
      return {
        since,
        conversations: Object.values(startedToday).reduce((sum, count) => sum + count, 0),
        escalationsByTier: escalations.escalations.byTier,
        handoffsOpen: { waiting: open.handoff_requested, withStaff: open.human },
      };
    },
  };
}

export type SlackDailyStatsSource = ReturnType<typeof createSlackDailyStats>;
