import { timeOrderedId } from '../ids/time-ordered-ids.js';
import type { Message, NewMessage } from './storage.js';

/** A message about to be stored: a fresh time-ordered id, the current time, and the defaults for what the input leaves out. */
export function newMessage(input: NewMessage): Message {
  return {
    id: timeOrderedId(),
    conversationId: input.conversationId,
    role: input.role,
    text: input.text,
    language: input.language ?? null,
    clientMessageId: input.clientMessageId ?? null,
    replyToId: input.replyToId ?? null,
    citations: input.citations ?? [],
    tier: input.tier ?? null,
    reasons: input.reasons ?? [],
    handoff: input.handoff ?? false,
    author: input.author ?? null,
    meta: input.meta ?? {},
    createdAt: new Date().toISOString(),
  };
}
