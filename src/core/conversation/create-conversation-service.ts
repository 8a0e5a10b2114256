import {
  type HandoffAction,
  isWithStaff,
  nextHandoffState,
} from '../handoff/handoff-state-machine.js';
import { FALLBACK_LANGUAGE, type Language, languageFromLocale } from '../language/language.js';
import { type BotMessages, fillPlaceholders } from '../locales/load-bot-messages.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { ReasonCode, RoutingDecision, RoutingSignals } from '../routing/routing-decision.js';
import type { SmallTalk } from '../routing/small-talk.js';
import type {
  Conversation,
  ConversationChannel,
  ConversationEvent,
  ConversationState,
  InternalNote,
  Message,
} from './conversation.js';
import { conflict, notFound } from './conversation-errors.js';
import type { ConversationEventBus } from './conversation-event-bus.js';
import type { ConversationRepository } from './conversation-repository.js';
import { createListenerSet, type Logger } from './listener-set.js';
import { type PublicMessage, toPublicMessage } from './public-message.js';
import { createTurnRunner, type TurnChannel } from './run-turn.js';
import type { TurnAnswerer } from './turn-answerer.js';
import type { TurnTelemetry } from './turn-telemetry.js';

export interface LanguageResolution {
  language: Language;
  source: string;
}

