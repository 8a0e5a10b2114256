import { sql } from 'kysely';
import type { Tier } from '../core/routing/routing-decision.js';
import type { StorageSqlAccess } from '../core/storage/storage-sql-access.js';
import { slackDatabaseOf } from './slack-thread-store.js';

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
 * Today's counts for `/parley stats`, read straight from the tables (conversations, escalations,
 * slack_threads). Internal conversations behind staff-assistant threads are not customers and
 * are left out everywhere.
 */
export function createSlackDailyStats(access: StorageSqlAccess, now: () => number = Date.now) {
  const db = slackDatabaseOf(access);

  return {
    async today(): Promise<SlackDailyStats> {
      const since = startOfUtcDay(now());
      const notAssistant = (conversationId: 'conversations.id' | 'escalations.conversation_id') =>
        sql<boolean>`not exists (select 1 from slack_threads where slack_threads.conversation_id = ${sql.ref(conversationId)} and slack_threads.kind = 'assistant')`;

      const [conversations, escalations, open] = await Promise.all([
        db
          .selectFrom('conversations')
          .select((expression) => expression.fn.countAll().as('count'))
          .where('created_at', '>=', since)
          .where(notAssistant('conversations.id'))
          .executeTakeFirst(),
        db
          .selectFrom('escalations')
          .select(['tier', (expression) => expression.fn.countAll().as('count')])
          .where('created_at', '>=', since)
          .where(notAssistant('escalations.conversation_id'))
          .groupBy('tier')
          .execute(),
        db
          .selectFrom('conversations')
          .select(['state', (expression) => expression.fn.countAll().as('count')])
          .where('state', 'in', ['handoff_requested', 'human'])
          .where(notAssistant('conversations.id'))
          .groupBy('state')
          .execute(),
      ]);

      const escalationsByTier: Record<Tier, number> = { small: 0, large: 0, human: 0 };
      for (const row of escalations) {
        if (row.tier === 'small' || row.tier === 'large' || row.tier === 'human')
          escalationsByTier[row.tier] = Number(row.count);
      }
      const countOf = (state: string) =>
        Number(open.find((row) => row.state === state)?.count ?? 0);
      return {
        since,
        conversations: Number(conversations?.count ?? 0),
        escalationsByTier,
        handoffsOpen: { waiting: countOf('handoff_requested'), withStaff: countOf('human') },
      };
    },
  };
}

export type SlackDailyStatsSource = ReturnType<typeof createSlackDailyStats>;
