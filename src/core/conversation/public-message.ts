import { z } from 'zod';
import { SUPPORTED_LANGUAGES } from '../language/language.js';
import { REASON_CODES, TIERS } from '../routing/routing-decision.js';
import type { Message } from './conversation.js';

export const citationSchema = z.object({
  title: z.string(),
  url: z.string().optional(),
  snippet: z.string(),
});

/**
 * What customers, the widget and the event stream see of a message (never its telemetry). The one
 * definition of the shape: the HTTP layer validates and serializes with it, the OpenAPI document
 * is generated from it, and the widget's own type is checked against it (test/unit/widget).
 */
export const publicMessageSchema = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant', 'staff', 'system']),
  text: z.string(),
  language: z.enum(SUPPORTED_LANGUAGES).nullable(),
  citations: z.array(citationSchema),
  tier: z.enum(TIERS).nullable(),
  reasons: z.array(z.enum(REASON_CODES)),
  handoff: z.boolean(),
  author: z.string().nullable(),
  createdAt: z.string(),
  replyToId: z.string().nullable(),
});

export type PublicMessage = z.infer<typeof publicMessageSchema>;

/** Picks the public fields explicitly, so that a field added to Message is private until listed here. */
export function toPublicMessage(message: Message): PublicMessage {
  return {
    id: message.id,
    role: message.role,
    text: message.text,
    language: message.language,
    citations: message.citations.map((citation) => ({ ...citation })),
    tier: message.tier,
    reasons: [...message.reasons],
    handoff: message.handoff,
    author: message.author,
    createdAt: message.createdAt,
    replyToId: message.replyToId,
  };
}
