import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { conversationSecurity, errorResponses, jsonResponse } from './openapi/api-schemas.js';
import { rejectInvalidInput } from './parse-input.js';
import { conversationParams } from './widget-routes.js';

const messageParams = z.object({
  id: z.uuid('is not a conversation id').meta({ description: 'The conversation id.' }),
  messageId: z.uuid('is not a message id').meta({ description: 'The rated reply message id.' }),
});

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

const publicFeedbackSchema = z.object({
  conversationId: z.string(),
  messageId: z.string(),
  rating: z.enum(FEEDBACK_RATINGS),
  comment: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const resolutionSchema = z.object({
  conversationId: z.string(),
  resolved: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

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
  untypedApp: FastifyInstance,
  deps: { feedback: FeedbackService; tokens: ConversationTokens },
): Promise<void> {
  const app = untypedApp.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/v1/conversations/:id/messages/:messageId/feedback',
    {
      attachValidation: true,
      config: { inputNames: { params: 'feedback address', body: 'feedback' } },
      schema: {
        tags: ['feedback'],
        summary: 'Rate a reply (a later rating of the same reply replaces it)',
        security: conversationSecurity,
        params: messageParams,
        body: feedbackBody,
        response: {
          200: jsonResponse('The stored rating.', publicFeedbackSchema),
          ...errorResponses(400, 401, 403, 404, 413, 415, 429),
        },
      },
    },
    async (request) => {
      rejectInvalidInput(request, 'params');
      const { id, messageId } = request.params;
      authorizeConversation(request, deps.tokens, id);
      rejectInvalidInput(request);
      const body = request.body;
      const stored = await deps.feedback.rateMessage({
        conversationId: id,
        messageId,
        rating: body.rating,
        comment: body.comment ?? null,
      });
      return publicFeedback(stored);
    },
  );

  app.post(
    '/v1/conversations/:id/resolution',
    {
      attachValidation: true,
      config: { inputNames: { params: 'conversation id', body: 'resolution' } },
      schema: {
        tags: ['feedback'],
        summary: 'Say whether the conversation solved the problem (the latest answer wins)',
        security: conversationSecurity,
        params: conversationParams,
        body: resolutionBody,
        response: {
          200: jsonResponse('The stored verdict.', resolutionSchema),
          ...errorResponses(400, 401, 403, 404, 413, 415, 429),
        },
      },
    },
    async (request) => {
      rejectInvalidInput(request, 'params');
      const { id } = request.params;
      authorizeConversation(request, deps.tokens, id);
      rejectInvalidInput(request);
      return deps.feedback.recordResolution({
        conversationId: id,
        resolved: request.body.resolved,
      });
    },
  );
}
