import { z } from 'zod';
import { MAX_MESSAGE_CHARACTERS } from '../core/conversation/accepted-text.js';
import { citationSchema } from '../core/conversation/public-message.js';
import { SUPPORTED_LANGUAGES } from '../core/language/language.js';
import { REASON_CODES } from '../core/routing/routing-decision.js';
import { messageSchema } from './public-message-schema.js';

/** The staff API's shapes (docs/api.md, "Staff API"): its input checks and its OpenAPI description. */

export const CONVERSATION_STATES = ['bot', 'handoff_requested', 'human', 'resolved'] as const;
const ACTIONS = ['take_over', 'resolve', 'return_to_bot'] as const;

export const listQuery = z
  .object({
    state: z
      .enum(CONVERSATION_STATES, {
        error: `state must be one of ${CONVERSATION_STATES.join(', ')}`,
      })
      .optional(),
    language: z
      .enum(SUPPORTED_LANGUAGES, {
        error: `language must be one of ${SUPPORTED_LANGUAGES.join(', ')}`,
      })
      .optional(),
    cursor: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .meta({ description: 'The `nextCursor` of the previous page, unchanged.' }),
    limit: z.coerce
      .number({ error: 'limit must be a number from 1 to 100' })
      .int('limit must be a whole number')
      .min(1, 'limit must be from 1 to 100')
      .max(100, 'limit must be from 1 to 100')
      .optional()
      .meta({ description: 'Page size, 1–100 (default 50).' }),
  })
  .strict();

export const staffMessageBody = z
  .object({
    text: z
      .string({ error: 'text is required and must be a string' })
      .transform((text) => text.trim())
      .refine((text) => text.length > 0, 'text must not be empty')
      .refine(
        (text) => [...text].length <= MAX_MESSAGE_CHARACTERS,
        `text must be at most ${MAX_MESSAGE_CHARACTERS} characters`,
      ),
    internal: z
      .boolean({ error: 'internal must be true or false' })
      .optional()
      .meta({ description: 'true: an internal note the customer never sees.' }),
  })
  .strict();

export const stateBody = z
  .object({
    action: z.enum(ACTIONS, { error: `action must be one of ${ACTIONS.join(', ')}` }),
  })
  .strict();

const draftSchema = z
  .object({ text: z.string(), citations: z.array(citationSchema) })
  .nullable()
  .meta({ description: "The bot's suggested answer (with a model configured), or null." });

export const conversationSummarySchema = z
  .object({
    id: z.string(),
    state: z.enum(CONVERSATION_STATES),
    language: z.enum(SUPPORTED_LANGUAGES).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    requestedAt: z.string().nullable(),
    reasons: z.array(z.enum(REASON_CODES)),
    by: z.string().nullable(),
    lastMessage: z
      .object({
        role: messageSchema.shape.role,
        text: z.string(),
        author: z.string().nullable(),
        createdAt: z.string(),
      })
      .nullable(),
    draft: draftSchema,
  })
  .meta({ id: 'ConversationSummary' });

export const conversationPageSchema = z.object({
  items: z.array(conversationSummarySchema),
  nextCursor: z.string().nullable(),
});

const noteSchema = z.object({
  id: z.string(),
  text: z.string(),
  author: z.string().nullable(),
  createdAt: z.string(),
});

export const conversationDetailSchema = conversationSummarySchema
  .extend({
    messages: z.array(messageSchema),
    notes: z.array(noteSchema),
    lastEventId: z.number().meta({ description: 'Resume the event stream from here.' }),
  })
  .meta({ id: 'ConversationDetail' });

export const staffMessageResponseSchema = z.union([
  noteSchema.extend({ internal: z.literal(true) }),
  messageSchema.extend({
    translation: z
      .union([
        z.object({ from: z.string(), originalText: z.string() }),
        z.object({ failed: z.literal(true) }),
      ])
      .nullable(),
  }),
]);

export const stateResponseSchema = z.object({ state: z.enum(CONVERSATION_STATES) });
