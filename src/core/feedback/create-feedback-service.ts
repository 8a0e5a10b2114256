import type { Conversation, Message } from '../conversation/conversation.js';
import { invalidInput, notFound, ParleyError } from '../conversation/conversation-errors.js';
import type { ConversationResolution, FeedbackRating, MessageFeedback } from './feedback.js';
import type { FeedbackRepository } from './feedback-repository.js';

export interface FeedbackServiceDeps {
  repository: FeedbackRepository;
  conversations: {
    getConversation(id: string): Promise<Conversation>;
    getMessage(conversationId: string, messageId: string): Promise<Message | undefined>;
    findMessageConversationId(messageId: string): Promise<string | undefined>;
  };
  /** Masks personal data in comments, as in escalation excerpts (REDACT_PERSONAL_DATA). */
  redact(text: string): string;
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;

/** Customers rate the bot's answers and say whether their problem was solved. */
export function createFeedbackService(deps: FeedbackServiceDeps) {
  const listeners = new Set<(feedback: MessageFeedback) => void>();
  return {
    /**
     * Rates one answer of the bot. The message must be an assistant message of this conversation:
     * another conversation's message is refused (403), an id that names no message is 404.
     */
    async rateMessage(input: {
      conversationId: string;
      messageId: string;
      rating: FeedbackRating;
      comment: string | null;
    }): Promise<MessageFeedback> {
      const conversation = await deps.conversations.getConversation(input.conversationId);
      const message = await deps.conversations.getMessage(input.conversationId, input.messageId);
      if (message === undefined) {
        // Ids are random UUIDs: saying that one exists elsewhere gives nothing away.
        if ((await deps.conversations.findMessageConversationId(input.messageId)) !== undefined)
          throw new ParleyError(
            'forbidden',
            'This message belongs to another conversation; rate answers of your own conversation.',
            403,
          );
        throw notFound('This message of the conversation');
      }
      if (message.role !== 'assistant')
        throw invalidInput(
          `Only the bot's answers can be rated; message ${input.messageId} is a ${message.role} message.`,
        );
      const feedback = await deps.repository.rate({
        conversationId: input.conversationId,
        messageId: input.messageId,
        rating: input.rating,
        comment: input.comment === null ? null : deps.redact(input.comment),
        language: message.language ?? conversation.language,
        channel: conversation.channel,
      });
      for (const listener of listeners) listener(feedback);
      return feedback;
    },

    async recordResolution(input: {
      conversationId: string;
      resolved: boolean;
    }): Promise<ConversationResolution> {
      await deps.conversations.getConversation(input.conversationId);
      return deps.repository.resolve(input);
    },

    /** Hears every stored rating (the /metrics counters). Returns the unsubscribe. */
    onFeedback(listener: (feedback: MessageFeedback) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    listFeedback: deps.repository.listFeedback,
    listResolutions: deps.repository.listResolutions,
    listFeedbackInRange: deps.repository.listFeedbackInRange,
  };
}
