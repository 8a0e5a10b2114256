import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ConversationTokens } from '../core/conversation/conversation-tokens.js';
import type { FeedbackService } from '../core/feedback/create-feedback-service.js';
import {
  FEEDBACK_RATINGS,
  MAX_FEEDBACK_COMMENT_CHARACTERS,
  type MessageFeedback,
} from '../core/feedback/feedback.js';
import { acceptedText } from './accepted-text-schema.js';
import { authorizeConversation } from './conversation-access.js';
import { parseInput } from './parse-input.js';

const messageParams = z.object({
  id: z.string().uuid('is not a conversation id'),
  messageId: z.string().uuid('is not a message id'),
});
const conversationParams = z.object({ id: z.string().uuid('is not a conversation id') });

const feedbackBody = z
  .object({
    rating: z.enum(FEEDBACK_RATINGS, { error: 'rating must be "up" or "down"' }),
    // The same text rules as messages (NUL, controls, lone surrogates, invisible-only refused).
    comment: acceptedText(
      { maxCharacters: MAX_FEEDBACK_COMMENT_CHARACTERS, multiline: true, field: 'comment' },
      'comment must be a string',
    ).optional(),
  })
  .strict();

const resolutionBody = z
  .object({ resolved: z.boolean({ error: 'resolved must be true or false' }) })
  .strict();

/** What the customer sees of their own feedback: no channel, no language bookkeeping. */
function publicFeedback(feedback: MessageFeedback) {
  return {
    conversationId: feedback.conversationId,
    messageId: feedback.messageId,
    rating: feedback.rating,
    comment: feedback.comment,
    createdAt: feedback.createdAt,
    updatedAt: feedback.updatedAt,
  };
}

/** Customer feedback on answers and the "did that solve your problem?" verdict (widget API v1). */
export async function feedbackRoutes(
  app: FastifyInstance,
  deps: { feedback: FeedbackService; tokens: ConversationTokens },
): Promise<void> {
  app.post('/v1/conversations/:id/messages/:messageId/feedback', async (request) => {
    const { id, messageId } = parseInput(messageParams, request.params, 'feedback address');
    authorizeConversation(request, deps.tokens, id);
    const body = parseInput(feedbackBody, request.body, 'feedback');
    const stored = await deps.feedback.rateMessage({
      conversationId: id,
      messageId,
      rating: body.rating,
      comment: body.comment ?? null,
    });
    return publicFeedback(stored);
  });

  app.post('/v1/conversations/:id/resolution', async (request) => {
    const { id } = parseInput(conversationParams, request.params, 'conversation id');
    authorizeConversation(request, deps.tokens, id);
    const body = parseInput(resolutionBody, request.body, 'resolution');
    return deps.feedback.recordResolution({ conversationId: id, resolved: body.resolved });
  });
}
