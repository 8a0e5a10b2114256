import type { SlackDailyStats, SlackDailyStatsSource } from './slack-daily-stats.js';

export const PARLEY_COMMAND = '/parley';

export const COMMAND_USAGE =
  'Usage: `/parley stats` — today’s conversations, escalations by tier and open handoffs.';

export interface CommandResponse {
  response_type: 'ephemeral';
  text: string;
}

/** `/parley <subcommand>`; answered in the ack itself (well within Slack's three seconds). */
export function createParleyCommand(deps: { stats: SlackDailyStatsSource }) {
  return {
    async respond(text: string): Promise<CommandResponse> {
      const subcommand = text.trim().toLowerCase();
      if (subcommand === 'stats')
        return { response_type: 'ephemeral', text: formatStats(await deps.stats.today()) };
      return { response_type: 'ephemeral', text: COMMAND_USAGE };
    },
  };
}

export function formatStats(stats: SlackDailyStats): string {
  const { small, large, human } = stats.escalationsByTier;
  return [
    `*Parley today* (since ${stats.since.slice(0, 10)} 00:00 UTC)`,
    `• Conversations: *${stats.conversations}*`,
    `• Escalations by tier: small *${small}* · large *${large}* · human *${human}*`,
    `• Handoffs open: *${stats.handoffsOpen.waiting + stats.handoffsOpen.withStaff}* (${stats.handoffsOpen.waiting} waiting, ${stats.handoffsOpen.withStaff} with staff)`,
  ].join('\n');
}
