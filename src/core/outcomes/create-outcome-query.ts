import type {
  ConversationLogReader,
  ConversationSummary,
  LogEntry,
} from '../conversation/conversation-log-reader.js';
import type { EscalationFilter } from '../escalations/escalation-record.js';
import type { ConversationResolution, MessageFeedback } from '../feedback/feedback.js';
import { LOCAL_EXTRACTIVE_MODEL_ID } from '../models/local-extractive-model.js';
import { type ConversationOutcome, decideOutcome } from './conversation-outcome.js';
import { type JudgedConversation, type OutcomeStats, outcomeStats } from './outcome-figures.js';

export interface OutcomeQueryDeps {
  log: ConversationLogReader;
  feedback: {
    listFeedback(conversationIds: readonly string[]): Promise<MessageFeedback[]>;
    listResolutions(conversationIds: readonly string[]): Promise<ConversationResolution[]>;
  };
  /** Conversations with an escalation record matching a filter (for the reviewed filter). */
  conversationsWithEscalations(filter: EscalationFilter): Promise<Set<string>>;
  clock(): Date;
  resolutionWindowHours: number;
}

/** Model spend of a conversation from its replies' telemetry; local extractive attempts cost $0. */
export function conversationCostUsd(log: readonly LogEntry[]): number {
  let total = 0;
  for (const entry of log) {
    if (entry.kind !== 'message' || entry.role !== 'assistant') continue;
    const attempts = entry.meta.attempts;
    if (Array.isArray(attempts)) {
      for (const attempt of attempts as Array<{ modelId?: unknown; costUsd?: unknown }>)
        if (attempt.modelId !== LOCAL_EXTRACTIVE_MODEL_ID && typeof attempt.costUsd === 'number')
          total += attempt.costUsd;
    } else if (typeof entry.meta.costUsd === 'number') total += entry.meta.costUsd;
  }
  return total;
}

/** Whether a conversation matches the page's tier, escalation outcome and reason filters. */
function matchesTurnFilters(log: readonly LogEntry[], filter: EscalationFilter): boolean {
  const replies = log.filter(
    (entry): entry is Extract<LogEntry, { kind: 'message' }> =>
      entry.kind === 'message' && entry.role === 'assistant',
  );
  if (
    filter.tiers?.length &&
    !replies.some((reply) => reply.tier && filter.tiers?.includes(reply.tier))
  )
    return false;
  if (
    filter.outcomes?.length &&
    !replies.some((reply) => filter.outcomes?.includes(reply.meta.outcome as never))
  )
    return false;
  if (
    filter.reasons?.length &&
    !replies.some((reply) => reply.reasons.some((reason) => filter.reasons?.includes(reason)))
  )
    return false;
  return true;
}

export interface JudgedConversationDetail {
  conversation: ConversationSummary;
  outcome: ConversationOutcome | null;
}

/**
 * Outcome figures for ops: the customer conversations (web channel) that began in the range and
 * match every filter of the page, each judged from its own log by decideOutcome.
 */
export function createOutcomeQuery(deps: OutcomeQueryDeps) {
  async function judge(conversations: readonly ConversationSummary[]) {
    const ids = conversations.map((conversation) => conversation.id);
    const [logs, feedback, resolutions] = await Promise.all([
      deps.log.listLogs(ids),
      deps.feedback.listFeedback(ids),
      deps.feedback.listResolutions(ids),
    ]);
    const now = deps.clock();
    return conversations.map((conversation) => {
      const log = logs.get(conversation.id) ?? [];
      const ratings = feedback.filter((item) => item.conversationId === conversation.id);
      const resolution =
        resolutions.find((item) => item.conversationId === conversation.id) ?? null;
      return {
        conversation,
        log,
        ratings,
        outcome: decideOutcome({
          log,
          feedback: ratings,
          resolution,
          now,
          windowHours: deps.resolutionWindowHours,
        }),
      };
    });
  }

  return {
    /** Each conversation with its log, its ratings and its outcome now. */
    judge,

    async stats(filter: EscalationFilter): Promise<OutcomeStats> {
      const conversations = await deps.log.listConversations({
        channel: 'web',
        ...(filter.from === undefined ? {} : { from: filter.from }),
        ...(filter.to === undefined ? {} : { to: filter.to }),
        ...(filter.languages ? { languages: filter.languages } : {}),
      });
      const reviewed =
        filter.reviewed === undefined
          ? undefined
          : await deps.conversationsWithEscalations({
              ...(filter.from === undefined ? {} : { from: filter.from }),
              reviewed: filter.reviewed,
            });
      const judged: JudgedConversation[] = [];
      for (const item of await judge(conversations)) {
        if (item.outcome === null || !matchesTurnFilters(item.log, filter)) continue;
        if (reviewed !== undefined && !reviewed.has(item.conversation.id)) continue;
        judged.push({
          id: item.conversation.id,
          language: item.conversation.language,
          day: item.conversation.createdAt.slice(0, 10),
          outcome: item.outcome,
          ratings: item.ratings.map((rating) => rating.rating),
          costUsd: conversationCostUsd(item.log),
        });
      }
      return outcomeStats(judged, deps.resolutionWindowHours);
    },

    /** One conversation's outcome and the rule that decided it (the ops detail page). */
    async outcomeOf(conversationId: string): Promise<JudgedConversationDetail | undefined> {
      const conversation = await deps.log.getConversation(conversationId);
      if (conversation === undefined) return undefined;
      const [item] = await judge([conversation]);
      return { conversation, outcome: item?.outcome ?? null };
    },
  };
}

export type OutcomeQuery = ReturnType<typeof createOutcomeQuery>;
