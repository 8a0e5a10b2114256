import type { Config } from './config.js';
import { type AnswerCache, createAnswerCache } from './core/conversation/answer-cache.js';
import {
  type ConversationEventBus,
  createConversationEventBus,
} from './core/conversation/conversation-event-bus.js';
import type {
  HandoffObserver,
  Logger,
  TurnObserver,
} from './core/conversation/conversation-service-types.js';
import {
  type ConversationTokens,
  createConversationTokens,
} from './core/conversation/conversation-tokens.js';
import {
  type ConversationService,
  createConversationService,
} from './core/conversation/create-conversation-service.js';
import { createEscalationRecorder } from './core/escalations/create-escalation-recorder.js';
import { createEscalationStore } from './core/escalations/create-escalation-store.js';
import type { EscalationStore } from './core/escalations/escalation-store.js';
import { createLanguageDetector } from './core/language/create-language-detector.js';
import type { Language } from './core/language/language.js';
import type { LanguageDetector } from './core/language/language-detector.js';
import { createLanguageResolver } from './core/language/resolve-language.js';
import { type BotMessages, loadBotMessages } from './core/locales/load-bot-messages.js';
import type { ChatModel, ModelTier } from './core/models/chat-model.js';
import { createChatModels } from './core/models/create-chat-models.js';
import { createPricing } from './core/models/pricing.js';
import {
  createPromptRenderer,
  type PromptRenderer,
} from './core/prompts/create-prompt-renderer.js';
import { NO_ANSWER_MARKER } from './core/prompts/no-answer-marker.js';
import { createRedactor } from './core/redaction/redact-personal-data.js';
import { createRetriever } from './core/retrieval/create-retriever.js';
import type { Retriever } from './core/retrieval/retriever.js';
import { createRouter } from './core/routing/route-turn.js';
import { createStorage } from './core/storage/create-storage.js';
import type { Storage } from './core/storage/storage.js';
import { loadTokenSecret } from './token-secret.js';

/** Everything the HTTP layer, Slack and the CLI use; built once per process. */
export interface Services {
  config: Config;
  storage: Storage;
  retriever: Retriever;
  models: Record<ModelTier, ChatModel>;
  eventBus: ConversationEventBus;
  conversations: ConversationService;
  tokens: ConversationTokens;
  answerCache: AnswerCache;
  turnObservers: TurnObserver[];
  handoffObservers: HandoffObserver[];
  /** Built once here and shared (the eld detector alone is ~130 MB and seconds to load). */
  languageDetector: LanguageDetector;
  botMessages: Record<Language, BotMessages>;
  promptRenderer: PromptRenderer | undefined;
  /** Escalation log and turn counters (/ops). */
  escalations: EscalationStore;
  close(): Promise<void>;
}

export interface ServiceOverrides {
  storage?: Storage;
  retriever?: Retriever;
  models?: Record<ModelTier, ChatModel>;
  tokenSecret?: string;
  logger?: Logger;
}

/** The composition root: picks every backend from configuration (DESIGN.md principles). */
export async function createServices(
  config: Config,
  overrides: ServiceOverrides = {},
): Promise<Services> {
  const storage = overrides.storage ?? createStorage(config.DATABASE_URL);
  await storage.migrate();
  const detector = await createLanguageDetector(config.LANGUAGE_DETECTOR);
  const languageResolver = createLanguageResolver({ detector });
  const retriever = overrides.retriever ?? (await createRetriever(config));
  const botMessages = loadBotMessages(config.LOCALES_DIR);
  const promptRenderer =
    config.MODEL_PROVIDER === 'bedrock'
      ? createPromptRenderer({ promptsDir: config.PROMPTS_DIR })
      : undefined;
  const models =
    overrides.models ??
    createChatModels(config, {
      botMessages,
      ...(promptRenderer ? { promptRenderer } : {}),
      ...(overrides.logger ? { logger: overrides.logger } : {}),
    });
  const pricing = createPricing({
    small: { input: config.PRICE_SMALL_INPUT_PER_MTOK, output: config.PRICE_SMALL_OUTPUT_PER_MTOK },
    large: { input: config.PRICE_LARGE_INPUT_PER_MTOK, output: config.PRICE_LARGE_OUTPUT_PER_MTOK },
  });
  const eventBus = createConversationEventBus();
  // Every stored event goes live, whoever stored it (pipeline, Slack, ops).
  storage.onEventStored((event) => eventBus.publish(event));
  const answerCache = createAnswerCache({ maxEntries: config.ANSWER_CACHE_SIZE });
  const tokens = createConversationTokens({
    secret: overrides.tokenSecret ?? loadTokenSecret(config),
  });
  const turnObservers: TurnObserver[] = [];
  const handoffObservers: HandoffObserver[] = [];
  // Escalation log: one record per escalated turn or handoff, one counter row per turn (src/core/escalations).
  const escalations = createEscalationStore(storage);
  const escalationRecorder = createEscalationRecorder({
    store: escalations,
    storage,
    redact: createRedactor(config.REDACT_PERSONAL_DATA),
  });
  turnObservers.push(escalationRecorder.turnObserver);
  handoffObservers.push(escalationRecorder.handoffObserver);
  const router = createRouter();
  const conversations = createConversationService({
    storage,
    languageResolver,
    retriever,
    route: (signals) => router.route(signals),
    models,
    ...(promptRenderer ? { promptRenderer } : {}),
    botMessages,
    eventBus,
    answerCache,
    costOf: (usage, tier) => pricing.costOf(usage, tier),
    uncertaintyMarker: NO_ANSWER_MARKER,
    modelTimeoutMs: config.MODEL_TIMEOUT_MS,
    turnObservers,
    handoffObservers,
    ...(overrides.logger ? { logger: overrides.logger } : {}),
  });
  return {
    config,
    languageDetector: detector,
    botMessages,
    promptRenderer,
    storage,
    retriever,
    models,
    eventBus,
    conversations,
    tokens,
    answerCache,
    turnObservers,
    handoffObservers,
    escalations,
    async close() {
      await storage.close();
    },
  };
}
