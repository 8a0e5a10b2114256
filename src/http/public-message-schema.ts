import { z } from 'zod';
import { publicMessageSchema } from '../core/conversation/public-message.js';

/** The one public message shape (core/conversation/public-message.ts), named in the OpenAPI document. */
export const messageSchema = publicMessageSchema.meta({ id: 'Message' });

/**
 * POST /v1/conversations/:id/messages in JSON mode. Responses are serialized through this schema,
 * so they can never carry a field the shape does not list.
 */
export const turnResponseSchema = z.object({ message: messageSchema, reply: messageSchema });

const CONVERSATION_STATES = ['bot', 'handoff_requested', 'human', 'resolved'] as const;

/** GET /v1/conversations/:id. */
export const transcriptSchema = z.object({
  id: z.string(),
  language: messageSchema.shape.language,
  state: z.enum(CONVERSATION_STATES).meta({
    description:
      'bot: answered by the bot; handoff_requested: waiting for a person; human: a person answers; resolved.',
  }),
  messages: z.array(messageSchema),
});
