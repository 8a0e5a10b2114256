import { isWithStaff } from '../handoff/handoff-state-machine.js';
import type { Language } from '../language/language.js';
import type { BotMessages } from '../locales/load-bot-messages.js';
import type { ChatMessage } from '../models/chat-model.js';
import type { RetrievalResult, Retriever } from '../retrieval/retriever.js';
import type {
  ReasonCode,
  RoutingDecision,
  RoutingSignals,
  Tier,
} from '../routing/routing-decision.js';
import { detectSmallTalk, type SmallTalk } from '../routing/small-talk.js';
import type { Conversation, HistoryMessage, Message } from './conversation.js';
import type { ConversationRepository } from './conversation-repository.js';
import { draftReply } from './draft-reply.js';
import type { AnswerChannel } from './model-cascade.js';
import { planTurn, type TurnFacts, type TurnPlan } from './plan-turn.js';
import type { TurnAnswerer } from './turn-answerer.js';
import { buildTurnTelemetry, type TurnTelemetry } from './turn-telemetry.js';

export interface TurnChannel extends AnswerChannel {
  onRoute?(route: { tier: Tier; reasons: ReasonCode[]; language: Language }): void;
}

export interface TurnInput {
  conversation: Conversation;
  userMessage: Message;
  language: Language;
  languageSource: string;
  stream: boolean;
  channel?: TurnChannel;
}

export interface TurnDeps {
  repository: Pick<ConversationRepository, 'listHistory' | 'appendMessage' | 'getMessage'>;
  retriever: Retriever;
  route(signals: RoutingSignals): RoutingDecision;
  /** Whether the whole message is a courtesy; the phrase list alone when not given. */
  smallTalk?(signals: RoutingSignals): SmallTalk | undefined;
  answerer: TurnAnswerer;
  botMessages: Readonly<Record<Language, BotMessages>>;
  /** Outside support hours, the handoff and waiting notices say when the team is back. */
  outsideHoursNotice?: (language: Language) => string | undefined;
  /** The customer asked for a person: the conversation enters handoff_requested. */
  requestHandoff(conversation: Conversation, reasons: ReasonCode[]): Promise<void>;
  /** A person holds the conversation and the customer wrote again (Slack threads it). */
  onMessageWhileWithStaff(conversation: Conversation, message: Message): Promise<void>;
  onTurn(turn: {
    conversationId: string;
    userMessage: Message;
    reply: Message;
    telemetry: TurnTelemetry;
  }): Promise<void>;
}

const HISTORY_WINDOW = 24;
const PROMPT_HISTORY_MESSAGES = 10;

