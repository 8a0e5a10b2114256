import {
  type HandoffAction,
  isWithStaff,
  nextHandoffState,
} from '../handoff/handoff-state-machine.js';
import { FALLBACK_LANGUAGE, type Language, languageFromLocale } from '../language/language.js';
import { type BotMessages, fillPlaceholders } from '../locales/load-bot-messages.js';
import { EMPTY_USAGE } from '../models/chat-model.js';
import type { RetrievalResult } from '../retrieval/retriever.js';
import { orderReasons } from '../routing/route-turn.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';
import { type PublicMessage, toPublicMessage } from '../storage/public-message.js';
import type { Conversation, HistoryMessage, Message } from '../storage/storage.js';
import type { AnswerChannel } from './answer-with-models.js';
import { conflict, notFound } from './conversation-errors.js';
import type { ConversationServiceDeps, TurnTelemetry } from './conversation-service-types.js';
import {
  createModelTurnAnswerer,
  finishTelemetry,
  type ReplyToStore,
  round,
  type StoreReply,
} from './model-turn-answerer.js';

export interface TurnChannel extends AnswerChannel {
  onRoute?(route: { tier: Tier; reasons: ReasonCode[]; language: Language }): void;
}

export interface PostMessageInput {
  conversationId: string;
  text: string;
  clientMessageId?: string | null;
  channel?: TurnChannel;
  stream?: boolean;
}

export interface TurnResult {
  message: PublicMessage;
  reply: PublicMessage;
  /** False when the clientMessageId was seen before and the stored reply was returned. */
  created: boolean;
}

export type ConversationService = ReturnType<typeof createConversationService>;

const HISTORY_WINDOW = 24;