export interface ConversationServiceDeps {
  repository: ConversationRepository;
  eventBus: ConversationEventBus;
  resolveLanguage(input: {
    text: string;
    localeHint?: Language;
    conversationLanguage?: Language | null;
  }): LanguageResolution;
  retriever: Retriever;
  route(signals: RoutingSignals): RoutingDecision;
  /** Whether the whole message is a courtesy (the router's; the phrase list alone by default). */
  smallTalk?(signals: RoutingSignals): SmallTalk | undefined;
  answerer: TurnAnswerer;
  botMessages: Readonly<Record<Language, BotMessages>>;
  /** Outside support hours: what the customer is told instead of "a person will reply" (support-hours.ts). */
  outsideHoursNotice?: (language: Language) => string | undefined;
  logger?: Logger;
  /**
   * How long a customer message stays claimed by the instance answering it without a renewal
   * (renewed every third of it while the turn runs). A retry of the message on another instance
   * gets 409 meanwhile and answers it itself after: the first instance died. The composition
   * root passes MODEL_TIMEOUT_MS, the longest a turn waits on the model without progress.
   */
  answerLeaseMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

export interface PostMessageInput {
  conversationId: string;
  text: string;
  clientMessageId?: string | null;
  channel?: TurnChannel;
  stream?: boolean;
  /** The customer's message is stored (or was, for a repeated clientMessageId): a later failure did not lose it. */
  onStored?(): void;
}

export interface TurnResult {
  message: PublicMessage;
  reply: PublicMessage;
  /** False when the clientMessageId was seen before and the stored reply was returned. */
  created: boolean;
}

export interface TurnEvent {
  conversationId: string;
  userMessage: Message;
  reply: Message;
  telemetry: TurnTelemetry;
}

/** Who holds the conversation changed, or the customer wrote while a person holds it. */
export type HandoffEvent =
  | {
      kind: 'state_changed';
      conversationId: string;
      previous: ConversationState;
      state: ConversationState;
      reasons: ReasonCode[];
      by: string | null;
    }
  | { kind: 'customer_message'; conversationId: string; message: Message }
  /** Staff wrote to the customer, or a note among staff; `source` says which tool (slack, inbox). */
  | { kind: 'staff_message'; conversationId: string; message: Message; source: string | null }
  | { kind: 'internal_note'; conversationId: string; note: InternalNote; source: string | null };

/** Internal notes stay among staff: the customer's transcript and event stream never carry them. */
const isCustomerVisible = (event: ConversationEvent) => event.type !== 'note';

export type ConversationService = ReturnType<typeof createConversationService>;

/** Conversations: the customer turn pipeline (run-turn.ts), handoffs, staff messages and events. */
export function createConversationService(deps: ConversationServiceDeps) {
  const { repository } = deps;
  const turnListeners = createListenerSet<TurnEvent>('turn', deps.logger);
  const handoffListeners = createListenerSet<HandoffEvent>('handoff', deps.logger);
  const answerLeaseMs = deps.answerLeaseMs ?? 20_000;
  const now = deps.now ?? Date.now;

  /**
   * A message sent while the customer waits for a person is answered with the waiting notice
   * already in the conversation (stored once, replying to an earlier message): its reply is that
   * notice, found by walking back over the customer messages that followed it. A staff or state
   * message in between means the notice was not this message's answer.
   */
  async function waitingNoticeGivenTo(
    conversationId: string,
    userMessageId: string,
  ): Promise<Message | undefined> {
    const messages = await repository.listMessages(conversationId);
    const index = messages.findIndex((message) => message.id === userMessageId);
    for (let earlier = index - 1; earlier >= 0; earlier--) {
      const message = messages[earlier];
      if (message?.role === 'user') continue;
      const isWaitingNotice =
        message?.role === 'system' && message.handoff && message.meta?.outcome === 'staff';
      return isWaitingNotice ? message : undefined;
    }
    return undefined;
  }

  async function requireConversation(id: string): Promise<Conversation> {
    const conversation = await repository.getConversation(id);
    if (!conversation) throw notFound('This conversation');
    return conversation;
  }

  async function changeState(
    conversation: Conversation,
    action: HandoffAction,
    details: { reasons: ReasonCode[]; by: string | null },
  ): Promise<Conversation> {
    const state = nextHandoffState(conversation.state, action);
    const updated = await repository.updateConversation(conversation.id, { state });
    await repository.appendEvent({
      conversationId: conversation.id,
      type: 'state',
      data: { state, previous: conversation.state, ...details },
    });
    // The customer hears about it in their language, whichever tool changed the state, and
    // before anything staff send next.
    const notice = stateNotice(deps.botMessages[conversation.language ?? FALLBACK_LANGUAGE], {
      state,
      by: details.by,
    });
    if (notice) {
      await repository.appendMessage({
        conversationId: conversation.id,
        role: 'system',
        text: notice,
        language: conversation.language,
        meta: { state },
      });
    }
    await handoffListeners.notify({
      kind: 'state_changed',
      conversationId: conversation.id,
      previous: conversation.state,
      state,
      ...details,
    });
    return updated;
  }

  const runTurn = createTurnRunner({
    repository,
    retriever: deps.retriever,
    route: deps.route,
    ...(deps.smallTalk ? { smallTalk: deps.smallTalk } : {}),
    answerer: deps.answerer,
    botMessages: deps.botMessages,
    ...(deps.outsideHoursNotice ? { outsideHoursNotice: deps.outsideHoursNotice } : {}),
    requestHandoff: async (conversation, reasons) => {
      await changeState(conversation, 'request', { reasons, by: null });
    },
    onMessageWhileWithStaff: (conversation, message) =>
      handoffListeners.notify({
        kind: 'customer_message',
        conversationId: conversation.id,
        message,
      }),
    onTurn: (turn) => turnListeners.notify(turn),
  });

  return {
    onTurn: turnListeners.add,
    onHandoff: handoffListeners.add,

    async createConversation(input: { locale?: string | null; channel?: ConversationChannel }) {
      const hint = languageFromLocale(input.locale ?? null) ?? null;
      return repository.createConversation({
        localeHint: input.locale ?? null,
        language: hint,
        ...(input.channel ? { channel: input.channel } : {}),
      });
    },

    getConversation: requireConversation,

    /** The conversation with its public transcript (what the customer sees). */
    async getTranscript(id: string) {
      const conversation = await requireConversation(id);
      const messages = await repository.listMessages(id);
      return {
        id: conversation.id,
        language: conversation.language,
        state: conversation.state,
        messages: messages.map(toPublicMessage),
      };
    },

    /** Every stored message with its telemetry: staff and ops views, never customers. */
    async listMessages(id: string): Promise<Message[]> {
      await requireConversation(id);
      return repository.listMessages(id);
    },

    /** Stores the customer's message first, then answers it; a repeated clientMessageId returns the stored turn. */
    async postMessage(input: PostMessageInput): Promise<TurnResult> {
      let conversation = await requireConversation(input.conversationId);
      const hint = languageFromLocale(conversation.localeHint);
      const resolution = deps.resolveLanguage({
        text: input.text,
        ...(hint ? { localeHint: hint } : {}),
        conversationLanguage: conversation.language,
      });
      // A new language is stored with the message, in the same write.
      const languageChanged = conversation.language !== resolution.language;
      const stored = await repository.appendUserMessage({
        conversationId: conversation.id,
        text: input.text,
        language: resolution.language,
        clientMessageId: input.clientMessageId ?? null,
        answerLeaseUntil: now() + answerLeaseMs,
        ...(languageChanged ? { conversation: { language: resolution.language } } : {}),
      });
      if (stored.conversation) conversation = stored.conversation;
      input.onStored?.();

      if (!stored.created) {
        const existingReply =
          (await repository.findReplyTo(conversation.id, stored.message.id)) ??
          (await waitingNoticeGivenTo(conversation.id, stored.message.id));
        if (existingReply)
          return {
            message: toPublicMessage(stored.message),
            reply: toPublicMessage(existingReply),
            created: false,
          };
      }
      // A stored message without a reply: answered elsewhere right now (409), or its instance
      // died and the lease ran out, and then exactly one retry takes it over.
      if (
        !stored.created &&
        !(await repository.claimAnswer({
          conversationId: conversation.id,
          messageId: stored.message.id,
          now: now(),
          leaseUntil: now() + answerLeaseMs,
        }))
      )
        throw conflict(
          'This message is still being answered; wait for the reply before sending it again.',
        );
      const renewal = setInterval(() => {
        repository
          .setAnswerLease(conversation.id, stored.message.id, now() + answerLeaseMs)
          .catch((error: unknown) =>
            deps.logger?.warn({ err: error }, 'renewing the answer lease failed'),
          );
      }, answerLeaseMs / 3);
      renewal.unref();
      let answered = false;
      try {
        if (conversation.state === 'resolved')
          conversation = await changeState(conversation, 'reopen', { reasons: [], by: null });
        const reply = await runTurn({
          conversation,
          userMessage: stored.message,
          language: stored.message.language ?? conversation.language ?? FALLBACK_LANGUAGE,
          languageSource: resolution.source,
          stream: input.stream ?? false,
          ...(input.channel ? { channel: input.channel } : {}),
        });
        answered = true;
        return {
          message: toPublicMessage(stored.message),
          reply: toPublicMessage(reply),
          created: stored.created,
        };
      } finally {
        clearInterval(renewal);
        // A failed turn gives the message up at once, so that the customer's retry is answered.
        if (!answered)
          await repository
            .setAnswerLease(conversation.id, stored.message.id, null)
            .catch(() => undefined);
      }
    },

    /** Staff or the Slack side change who holds the conversation; customers see a system message. */
    async changeHandoffState(conversationId: string, action: HandoffAction, by: string | null) {
      const conversation = await requireConversation(conversationId);
      return changeState(conversation, action, { reasons: [], by });
    },

    /** A staff reply (from Slack) or a system notice reaches the customer's event stream. */
    async postStaffMessage(input: {
      conversationId: string;
      text: string;
      role: 'staff' | 'system';
      author: string | null;
      language?: Language | null;
      meta?: Record<string, unknown>;
    }) {
      const conversation = await requireConversation(input.conversationId);
      const message = await repository.appendMessage({
        conversationId: conversation.id,
        role: input.role,
        text: input.text,
        language: input.language ?? conversation.language,
        author: input.author,
        meta: input.meta ?? {},
      });
      if (input.role === 'staff') {
        const source = typeof input.meta?.source === 'string' ? input.meta.source : null;
        await handoffListeners.notify({
          kind: 'staff_message',
          conversationId: conversation.id,
          message,
          source,
        });
      }
      return toPublicMessage(message);
    },

    /** A note among staff beside the transcript: in the staff event stream only. */
    async postInternalNote(input: {
      conversationId: string;
      text: string;
      author: string | null;
      source: string | null;
    }): Promise<InternalNote> {
      await requireConversation(input.conversationId);
      const note: InternalNote = {
        id: crypto.randomUUID(),
        text: input.text,
        author: input.author,
        createdAt: new Date().toISOString(),
      };
      await repository.appendEvent({
        conversationId: input.conversationId,
        type: 'note',
        data: { note: { ...note }, source: input.source },
      });
      await handoffListeners.notify({
        kind: 'internal_note',
        conversationId: input.conversationId,
        note,
        source: input.source,
      });
      return note;
    },

    /** The customer's events after `afterId` (internal notes left out). */
    async listEvents(conversationId: string, afterId: number): Promise<ConversationEvent[]> {
      await requireConversation(conversationId);
      return (await repository.listEvents(conversationId, afterId)).filter(isCustomerVisible);
    },

    /** Every event after `afterId`, internal notes included: staff views only. */
    async listStaffEvents(conversationId: string, afterId: number): Promise<ConversationEvent[]> {
      await requireConversation(conversationId);
      return repository.listEvents(conversationId, afterId);
    },

    countByState: (filter: { channel: ConversationChannel; createdFrom?: string }) =>
      repository.countByState(filter),

    /** The customer's live events (internal notes left out). */
    subscribe: (
      conversationId: string,
      afterId: number,
      listener: (event: ConversationEvent) => void,
    ) =>
      deps.eventBus.subscribe(conversationId, afterId, (event) => {
        if (isCustomerVisible(event)) listener(event);
      }),

    /** Every live event of one conversation, internal notes included: staff views only. */
    subscribeStaff: (
      conversationId: string,
      afterId: number,
      listener: (event: ConversationEvent) => void,
    ) => deps.eventBus.subscribe(conversationId, afterId, listener),

    /** Every live event of every conversation: the staff inbox's queue. */
    subscribeAll: (listener: (event: ConversationEvent) => void) =>
      deps.eventBus.subscribeAll(listener),

    isWithStaff: (conversation: Conversation) => isWithStaff(conversation.state),
  };
}

/** Staff joined, resolved, back with the bot; a customer reopening a resolved conversation (by nobody) needs no notice. */
function stateNotice(
  messages: BotMessages,
  change: { state: ConversationState; by: string | null },
): string | undefined {
  if (change.state === 'human')
    return fillPlaceholders(messages.staffJoined, { name: change.by ?? messages.staffUnknownName });
  if (change.state === 'resolved') return messages.resolved;
  if (change.state === 'bot' && change.by !== null) return messages.returnedToBot;
  return undefined;
}
