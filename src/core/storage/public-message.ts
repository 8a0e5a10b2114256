import type { Language } from '../language/language.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';
import type { Citation, Message, MessageRole } from './storage.js';

/** What customers, the widget and the event stream may see of a message: never `meta`. */
export interface PublicMessage {
  id: string;
  role: MessageRole;
  text: string;
  language: Language | null;
  citations: Citation[];
  tier: Tier | null;
  reasons: ReasonCode[];
  handoff: boolean;
  author: string | null;
  createdAt: string;
  replyToId: string | null;
}

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