/** The customer turn pipeline: resolve → retrieve → route → answer → persist (DESIGN.md). */
export function createConversationService(deps: ConversationServiceDeps) {
  const inFlight = new Set<string>();

  async function requireConversation(id: string): Promise<Conversation> {
    const conversation = await deps.storage.getConversation(id);
    if (!conversation) throw notFound('This conversation');
    return conversation;
  }

  async function changeState(
    conversation: Conversation,
    action: HandoffAction,
    reasons: string[],
    by: string | null,
  ) {
    const state = nextHandoffState(conversation.state, action);
    const updated = await deps.storage.updateConversation(conversation.id, { state });
    await deps.storage.appendEvent({
      conversationId: conversation.id,
      type: 'state',
      data: { state, previous: conversation.state, reasons, by },
    });
    // The customer hears about it in their language, whichever tool changed the state (Slack, ops,
    // an API client), and before anything staff send next.
    const notice = stateNoticeFor(
      deps.botMessages[conversation.language ?? FALLBACK_LANGUAGE],
      state,
      by,
    );
    if (notice) {
      await deps.storage.appendMessage({
        conversationId: conversation.id,
        role: 'system',
        text: notice,
        language: conversation.language,
        meta: { state },
      });
    }
    for (const observer of deps.handoffObservers ?? []) {
      await runObserver(() =>
        observer.onStateChange({
          conversationId: conversation.id,
          previous: conversation.state,
          state,
          reasons,
          by,
        }),
      );
    }
    return updated;
  }

  async function runObserver(call: () => Promise<void> | void) {
    try {
      await call();
    } catch (error) {
      deps.logger?.error({ err: error }, 'a turn observer failed');
    }
  }

  const storeReply: StoreReply = async (input: ReplyToStore): Promise<Message> => {
    const reply = await deps.storage.appendMessage({
      conversationId: input.conversationId,
      role: input.role,
      text: input.text,
      language: input.language,
      replyToId: input.userMessage.id,
      citations: input.citations,
      tier: input.tier,
      reasons: input.reasons,
      handoff: input.handoff,
      meta: input.meta,
      ...(input.conversation ? { conversation: input.conversation } : {}),
    });
    return reply;
  };
  const answerWithModel = createModelTurnAnswerer(deps, storeReply);

  async function answerTurn(
    conversation: Conversation,
    userMessage: Message,
    input: PostMessageInput,
  ): Promise<Message> {
    const turnStarted = performance.now();
    const language = userMessage.language ?? conversation.language ?? FALLBACK_LANGUAGE;
    const bot = deps.botMessages[language];
    // The router and the prompt look at recent turns only; a long conversation must not slow every turn down.
    const history = (await deps.storage.listHistory(conversation.id, HISTORY_WINDOW)).filter(
      (message) => message.id !== userMessage.id,
    );

    if (isWithStaff(conversation.state)) {
      for (const observer of deps.handoffObservers ?? []) {
        await runObserver(() =>
          observer.onCustomerMessageWhileWithStaff?.({
            conversationId: conversation.id,
            message: userMessage,
          }),
        );
      }
      input.channel?.onRoute?.({ tier: 'human', reasons: [], language });
      // One "a person will answer" notice per stretch with staff, not one per customer message.
      const earlierNotice = waitingNoticeSinceStateChange(history, bot.handoffWaiting);
      // The earlier notice is the reply again; history entries are slim, so the full message is read by id.
      const notice =
        (earlierNotice && (await deps.storage.getMessage(conversation.id, earlierNotice.id))) ??
        (await storeReply({
          conversationId: conversation.id,
          userMessage,
          role: 'system',
          text: bot.handoffWaiting,
          language,
          citations: [],
          tier: 'human',
          reasons: [],
          handoff: true,
          meta: { outcome: 'staff' },
        }));
      input.channel?.onDelta?.(notice.text);
      return notice;
    }
    if (conversation.state === 'resolved')
      conversation = await changeState(conversation, 'reopen', [], null);

    const retrievalStarted = performance.now();
    let retrieval: RetrievalResult;
    let retrievalError: string | null = null;
    try {
      // Without an explicit limit the retriever uses its configured one (BEDROCK_KB_RESULTS, the local default).
      retrieval = await deps.retriever.retrieve({
        text: userMessage.text,
        language,
        ...(deps.retrievalLimit === undefined ? {} : { limit: deps.retrievalLimit }),
      });
    } catch (error) {
      // A knowledge-base outage must not cost the turn: route without passages (a handoff still
      // works), otherwise apologize below instead of answering blind.
      retrievalError =
        error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error);
      deps.logger?.warn({ err: error }, 'retrieval failed; the turn gets the localized apology');
      retrieval = {
        passages: [],
        knowledgeBaseVersion: 'unavailable',
        usedLanguageFallback: false,
      };
    }
    const retrievalMs = performance.now() - retrievalStarted;
    const relevant = retrieval.passages.filter((passage) => passage.relevant);

    const previousAssistantAnswer = history.findLast(
      (message) => message.role === 'assistant',
    )?.text;
    const decision = deps.route({
      text: userMessage.text,
      language,
      retrieval: { topScore: retrieval.passages[0]?.score ?? 0, relevantCount: relevant.length },
      previousUserMessages: history
        .filter((message) => message.role === 'user')
        .map((message) => message.text),
      ...(previousAssistantAnswer ? { previousAssistantAnswer } : {}),
    });
    input.channel?.onRoute?.({ tier: decision.tier, reasons: decision.reasons, language });

    const telemetry: TurnTelemetry = {
      language,
      languageSource: String(userMessage.meta.languageSource ?? 'unknown'),
      tier: decision.tier,
      reasons: decision.reasons,
      outcome: 'answered',
      retrieval: {
        topScores: retrieval.passages.slice(0, 3).map((passage) => round(passage.score, 3)),
        passageIds: retrieval.passages.slice(0, 5).map((passage) => passage.id),
        usedLanguageFallback: retrieval.usedLanguageFallback,
        latencyMs: Math.round(retrievalMs),
        knowledgeBaseVersion: retrieval.knowledgeBaseVersion,
      },
      attempts: [],
      usage: { ...EMPTY_USAGE },
      costUsd: 0,
      promptVersion: null,
      answerCacheHit: false,
      latencyMs: { retrieval: Math.round(retrievalMs), model: 0, total: 0 },
    };

    let reply: Message;
    if (decision.tier === 'human') {
      telemetry.outcome = 'handed_off';
      reply = await storeReply({
        conversationId: conversation.id,
        userMessage,
        role: 'assistant',
        text: bot.handoff,
        language,
        citations: [],
        tier: 'human',
        reasons: decision.reasons,
        handoff: true,
        meta: finishTelemetry(telemetry, turnStarted),
      });
      await changeState(conversation, 'request', decision.reasons, null);
    } else if (retrievalError) {
      const reasons = orderReasons([
        ...decision.reasons.filter((reason) => reason !== 'low_retrieval'),
        'model_unavailable',
      ]);
      telemetry.outcome = 'failed';
      telemetry.reasons = reasons;
      input.channel?.onDelta?.(bot.modelUnavailable);
      reply = await storeReply({
        conversationId: conversation.id,
        userMessage,
        role: 'system',
        text: bot.modelUnavailable,
        language,
        citations: [],
        tier: decision.tier,
        reasons,
        handoff: false,
        meta: { ...finishTelemetry(telemetry, turnStarted), retrievalError },
      });
    } else {
      reply = await answerWithModel(
        conversation,
        userMessage,
        history,
        retrieval,
        decision.tier,
        decision.reasons,
        telemetry,
        turnStarted,
        input,
      );
    }
    for (const observer of deps.turnObservers ?? []) {
      await runObserver(() =>
        observer.onTurn({ conversationId: conversation.id, userMessage, reply, telemetry }),
      );
    }
    return reply;
  }

  return {
    async createConversation(input: { locale?: string | null }) {
      const hint = languageFromLocale(input.locale ?? null) ?? null;
      return deps.storage.createConversation({ localeHint: input.locale ?? null, language: hint });
    },

    async getConversation(id: string) {
      const conversation = await requireConversation(id);
      const messages = await deps.storage.listMessages(id);
      return {
        id: conversation.id,
        language: conversation.language,
        state: conversation.state,
        messages: messages.map(toPublicMessage),
      };
    },

    /** Stores the customer's message first, then answers it; a repeated clientMessageId returns the stored turn. */
    async postMessage(input: PostMessageInput): Promise<TurnResult> {
      let conversation = await requireConversation(input.conversationId);
      const hint = languageFromLocale(conversation.localeHint);
      const resolution = deps.languageResolver.resolve({
        text: input.text,
        ...(hint ? { localeHint: hint } : {}),
        conversationLanguage: conversation.language,
      });
      // A new language is stored with the message, in the same write.
      const languageChanged = conversation.language !== resolution.language;
      const stored = await deps.storage.appendUserMessage({
        conversationId: conversation.id,
        text: input.text,
        language: resolution.language,
        clientMessageId: input.clientMessageId ?? null,
        ...(languageChanged ? { conversation: { language: resolution.language } } : {}),
      });
      if (stored.conversation) conversation = stored.conversation;
      const userMessage = {
        ...stored.message,
        meta: { ...stored.message.meta, languageSource: resolution.source },
      };

      if (!stored.created) {
        const existingReply = await deps.storage.findReplyTo(conversation.id, stored.message.id);
        if (existingReply)
          return {
            message: toPublicMessage(stored.message),
            reply: toPublicMessage(existingReply),
            created: false,
          };
      }
      const flightKey = `${conversation.id}:${stored.message.id}`;
      if (inFlight.has(flightKey))
        throw conflict(
          'This message is still being answered; wait for the reply before sending it again.',
        );
      inFlight.add(flightKey);
      try {
        // A retried message (nothing stored) leaves the language as the first attempt set it.
        if (conversation.language !== resolution.language && !stored.created) {
          conversation = await deps.storage.updateConversation(conversation.id, {
            language: resolution.language,
          });
        }
        const reply = await answerTurn(conversation, userMessage, input);
        return {
          message: toPublicMessage(stored.message),
          reply: toPublicMessage(reply),
          created: stored.created,
        };
      } finally {
        inFlight.delete(flightKey);
      }
    },

    /** Staff or the Slack side change who holds the conversation; customers see a system message. */
    async changeHandoffState(conversationId: string, action: HandoffAction, by: string | null) {
      const conversation = await requireConversation(conversationId);
      return changeState(conversation, action, [], by);
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
      const message = await deps.storage.appendMessage({
        conversationId: conversation.id,
        role: input.role,
        text: input.text,
        language: input.language ?? conversation.language,
        author: input.author,
        meta: input.meta ?? {},
      });
      return toPublicMessage(message);
    },

    async listEvents(conversationId: string, afterId: number) {
      await requireConversation(conversationId);
      return deps.storage.listEvents(conversationId, afterId);
    },

    subscribe: deps.eventBus.subscribe,
  };
}

/** Staff joined, resolved, back with the bot; a customer reopening a resolved conversation (by nobody) needs no notice. */
function stateNoticeFor(
  messages: BotMessages,
  state: string,
  by: string | null,
): string | undefined {
  if (state === 'human')
    return fillPlaceholders(messages.staffJoined, { name: by ?? messages.staffUnknownName });
  if (state === 'resolved') return messages.resolved;
  if (state === 'bot' && by !== null) return messages.returnedToBot;
  return undefined;
}

function waitingNoticeSinceStateChange(
  history: HistoryMessage[],
  noticeText: string,
): HistoryMessage | undefined {
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const message = history[index]!;
    if (message.role !== 'system') continue;
    if (message.announcedState !== null) return undefined;
    if (message.text === noticeText) return message;
  }
  return undefined;
}
