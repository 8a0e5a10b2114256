import type { webApi } from '@slack/bolt';
import type { ConversationState } from '../core/conversation/conversation.js';
import type {
  ConversationService,
  HandoffEvent,
} from '../core/conversation/create-conversation-service.js';
import type { Logger } from '../core/conversation/listener-set.js';
import type { HandoffDrafter } from '../core/handoff/handoff-drafter.js';
import {
  type HandoffCardContent,
  renderHandoffCard,
  statusLine,
  TRANSCRIPT_MESSAGES,
} from './handoff-card.js';
import type { KeyedSerialQueue } from './keyed-serial-queue.js';
import { escapeMrkdwn, truncate } from './slack-mrkdwn.js';
import type { SlackThreadStore } from './slack-thread-store.js';

export interface SlackHandoffObserverDeps {
  client: webApi.WebClient;
  /** SLACK_HANDOFF_CHANNEL; without it no card is posted (the customer side still works). */
  channelId: string | undefined;
  threads: SlackThreadStore;
  conversations: Pick<ConversationService, 'getConversation' | 'getTranscript'>;
  drafter?: HandoffDrafter;
  queue: KeyedSerialQueue;
  logger: Logger;
  /** PUBLIC_URL: where the local help center's site-relative citation links point. */
  publicUrl?: string;
  /** Waits before each new attempt at a card that could not be posted (then it waits for the customer). */
  cardRetryDelaysMs?: readonly number[];
}

/** About ten minutes of attempts, quick at first: a Slack hiccup should not leave a customer unseen. */
const CARD_RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000, 300_000];

type StateChange = Extract<HandoffEvent, { kind: 'state_changed' }>;

/**
 * Keeps Slack and the customer in step with who holds a conversation:
 * - the customer's system message (staff joined, resolved, back with the bot) is written by the
 *   core service itself, whoever changes the state;
 * - the handoff card is posted, updated and threaded through a per-conversation queue, so a
 *   slow Slack (or the draft answer) never delays the customer's turn.
 */
