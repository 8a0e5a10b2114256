import type { ConversationOutcome } from './conversation-outcome.js';

/** One conversation with what the figures need: its outcome, its ratings and its model cost. */
export interface JudgedConversation {
  id: string;
  language: string | null;
  /** UTC day the conversation started (YYYY-MM-DD): conversations count on the day they began. */
  day: string;
  outcome: ConversationOutcome;
  ratings: ReadonlyArray<'up' | 'down'>;
  costUsd: number;
}

export interface OutcomeCounts {
  resolved_by_bot: { hard: number; soft: number };
  handed_off: number;
  resolved_by_staff: number;
  unresolved: number;
  open: number;
}

export interface OutcomeFigures {
  /** Conversations in which the customer wrote at least once. */
  conversations: number;
  outcomes: OutcomeCounts;
  /**
   * Resolved by the bot / decided conversations (open ones are not decided yet): hard counts
   * confirmed resolutions only, soft the quiet ones, total both. Null without a decided one.
   */
  resolutionRate: { hard: number | null; soft: number | null; total: number | null };
  /** Handed off or resolved by staff / decided conversations. */
  handoffRate: number | null;
  feedback: { up: number; down: number; upShare: number | null };
  /** Model spend of these conversations (local extractive answers cost $0). */
  conversationCostUsd: number;
  /** conversationCostUsd / conversations resolved by the bot (hard + soft); null when none was. */
  costPerResolvedConversationUsd: number | null;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const roundUsd = (value: number) => Math.round(value * 1_000_000) / 1_000_000;

export function emptyOutcomeCounts(): OutcomeCounts {
  return {
    resolved_by_bot: { hard: 0, soft: 0 },
    handed_off: 0,
    resolved_by_staff: 0,
    unresolved: 0,
    open: 0,
  };
}

/** The figures of a group of conversations (all, one language, one day). */
export function outcomeFigures(conversations: readonly JudgedConversation[]): OutcomeFigures {
  const outcomes = emptyOutcomeCounts();
  let up = 0;
  let down = 0;
  let cost = 0;
  for (const conversation of conversations) {
    const { outcome, strength } = conversation.outcome;
    if (outcome === 'resolved_by_bot') outcomes.resolved_by_bot[strength ?? 'soft']++;
    else outcomes[outcome]++;
    for (const rating of conversation.ratings) rating === 'up' ? up++ : down++;
    cost += conversation.costUsd;
  }
  const { hard, soft } = outcomes.resolved_by_bot;
  const decided = conversations.length - outcomes.open;
  return {
    conversations: conversations.length,
    outcomes,
    resolutionRate: {
      hard: ratio(hard, decided),
      soft: ratio(soft, decided),
      total: ratio(hard + soft, decided),
    },
    handoffRate: ratio(outcomes.handed_off + outcomes.resolved_by_staff, decided),
    feedback: { up, down, upShare: ratio(up, up + down) },
    conversationCostUsd: roundUsd(cost),
    costPerResolvedConversationUsd: hard + soft === 0 ? null : roundUsd(cost / (hard + soft)),
  };
}

export interface OutcomeStats extends OutcomeFigures {
  resolutionWindowHours: number;
  /** The same figures per conversation language ("unknown" when none was detected). */
  outcomesByLanguage: Record<string, OutcomeFigures>;
  /** The same figures per UTC day the conversations began, oldest first (the stacked chart). */
  outcomesPerDay: Array<{ day: string } & OutcomeFigures>;
}

export function outcomeStats(
  conversations: readonly JudgedConversation[],
  resolutionWindowHours: number,
): OutcomeStats {
  const groupBy = (key: (conversation: JudgedConversation) => string) => {
    const groups = new Map<string, JudgedConversation[]>();
    for (const conversation of conversations) {
      const name = key(conversation);
      groups.set(name, [...(groups.get(name) ?? []), conversation]);
    }
    return groups;
  };
  const byLanguage = groupBy((conversation) => conversation.language ?? 'unknown');
  const byDay = groupBy((conversation) => conversation.day);
  return {
    ...outcomeFigures(conversations),
    resolutionWindowHours,
    outcomesByLanguage: Object.fromEntries(
      [...byLanguage.entries()]
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([language, group]) => [language, outcomeFigures(group)]),
    ),
    outcomesPerDay: [...byDay.entries()]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([day, group]) => ({ day, ...outcomeFigures(group) })),
  };
}
