import { LRUCache } from 'lru-cache';
import type {
  ConversationService,
  HandoffEvent,
} from '../conversation/create-conversation-service.js';
import type { Logger } from '../conversation/listener-set.js';
import type { HandoffDraft, HandoffDrafter } from '../handoff/handoff-drafter.js';

/** Conversations whose draft is remembered (a busy day's queue, with room to spare). */
const MAX_DRAFTS = 1000;

/**
 * The bot's suggested answer for each conversation waiting for a person (with a model configured):
 * drafted once when the handoff is requested, remembered per conversation and last customer
 * message, so the queue shows drafts without a model call per page view.
 */
export function createInboxDrafts(deps: {
  drafter: HandoffDrafter;
  conversations: Pick<ConversationService, 'getTranscript'>;
  logger?: Logger;
}) {
  const drafts = new LRUCache<string, { key: string; draft: Promise<HandoffDraft | null> }>({
    max: MAX_DRAFTS,
  });

  async function draftFor(conversationId: string): Promise<HandoffDraft | null> {
    const transcript = await deps.conversations.getTranscript(conversationId);
    const customerMessages = transcript.messages.filter((message) => message.role === 'user');
    const key = customerMessages.at(-1)?.id ?? '';
    const cached = drafts.get(conversationId);
    if (cached?.key === key) return cached.draft;
    // "I want a person" is no question to draft an answer for: prefer the customer's other messages.
    const askedForPerson = new Set(
      transcript.messages
        .filter((message) => message.reasons.includes('human_requested'))
        .map((message) => message.replyToId),
    );
    const substantive = customerMessages.filter((message) => !askedForPerson.has(message.id));
    const draft = transcript.language
      ? deps.drafter
          .draft({
            customerMessages: (substantive.length > 0 ? substantive : customerMessages).map(
              (message) => message.text,
            ),
            language: transcript.language,
          })
          .catch((error: unknown) => {
            deps.logger?.warn({ err: error, conversationId }, 'no draft answer for the inbox');
            return null;
          })
      : Promise.resolve(null);
    drafts.set(conversationId, { key, draft });
    return draft;
  }

  /** Drafts already made, readable without waiting (queue rows). */
  const settled = new LRUCache<string, { draft: HandoffDraft | null }>({ max: MAX_DRAFTS });

  return {
    draftFor: async (conversationId: string) => {
      const draft = await draftFor(conversationId);
      settled.set(conversationId, { draft });
      return draft;
    },
    /** The draft already made for this conversation, if any (never starts a model call). */
    cached: (conversationId: string): HandoffDraft | null =>
      settled.get(conversationId)?.draft ?? null,
    /** Starts drafting as soon as a customer waits, so the queue has the draft when staff look. */
    onHandoff(event: HandoffEvent): void {
      if (event.kind !== 'state_changed' || event.state !== 'handoff_requested') return;
      void draftFor(event.conversationId).then((draft) => {
        settled.set(event.conversationId, { draft });
      });
    },
  };
}

export type InboxDrafts = ReturnType<typeof createInboxDrafts>;
