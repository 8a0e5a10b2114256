import type { Message } from '../conversation/conversation.js';
import type { FeedbackRepository } from '../feedback/feedback-repository.js';
import type { Language } from '../language/language.js';
import type { RoutingCase } from '../routing/evaluate-routing.js';
import {
  type ReasonCode,
  TIER_OF_REASON,
  TIER_RANK,
  type Tier,
} from '../routing/routing-decision.js';

/** A customer question with the bot's answer and the customer's rating of it. */
export interface RatedAnswer {
  lang: Language;
  question: string;
  answer: string;
  rating: 'up' | 'down';
  comment: string | null;
  tier: Tier | null;
  reasons: ReasonCode[];
  conversationId: string;
  messageId: string;
  ratedAt: string;
}

/**
 * Every rated answer of customer conversations (oldest rating first), with the question it
 * answered, read from the conversation and redacted as configured.
 */
export async function* ratedAnswers(input: {
  feedback: Pick<FeedbackRepository, 'listFeedbackInRange'>;
  conversations: { listMessages(conversationId: string): Promise<Message[]> };
  redact(text: string): string;
  from?: string;
}): AsyncIterable<RatedAnswer> {
  const ratings = await input.feedback.listFeedbackInRange(
    input.from === undefined ? {} : { from: input.from },
  );
  for (const rating of ratings) {
    if (rating.channel !== 'web') continue;
    const messages = await input.conversations.listMessages(rating.conversationId);
    const answer = messages.find((message) => message.id === rating.messageId);
    const question = messages.find((message) => message.id === answer?.replyToId);
    const lang = question?.language ?? answer?.language ?? rating.language;
    if (answer === undefined || question === undefined || lang === null) continue;
    yield {
      lang,
      question: input.redact(question.text),
      answer: input.redact(answer.text),
      rating: rating.rating,
      comment: rating.comment,
      tier: answer.tier,
      reasons: answer.reasons,
      conversationId: rating.conversationId,
      messageId: rating.messageId,
      ratedAt: rating.updatedAt,
    };
  }
}

const ANSWER_TIME_REASONS: ReadonlySet<ReasonCode> = new Set([
  'model_uncertain',
  'model_unavailable',
]);

/**
 * A 👎 as routing material: the answer did not help, so the question needed the next tier up
 * (Small → Large → a person). The routing reasons that fired are kept; the comment travels along
 * for whoever curates the file. Not a review: ops labels win where both exist.
 */
export function routingCaseOfRatedDown(
  rated: RatedAnswer,
): (RoutingCase & { source: 'rated_down'; comment: string | null }) | undefined {
  if (rated.rating !== 'down' || rated.tier === null) return undefined;
  const tier: Tier = rated.tier === 'small' ? 'large' : 'human';
  return {
    lang: rated.lang,
    text: rated.question,
    tier,
    reasons: rated.reasons.filter(
      (reason) =>
        !ANSWER_TIME_REASONS.has(reason) && TIER_RANK[TIER_OF_REASON[reason]] <= TIER_RANK[tier],
    ),
    source: 'rated_down',
    comment: rated.comment,
  };
}
