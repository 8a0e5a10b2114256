import { z } from 'zod';
import { publicMessageSchema } from '../core/conversation/public-message.js';

/**
 * POST /v1/conversations/:id/messages in JSON mode, as a JSON Schema for Fastify's response
 * serializer: derived from the one definition of a public message (core/conversation/public-message.ts),
 * so the response can never carry a field the shape does not list.
 */
export const turnResponseSchema = z.toJSONSchema(
  z.object({ message: publicMessageSchema, reply: publicMessageSchema }),
  { target: 'draft-7' },
);
