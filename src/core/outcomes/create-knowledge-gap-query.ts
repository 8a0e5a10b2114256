import type { ConversationLogReader, LogEntry } from '../conversation/conversation-log-reader.js';
import { excerptOf } from '../escalations/create-escalation-recorder.js';
import type { Language } from '../language/language.js';
import type { ReasonCode } from '../routing/routing-decision.js';
import type { OutcomeQuery } from './create-outcome-query.js';
import { groupQuestions } from './group-questions.js';

/** Why a question counts as not answered by the help center. */
export const GAP_SIGNALS = ['low_retrieval', 'model_uncertain', 'rated_down', 'handoff'] as const;
export type GapSignal = (typeof GAP_SIGNALS)[number];

/** Grouping is quadratic: the newest questions of a language are grouped, at most this many. */
export const MAX_GROUPED_QUESTIONS_PER_LANGUAGE = 2000;
const EXAMPLES_PER_TOPIC = 3;

export interface UnansweredQuestion {
  conversationId: string;
  language: Language;
  text: string;
  createdAt: string;
  signals: GapSignal[];
  bestPassage: { id: string; score: number } | null;
}

export interface KnowledgeGap {
  language: Language;
  topic: string;
  count: number;
  /** A few of the questions, redacted and shortened like escalation excerpts. */
  examples: string[];
  /** Share of the questions whose conversation ended unresolved. */
  unresolvedShare: number;
  /** The most relevant help-center passage retrieval found for any of them, if any. */
  bestPassage: { id: string; score: number } | null;
  signals: Record<GapSignal, number>;
}

type MessageEntry = Extract<LogEntry, { kind: 'message' }>;

/** The customer questions of one conversation that the help center did not answer, and why. */
export function unansweredQuestions(
  conversationId: string,
  conversationLanguage: Language | null,
  log: readonly LogEntry[],
  ratedDown: ReadonlySet<string>,
): UnansweredQuestion[] {
  const messages = log.filter((entry): entry is MessageEntry => entry.kind === 'message');
  const byId = new Map(messages.map((message) => [message.id, message]));
  const questions: UnansweredQuestion[] = [];
  for (const reply of messages) {
    if (reply.role !== 'assistant' || reply.replyToId === null) continue;
    const question = byId.get(reply.replyToId);
    if (question === undefined || question.role !== 'user') continue;
    const reasons = new Set<ReasonCode>(reply.reasons);
    const signals: GapSignal[] = [];
    if (reasons.has('low_retrieval')) signals.push('low_retrieval');
    if (reasons.has('model_uncertain')) signals.push('model_uncertain');
    if (ratedDown.has(reply.id)) signals.push('rated_down');
    // A customer asking for a person says nothing about the help center; other handoffs do.
    if (reply.handoff && !reasons.has('human_requested')) signals.push('handoff');
    if (signals.length === 0) continue;
    const language = question.language ?? reply.language ?? conversationLanguage;
    if (language === null) continue;
    const retrieval = reply.meta.retrieval as
      | { passageIds?: unknown; topScores?: unknown }
      | undefined;
    const passageId = Array.isArray(retrieval?.passageIds) ? retrieval.passageIds[0] : undefined;
    const score = Array.isArray(retrieval?.topScores) ? retrieval.topScores[0] : undefined;
    questions.push({
      conversationId,
      language,
      text: question.text,
      createdAt: question.createdAt,
      signals,
      bestPassage:
        typeof passageId === 'string' && typeof score === 'number'
          ? { id: passageId, score }
          : null,
    });
  }
  return questions;
}

/**
 * Knowledge gaps for ops: the questions the help center did not answer (low retrieval, the
 * model saying the passages do not answer, a 👎, a handoff not asked for by the customer),
 * grouped by topic within each language. The list of articles to write next.
 */
export function createKnowledgeGapQuery(deps: {
  log: ConversationLogReader;
  outcomes: Pick<OutcomeQuery, 'judge'>;
  redact(text: string): string;
}) {
  return {
    async list(filter: {
      from?: string;
      to?: string;
      languages?: Language[];
      limit: number;
    }): Promise<KnowledgeGap[]> {
      const conversations = await deps.log.listConversations({
        channel: 'web',
        ...(filter.from === undefined ? {} : { from: filter.from }),
        ...(filter.to === undefined ? {} : { to: filter.to }),
        ...(filter.languages ? { languages: filter.languages } : {}),
      });
      const questions: Array<UnansweredQuestion & { unresolved: boolean }> = [];
      for (const judged of await deps.outcomes.judge(conversations)) {
        const ratedDown = new Set(
          judged.ratings.filter((item) => item.rating === 'down').map((item) => item.messageId),
        );
        const unresolved = judged.outcome?.outcome === 'unresolved';
        for (const question of unansweredQuestions(
          judged.conversation.id,
          judged.conversation.language,
          judged.log,
          ratedDown,
        ))
          if (!filter.languages || filter.languages.includes(question.language))
            questions.push({ ...question, unresolved });
      }

      const gaps: KnowledgeGap[] = [];
      const languages = [...new Set(questions.map((question) => question.language))].sort();
      for (const language of languages) {
        const ofLanguage = questions
          .filter((question) => question.language === language)
          .sort((left, right) => right.createdAt.localeCompare(left.createdAt))
          .slice(0, MAX_GROUPED_QUESTIONS_PER_LANGUAGE);
        for (const group of groupQuestions(ofLanguage, (question) => question.text, language)) {
          const signals = Object.fromEntries(GAP_SIGNALS.map((signal) => [signal, 0])) as Record<
            GapSignal,
            number
          >;
          for (const member of group.members)
            for (const signal of member.signals) signals[signal]++;
          const best = group.members
            .map((member) => member.bestPassage)
            .filter((passage) => passage !== null)
            .sort((left, right) => right.score - left.score)[0];
          gaps.push({
            language,
            topic: group.topic,
            count: group.members.length,
            examples: [
              ...new Set(group.members.map((member) => excerptOf(member.text, deps.redact))),
            ].slice(0, EXAMPLES_PER_TOPIC),
            unresolvedShare:
              group.members.filter((member) => member.unresolved).length / group.members.length,
            bestPassage: best ?? null,
            signals,
          });
        }
      }
      return gaps
        .sort(
          (left, right) =>
            right.count - left.count ||
            left.language.localeCompare(right.language) ||
            left.topic.localeCompare(right.topic),
        )
        .slice(0, filter.limit);
    },
  };
}

export type KnowledgeGapQuery = ReturnType<typeof createKnowledgeGapQuery>;
