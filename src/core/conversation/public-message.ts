import { z } from 'zod';
import { SUPPORTED_LANGUAGES } from '../language/language.js';
import { REASON_CODES, TIERS } from '../routing/routing-decision.js';
import { CITATION_KINDS, type Message } from './conversation.js';

export const citationSchema = z.object({
  title: z.string(),
  url: z.string().optional(),
  snippet: z.string(),
  /**
   * `cited`: the answer cites it; `retrieved`: the answer cited nothing and this is one of the
   * relevant help-center passages it was given (additive to contract v1).
   */
  kind: z.enum(CITATION_KINDS),
});

/** A button under a reply; `handoff` asks for a person, as if the customer had typed it. */
export const messageActionSchema = z.object({
  type: z.literal('handoff'),
  label: z.string(),
});

export type MessageAction = z.infer<typeof messageActionSchema>;

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
  /** Present only when the reply offers something to click (additive to contract v1). */
  actions: z.array(messageActionSchema).optional(),
});

export type PublicMessage = z.infer<typeof publicMessageSchema>;

/** Picks the public fields explicitly, so that a field added to Message is private until listed here. */
export function toPublicMessage(message: Message): PublicMessage {
  return {
    id: message.id,
    role: message.role,
    text: message.text,
    language: message.language,
    citations: message.citations.map((citation) => ({
      ...citation,
      kind: citation.kind ?? 'cited',
    })),
    tier: message.tier,
    reasons: [...message.reasons],
    handoff: message.handoff,
    author: message.author,
    createdAt: message.createdAt,
    replyToId: message.replyToId,
    ...actionsOf(message),
  };
}

/** A reply's buttons are kept in its meta (no column of their own); only well-formed ones are shown. */
function actionsOf(message: Message): { actions?: MessageAction[] } {
  const parsed = z.array(messageActionSchema).min(1).safeParse(message.meta.actions);
  return parsed.success ? { actions: parsed.data } : {};
}