export function createSlackHandoffObserver(deps: SlackHandoffObserverDeps): {
  observe(event: HandoffEvent): void;
  close(): void;
} {
  let warnedNoChannel = false;
  let closed = false;
  const retryDelays = deps.cardRetryDelaysMs ?? CARD_RETRY_DELAYS_MS;
  const retryTimers = new Set<NodeJS.Timeout>();

  /**
   * The card of a conversation waiting for a person, posted again later (with backoff) when Slack
   * failed, rather than only when the customer happens to write again.
   */
  function postCardWithRetries(
    conversationId: string,
    reasons: string[],
    state: ConversationState,
    attempt = 0,
  ): Promise<void> {
    return deps.queue.run(conversationId, async () => {
      try {
        await postOrRefreshCard(conversationId, reasons, state);
      } catch (error) {
        const delay = retryDelays[attempt];
        if (delay === undefined || closed) throw error;
        deps.logger.warn(
          { err: error, conversationId, retryInMs: delay },
          'the handoff card could not be posted; trying again later',
        );
        const timer = setTimeout(() => {
          retryTimers.delete(timer);
          void retryIfStillWaiting(conversationId, reasons, attempt + 1);
        }, delay);
        timer.unref();
        retryTimers.add(timer);
      }
    });
  }

  async function retryIfStillWaiting(conversationId: string, reasons: string[], attempt: number) {
    try {
      const conversation = await deps.conversations.getConversation(conversationId);
      if (closed || conversation.state !== 'handoff_requested') return;
      if (await deps.threads.findByConversation(conversationId)) return;
      await postCardWithRetries(conversationId, reasons, conversation.state, attempt);
    } catch (error) {
      deps.logger.error({ err: error, conversationId }, 'a handoff card retry failed');
    }
  }

  function channel(): string | undefined {
    if (!deps.channelId && !warnedNoChannel) {
      warnedNoChannel = true;
      deps.logger.warn(
        {},
        'SLACK_HANDOFF_CHANNEL is not set: handoff cards are not posted to Slack',
      );
    }
    return deps.channelId;
  }

  async function cardContent(
    conversationId: string,
    reasons: string[],
  ): Promise<HandoffCardContent> {
    const conversation = await deps.conversations.getTranscript(conversationId);
    const language = conversation.language;
    // "I want a person" is no question to draft an answer for: prefer the customer's other messages.
    const askedForPerson = new Set(
      conversation.messages
        .filter((message) => message.reasons.includes('human_requested'))
        .map((message) => message.replyToId),
    );
    const userMessages = conversation.messages.filter((message) => message.role === 'user');
    const substantive = userMessages.filter((message) => !askedForPerson.has(message.id));
    const customerMessages = (substantive.length > 0 ? substantive : userMessages).map(
      (message) => message.text,
    );
    let draft: HandoffCardContent['draft'] = null;
    if (deps.drafter && language) {
      try {
        draft = await deps.drafter.draft({ customerMessages, language });
      } catch (error) {
        deps.logger.warn({ err: error, conversationId }, 'no draft answer for the handoff card');
      }
    }
    return {
      conversationId,
      language,
      reasons,
      transcript: conversation.messages
        .slice(-TRANSCRIPT_MESSAGES)
        .map((message) => ({ role: message.role, text: message.text, author: message.author })),
      draft,
      requestedAt: new Date().toISOString(),
    };
  }

  async function postThreadNote(channelId: string, threadTs: string, text: string): Promise<void> {
    await deps.client.chat.postMessage({
      channel: channelId,
      thread_ts: threadTs,
      text,
      unfurl_links: false,
      unfurl_media: false,
    });
  }

  /** Posts the card of a conversation waiting for a person, or refreshes it when it asks again. */
  async function postOrRefreshCard(
    conversationId: string,
    reasons: string[],
    state: ConversationState,
  ): Promise<void> {
    const existing = await deps.threads.findByConversation(conversationId);
    // A staff question thread (someone asked the bot for a person) is no customer handoff.
    if (existing?.kind === 'assistant') return;
    const channelId = channel();
    if (!channelId) return;
    const content = await cardContent(
      conversationId,
      reasons.length > 0 ? reasons : (existing?.card?.reasons ?? []),
    );
    const card = renderHandoffCard(content, { state, by: null }, deps.publicUrl);
    if (!existing) {
      const posted = await deps.client.chat.postMessage({
        channel: channelId,
        ...card,
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!posted.ts) throw new Error('chat.postMessage returned no ts for the handoff card');
      await deps.threads.link({
        conversationId,
        kind: 'handoff',
        channelId: posted.channel ?? channelId,
        threadTs: posted.ts,
        card: content,
      });
      return;
    }
    await deps.threads.updateCard(conversationId, content);
    await deps.client.chat.update({ channel: existing.channelId, ts: existing.threadTs, ...card });
    await postThreadNote(
      existing.channelId,
      existing.threadTs,
      ':raising_hand: The customer asked for a person again.',
    );
  }

  async function updateCard(change: StateChange): Promise<void> {
    const thread = await deps.threads.findByConversation(change.conversationId);
    // Only handoff threads carry a card: staff question threads are skipped here.
    if (!thread?.card) return;
    const status = { state: change.state, by: change.by };
    await deps.client.chat.update({
      channel: thread.channelId,
      ts: thread.threadTs,
      ...renderHandoffCard(thread.card, status, deps.publicUrl),
    });
    await postThreadNote(thread.channelId, thread.threadTs, escapeMrkdwn(statusLine(status)));
  }

  async function mirrorStaffWriting(
    event: Extract<HandoffEvent, { kind: 'staff_message' | 'internal_note' }>,
  ): Promise<void> {
    const thread = await deps.threads.findByConversation(event.conversationId);
    if (thread?.kind !== 'handoff') return;
    const text =
      event.kind === 'staff_message'
        ? `*${escapeMrkdwn(event.message.author ?? 'Staff')} (inbox):* ${escapeMrkdwn(truncate(event.message.text, 3500))}`
        : `:memo: *Note from ${escapeMrkdwn(event.note.author ?? 'staff')} (inbox, not sent to the customer):* ${escapeMrkdwn(truncate(event.note.text, 3500))}`;
    await postThreadNote(thread.channelId, thread.threadTs, text);
  }

  function observe(event: HandoffEvent): void {
    if (event.kind === 'state_changed') {
      if (event.state === 'handoff_requested') {
        void postCardWithRetries(event.conversationId, event.reasons, event.state);
        return;
      }
      void deps.queue.run(event.conversationId, () => updateCard(event));
      return;
    }
    if (event.kind === 'staff_message' || event.kind === 'internal_note') {
      // Replies and notes written in Slack are there already; the inbox's are mirrored in the thread.
      if (event.source === 'slack') return;
      void deps.queue.run(event.conversationId, () => mirrorStaffWriting(event));
      return;
    }
    const { conversationId, message } = event;
    void deps.queue.run(conversationId, async () => {
      const thread = await deps.threads.findByConversation(conversationId);
      if (!thread) {
        // The card never made it (Slack was down, or the channel was set later): post it now.
        const conversation = await deps.conversations.getConversation(conversationId);
        if (conversation.state === 'handoff_requested')
          await postOrRefreshCard(conversationId, [], conversation.state);
        return;
      }
      if (thread.kind !== 'handoff') return;
      await postThreadNote(
        thread.channelId,
        thread.threadTs,
        `*Customer:* ${escapeMrkdwn(truncate(message.text, 3500))}`,
      );
    });
  }

  return {
    observe,
    close() {
      closed = true;
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
    },
  };
}
