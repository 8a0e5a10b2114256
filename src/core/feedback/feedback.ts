import type { ConversationChannel } from '../conversation/conversation.js';
import type { Language } from '../language/language.js';

export const FEEDBACK_RATINGS = ['up', 'down'] as const;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number];

/** Comments are short notes about one answer, not a second conversation. */
export const MAX_FEEDBACK_COMMENT_CHARACTERS = 1000;

/** The customer's rating of one bot answer; a later rating of the same answer replaces it. */
export interface MessageFeedback {
  conversationId: string;
  messageId: string;
  rating: FeedbackRating;
  /** Redacted like escalation excerpts (REDACT_PERSONAL_DATA); null without a comment. */
  comment: string | null;
  /** The rated answer's language, so feedback can be counted by language without the log. */
  language: Language | null;
  channel: ConversationChannel;
  createdAt: string;
  updatedAt: string;
}

/** The customer's own verdict on the conversation ("Did that solve your problem?"); the latest wins. */
export interface ConversationResolution {
  conversationId: string;
  resolved: boolean;
  createdAt: string;
  updatedAt: string;
}
