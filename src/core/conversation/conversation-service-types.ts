import type { Language } from '../language/language.js';
import type { BotMessages } from '../locales/load-bot-messages.js';
import type {
  ChatHistoryMessage,
  ChatModel,
  ModelTier,
  RenderedPrompt,
  TokenUsage,
} from '../models/chat-model.js';
import type { Passage, Retriever } from '../retrieval/retriever.js';
import type { RoutingDecision, RoutingSignals } from '../routing/routing-decision.js';
import type { ConversationState, Message, Storage } from '../storage/storage.js';
import type { AnswerCache } from './answer-cache.js';
import type { ModelAttempt } from './answer-with-models.js';
import type { ConversationEventBus } from './conversation-event-bus.js';

export interface LanguageResolution {
  language: Language;
  detected: Language | null;
  confidence: number;
  source: string;
}

export interface LanguageResolverPort {
  resolve(input: {
    text: string;
    localeHint?: Language;
    conversationLanguage?: Language | null;
  }): LanguageResolution;
}

export interface PromptRendererPort {
  render(input: {
    language: Language;
    passages: Passage[];
    history: ChatHistoryMessage[];
  }): RenderedPrompt;
}

/** Minimal structured logger (pino-compatible); core code never logs message text. */
export interface Logger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

/** Everything ops need to explain a turn; stored in the reply's meta and in escalation records. */
export interface TurnTelemetry {
  language: Language;
  languageSource: string;
  tier: 'small' | 'large' | 'human';
  reasons: string[];
  outcome: 'answered' | 'handed_off' | 'failed' | 'staff';
  retrieval: {
    topScores: number[];
    passageIds: string[];
    usedLanguageFallback: boolean;
    latencyMs: number;
    knowledgeBaseVersion: string;
  };
  attempts: ModelAttempt[];
  usage: TokenUsage;
  costUsd: number;
  promptVersion: string | null;
  answerCacheHit: boolean;
  latencyMs: { retrieval: number; model: number; total: number };
}

/** Called after each answered turn; escalation logging and metrics plug in here. */
export interface TurnObserver {
  onTurn(input: {
    conversationId: string;
    userMessage: Message;
    reply: Message;
    telemetry: TurnTelemetry;
  }): Promise<void> | void;
}

/** Called when the conversation's holder changes (Slack posts or updates the handoff card). */
export interface HandoffObserver {
  onStateChange(input: {
    conversationId: string;
    previous: ConversationState;
    state: ConversationState;
    reasons: string[];
    by: string | null;
  }): Promise<void> | void;
  /** A customer message while a person holds the conversation (Slack threads it). */
  onCustomerMessageWhileWithStaff?(input: {
    conversationId: string;
    message: Message;
  }): Promise<void> | void;
}

export interface ConversationServiceDeps {
  storage: Storage;
  languageResolver: LanguageResolverPort;
  retriever: Retriever;
  route(signals: RoutingSignals): RoutingDecision;
  models: Record<ModelTier, ChatModel>;
  promptRenderer?: PromptRendererPort;
  botMessages: Record<Language, BotMessages>;
  eventBus: ConversationEventBus;
  answerCache?: AnswerCache;
  costOf(usage: TokenUsage, tier: ModelTier): number;
  uncertaintyMarker: string;
  modelTimeoutMs: number;
  retrievalLimit?: number;
  turnObservers?: TurnObserver[];
  handoffObservers?: HandoffObserver[];
  logger?: Logger;
}