/** The customer turn: gather the facts, plan, carry the plan out, store the reply, report it. */
export function createTurnRunner(deps: TurnDeps) {
  return async function runTurn(input: TurnInput): Promise<Message> {
    const started = performance.now();
    const { conversation, userMessage, language } = input;
    const bot = deps.botMessages[language];
    const history = (await deps.repository.listHistory(conversation.id, HISTORY_WINDOW)).filter(
      (message) => message.id !== userMessage.id,
    );

    const retrieval = isWithStaff(conversation.state)
      ? null
      : await retrieve(deps.retriever, userMessage.text, language);
    let facts: TurnFacts = { withStaff: true };
    if (retrieval !== null) {
      const signals = routingSignals(userMessage.text, language, retrieval, history);
      facts = {
        withStaff: false,
        routing: deps.route(signals),
        retrievalFailed: retrieval.error !== undefined,
        smallTalk: deps.smallTalk
          ? deps.smallTalk(signals)
          : detectSmallTalk(userMessage.text, language),
        offline: deps.answerer.offline,
      };
    }
    const plan = planTurn(facts);
    input.channel?.onRoute?.({ ...routeOf(plan), language });
    if (retrieval === null || plan.kind === 'staff_waiting') {
      await deps.onMessageWhileWithStaff(conversation, userMessage);
      return staffWaitingNotice(conversation, userMessage, history, input);
    }

    // The offline answerer says once per conversation where its answers come from (with its
    // first answer from the help center, not with a courtesy or an acknowledgement).
    const offlineNotice =
      deps.answerer.offline && !conversation.offlineNoticeGiven && plan.kind === 'answer'
        ? bot.offlineNotice
        : null;
    const channel =
      offlineNotice && input.channel
        ? withLeadingText(input.channel, `${offlineNotice}\n\n`)
        : input.channel;
    const modelStarted = performance.now();
    const answer =
      plan.kind === 'answer'
        ? await deps.answerer.answer({
            startTier: plan.tier,
            language,
            question: userMessage.text,
            history: chatHistory(history),
            passages: retrieval.passages.filter((passage) => passage.relevant),
            knowledgeBaseVersion: retrieval.knowledgeBaseVersion,
            cacheable: plan.tier === 'small' && plan.reasons.length === 0,
            stream: input.stream,
            ...(channel ? { channel } : {}),
          })
        : null;
    const modelMs = performance.now() - modelStarted;
    const handingOff = plan.kind === 'handoff' || answer?.kind === 'handoff';
    const draft = draftReply(plan, answer, {
      bot,
      offlineNotice,
      handoffNotice: handingOff ? deps.outsideHoursNotice?.(language) : undefined,
    });
    // Canned replies arrive whole; a model's answer was already streamed as it came.
    if (answer?.kind !== 'answered' || answer.cached) input.channel?.onDelta?.(draft.text);

    const telemetry = buildTurnTelemetry({
      language,
      languageSource: input.languageSource,
      channel: conversation.channel,
      retrieval,
      answer,
      reply: draft,
      latencyMs: { model: modelMs, total: performance.now() - started },
    });
    const reply = await deps.repository.appendMessage({
      conversationId: conversation.id,
      role: draft.role,
      text: draft.text,
      language,
      replyToId: userMessage.id,
      citations: draft.citations,
      tier: draft.tier,
      reasons: draft.reasons,
      handoff: draft.handoff,
      meta: { ...telemetry, ...(draft.actions ? { actions: draft.actions } : {}) },
      ...(draft.conversation ? { conversation: draft.conversation } : {}),
    });
    if (handingOff) await deps.requestHandoff(conversation, draft.reasons);
    await deps.onTurn({ conversationId: conversation.id, userMessage, reply, telemetry });
    return reply;
  };

  /** One "a person will answer" notice per stretch with staff, not one per customer message. */
  async function staffWaitingNotice(
    conversation: Conversation,
    userMessage: Message,
    history: HistoryMessage[],
    input: TurnInput,
  ): Promise<Message> {
    const text =
      deps.outsideHoursNotice?.(input.language) ?? deps.botMessages[input.language].handoffWaiting;
    const earlier = waitingNoticeSinceStateChange(history, text);
    const notice =
      (earlier && (await deps.repository.getMessage(conversation.id, earlier.id))) ??
      (await deps.repository.appendMessage({
        conversationId: conversation.id,
        role: 'system',
        text,
        language: input.language,
        replyToId: userMessage.id,
        tier: 'human',
        handoff: true,
        meta: { outcome: 'staff' },
      }));
    input.channel?.onDelta?.(notice.text);
    return notice;
  }
}

type Retrieval = RetrievalResult & { latencyMs: number; error?: string };

/** A knowledge-base outage must not cost the turn: it is routed without passages (a handoff still works). */
async function retrieve(
  retriever: Retriever,
  text: string,
  language: Language,
): Promise<Retrieval> {
  const started = performance.now();
  try {
    const result = await retriever.retrieve({ text, language });
    return { ...result, latencyMs: performance.now() - started };
  } catch (error) {
    return {
      passages: [],
      knowledgeBaseVersion: 'unavailable',
      usedLanguageFallback: false,
      latencyMs: performance.now() - started,
      error:
        error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error),
    };
  }
}

function routingSignals(
  text: string,
  language: Language,
  retrieval: RetrievalResult,
  history: HistoryMessage[],
): RoutingSignals {
  const previousAssistantAnswer = history.findLast((message) => message.role === 'assistant')?.text;
  return {
    text,
    language,
    retrieval: {
      topScore: retrieval.passages[0]?.score ?? 0,
      relevantCount: retrieval.passages.filter((passage) => passage.relevant).length,
    },
    previousUserMessages: history
      .filter((message) => message.role === 'user')
      .map((message) => message.text),
    ...(previousAssistantAnswer ? { previousAssistantAnswer } : {}),
  };
}

/** What the customer's channel hears first: the tier the turn goes to and why. */
function routeOf(plan: TurnPlan): { tier: Tier; reasons: ReasonCode[] } {
  if (plan.kind === 'staff_waiting') return { tier: 'human', reasons: [] };
  if (plan.kind === 'small_talk') return { tier: 'small', reasons: [] };
  return { tier: plan.kind === 'handoff' ? 'human' : plan.tier, reasons: plan.reasons };
}

function chatHistory(history: HistoryMessage[]): ChatMessage[] {
  return history
    .filter((message) => message.role === 'user' || message.role === 'assistant')
    .slice(-PROMPT_HISTORY_MESSAGES)
    .map((message) => ({ role: message.role as ChatMessage['role'], text: message.text }));
}

/** A channel whose first delta (after a reset, too) is preceded by `text`. */
function withLeadingText(channel: TurnChannel, text: string): TurnChannel {
  let sent = false;
  return {
    ...channel,
    onDelta(delta) {
      channel.onDelta?.(sent ? delta : text + delta);
      sent = true;
    },
    onReset(reason) {
      sent = false;
      channel.onReset?.(reason);
    },
  };
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
