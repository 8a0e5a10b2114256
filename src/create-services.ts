import type { Config } from './config.js';
import { withAnswerCache } from './core/conversation/answer-cache.js';
import {
  type ConversationEventBus,
  createConversationEventBus,
} from './core/conversation/conversation-event-bus.js';
import { createConversationLogReader } from './core/conversation/conversation-log-reader.js';

import {
  type ConversationQueue,
  createConversationQueue,
} from './core/conversation/conversation-queue.js';
import { createConversationRepository } from './core/conversation/conversation-repository.js';
import {
  type ConversationTokens,
  createConversationTokens,
} from './core/conversation/conversation-tokens.js';
import {
  type ConversationService,
  createConversationService,
} from './core/conversation/create-conversation-service.js';
import type { Logger } from './core/conversation/listener-set.js';
import {
  createPostgresConversationEventBus,
  notifyConversationEvent,
} from './core/conversation/postgres-conversation-event-bus.js';
import { createTurnAnswerer } from './core/conversation/turn-answerer.js';
import { createDatabase } from './core/database/create-database.js';
import type { Database } from './core/database/database.js';
import { isPostgresDatabase } from './core/database/postgres-database.js';
import { createEscalationRecorder } from './core/escalations/create-escalation-recorder.js';
import { createEscalationStore } from './core/escalations/create-escalation-store.js';
import type { EscalationStore } from './core/escalations/escalation-store.js';
import {
  createFeedbackService,
  type FeedbackService,
} from './core/feedback/create-feedback-service.js';
import { createFeedbackRepository } from './core/feedback/feedback-repository.js';

import { createHandoffDrafter } from './core/handoff/handoff-drafter.js';
import { withDetectionCache } from './core/language/cached-language-detector.js';
import { createLanguageDetector } from './core/language/create-language-detector.js';
import type { Language } from './core/language/language.js';
import type { LanguageDetector } from './core/language/language-detector.js';
import { createLanguageResolver } from './core/language/resolve-language.js';
import {
  type BotMessages,
  fillPlaceholders,
  loadBotMessages,
} from './core/locales/load-bot-messages.js';
import type { ChatModel, ModelTier } from './core/models/chat-model.js';
import { createChatModels } from './core/models/create-chat-models.js';
import { createPricing } from './core/models/pricing.js';
import {
  describeTierPrices,
  priceTableOf,
  type TierPricing,
  tierPricesOfConfig,
} from './core/models/tier-prices.js';
import {
  createKnowledgeGapQuery,
  type KnowledgeGapQuery,
} from './core/outcomes/create-knowledge-gap-query.js';
import { createOutcomeQuery, type OutcomeQuery } from './core/outcomes/create-outcome-query.js';
import {
  createPromptRenderer,
  type PromptRenderer,
} from './core/prompts/create-prompt-renderer.js';
import { createRedactor } from './core/redaction/redact-personal-data.js';
import { createRetriever } from './core/retrieval/create-retriever.js';
import { type KnowledgeBase, loadKnowledgeBase } from './core/retrieval/knowledge-base-loader.js';
import { withRetrievalCache } from './core/retrieval/retrieval-cache.js';
import type { Retriever } from './core/retrieval/retriever.js';
import { createRouter } from './core/routing/route-turn.js';
import { createInboxDrafts, type InboxDrafts } from './core/staff/inbox-drafts.js';
import {
  createChatModelTranslator,
  type StaffReplyTranslator,
} from './core/staff/staff-reply-translator.js';
import { createStaffRepository, type StaffRepository } from './core/staff/staff-repository.js';
import { formatOpening, parseSupportHours, type SupportHours } from './core/staff/support-hours.js';
import { supportHoursFromKnowledgeBase } from './core/staff/support-hours-from-knowledge-base.js';
import { parleyMigrations } from './migrations.js';
import { loadTokenSecret } from './token-secret.js';

/** What the HTTP layer, Slack and the CLI use; built once per process. */
export interface Services {
  config: Config;
  /** The process's one database handle; modules outside src/core (Slack) keep their tables in it. */
  database: Database;
  conversations: ConversationService;
  tokens: ConversationTokens;
  /** TOKEN_SECRET or the one generated once in the database: the same on every instance. */
  deploymentSecret: string;
  /** Escalation log and turn counters (/ops). */
  escalations: EscalationStore;
  eventBus: ConversationEventBus;
  /** Customer ratings of answers and verdicts on conversations (outcomes). */
  feedback: FeedbackService;
  /** The time outcomes are judged at (tests move it past the resolution window). */
  clock: () => Date;
  /** Conversation outcomes and their figures (/ops/stats, the detail page, /metrics). */
  outcomes: OutcomeQuery;
  /** Unanswered questions grouped by topic (/ops/knowledge-gaps). */
  knowledgeGaps: KnowledgeGapQuery;

  /** Named staff accounts for the /ops inbox. */
  staff: StaffRepository;
  /** The inbox's reads: conversations by state and language, the waiting queue's figures. */
  conversationQueue: ConversationQueue;
  /** With a model configured: staff replies translated into the customer's language. */
  staffReplyTranslator: StaffReplyTranslator | undefined;
  /** With a model configured: the bot's suggested answer for each waiting conversation. */
  inboxDrafts: InboxDrafts | undefined;
  /** When a person answers; undefined: always (SUPPORT_HOURS=always, or no hours anywhere). */
  supportHours: SupportHours | undefined;
  retriever: Retriever;
  /** RETRIEVER=local: kb/ as loaded, which the retriever indexes and /help serves. */
  knowledgeBase: KnowledgeBase | undefined;
  models: Readonly<Record<ModelTier, ChatModel>>;
  /** Built once here and shared (loading eld's database takes a moment). */
  languageDetector: LanguageDetector;
  botMessages: Readonly<Record<Language, BotMessages>>;
  promptRenderer: PromptRenderer | undefined;
  /** Repeated questions answered without a model call (for /metrics). */
  answerCacheStats: { readonly hits: number; readonly misses: number };
  close(): Promise<void>;
}

export interface ServiceOverrides {
  database?: Database;
  retriever?: Retriever;
  models?: Readonly<Record<ModelTier, ChatModel>>;
  tokenSecret?: string;
  logger?: Logger;
  clock?: () => Date;
}

/** Distinct texts whose language, and questions whose passages, are remembered. */
const DETECTION_CACHE_SIZE = 10_000;
const RETRIEVAL_CACHE_SIZE = 5_000;

/** The composition root: picks every backend from configuration and wires the modules together. */
export async function createServices(
  config: Config,
  overrides: ServiceOverrides = {},
): Promise<Services> {
  const database = overrides.database ?? createDatabase(config.DATABASE_URL);
  await database.migrate(parleyMigrations(database.dialect));

  // Support traffic repeats the same short questions all day: detection and (for the fixed local
  // knowledge base) retrieval results are remembered, and answers to plain questions are reused.
  const languageDetector = withDetectionCache(
    await createLanguageDetector(config.LANGUAGE_DETECTOR),
    { maxEntries: DETECTION_CACHE_SIZE },
  );
  // Loaded once even when a test brings its own retriever: the help center (/help) shows it too.
  const knowledgeBase =
    config.RETRIEVER === 'local' ? await loadKnowledgeBase(config.KB_DIR) : undefined;
  const baseRetriever =
    overrides.retriever ?? (await createRetriever(config, knowledgeBase ? { knowledgeBase } : {}));
  const retriever =
    config.RETRIEVER === 'local' && overrides.retriever === undefined
      ? withRetrievalCache(baseRetriever, { maxEntries: RETRIEVAL_CACHE_SIZE })
      : baseRetriever;
  const botMessages = loadBotMessages(config.LOCALES_DIR);
  const promptRenderer =
    config.MODEL_PROVIDER === 'bedrock'
      ? createPromptRenderer({ promptsDir: config.PROMPTS_DIR })
      : undefined;
  const models =
    overrides.models ??
    (await createChatModels(config, {
      ...(promptRenderer ? { promptRenderer } : {}),
      ...(overrides.logger ? { logger: overrides.logger } : {}),
    }));
  const tierPrices = tierPricesOfConfig(config);
  if (config.MODEL_PROVIDER === 'bedrock') warnAboutUnpricedTiers(tierPrices, overrides.logger);
  const pricing = createPricing(priceTableOf(tierPrices));
  const answerer = withAnswerCache(
    createTurnAnswerer({
      models,
      timeoutMs: config.MODEL_TIMEOUT_MS,
      costOf: (usage, tier) => pricing.costOf(usage, tier),
      promptRenderer,
    }),
    { maxEntries: config.ANSWER_CACHE_SIZE },
  );

  // On PostgreSQL several instances (and the CLI) share the database: events fan out through
  // LISTEN/NOTIFY. On SQLite one instance owns the file and fans out in process.
  const postgres = isPostgresDatabase(database) ? database : undefined;
  const repository = createConversationRepository(
    database,
    postgres ? { onEventInserted: notifyConversationEvent } : {},
  );
  const eventBus = postgres
    ? createPostgresConversationEventBus({
        clientConfig: postgres.clientConfig,
        readEventsAfter: (conversationId, afterId) =>
          repository.listEvents(conversationId, afterId),
        ...(overrides.logger ? { logger: overrides.logger } : {}),
      })
    : createConversationEventBus();
  await eventBus.start();
  // Every stored event goes live, whoever stored it (pipeline, Slack, ops).
  repository.onEventStored((event) => eventBus.publish(event));
  const router = createRouter();
  const supportHoursText = config.SUPPORT_HOURS ?? supportHoursFromKnowledgeBase(config.KB_DIR);
  const supportHours =
    supportHoursText && supportHoursText !== 'always'
      ? parseSupportHours(supportHoursText)
      : undefined;
  const languageResolver = createLanguageResolver({ detector: languageDetector });
  const conversations = createConversationService({
    repository,
    eventBus,
    resolveLanguage: (input) => languageResolver.resolve(input),
    retriever,
    route: (signals) => router.route(signals),
    smallTalk: (signals) => router.smallTalk(signals),
    answerer,
    botMessages,
    answerLeaseMs: config.MODEL_TIMEOUT_MS,

    ...(supportHours
      ? {
          outsideHoursNotice: (language: Language) => {
            const now = new Date();
            if (supportHours.isOpen(now)) return undefined;
            const opening = supportHours.nextOpening(now);
            return opening
              ? fillPlaceholders(botMessages[language].handoffOutsideHours, {
                  opens: formatOpening(opening, language, supportHours.timeZone),
                })
              : undefined;
          },
        }
      : {}),
    ...(overrides.logger ? { logger: overrides.logger } : {}),
  });

  // Escalation log: one record per escalated turn or handoff, one counter row per turn.
  const escalations = createEscalationStore(database);
  const recorder = createEscalationRecorder({
    store: escalations,
    conversations,
    redact: createRedactor(config.REDACT_PERSONAL_DATA),
  });
  conversations.onTurn(recorder.onTurn);
  conversations.onHandoff(recorder.onHandoff);

  const clock = overrides.clock ?? (() => new Date());
  const feedback = createFeedbackService({
    repository: createFeedbackRepository(database, clock),
    conversations: {
      getConversation: (id) => conversations.getConversation(id),
      getMessage: (conversationId, messageId) => repository.getMessage(conversationId, messageId),
      findMessageConversationId: (messageId) => repository.findMessageConversationId(messageId),
    },
    redact: createRedactor(config.REDACT_PERSONAL_DATA),
  });
  const logReader = createConversationLogReader(database);
  const outcomes = createOutcomeQuery({
    log: logReader,
    feedback,
    async conversationsWithEscalations(filter) {
      const ids = new Set<string>();
      for await (const record of escalations.stream(filter)) ids.add(record.conversationId);
      return ids;
    },
    clock,
    resolutionWindowHours: config.RESOLUTION_WINDOW_HOURS,
  });
  const knowledgeGaps = createKnowledgeGapQuery({
    log: logReader,
    outcomes,
    redact: createRedactor(config.REDACT_PERSONAL_DATA),
  });

  // The offline answerer can neither translate nor draft: both need a real model.
  const onModel = config.MODEL_PROVIDER === 'bedrock';
  const staffReplyTranslator = onModel
    ? createChatModelTranslator({ model: models.small, timeoutMs: config.MODEL_TIMEOUT_MS })
    : undefined;
  const inboxDrafts = onModel
    ? createInboxDrafts({
        drafter: createHandoffDrafter({
          retriever,
          model: models.small,
          ...(promptRenderer ? { promptRenderer } : {}),
          timeoutMs: config.MODEL_TIMEOUT_MS,
        }),
        conversations,
        ...(overrides.logger ? { logger: overrides.logger } : {}),
      })
    : undefined;
  if (inboxDrafts) conversations.onHandoff(inboxDrafts.onHandoff);

  const deploymentSecret = overrides.tokenSecret ?? (await loadTokenSecret(config, database));
  return {
    config,
    database,
    conversations,
    tokens: createConversationTokens({ secret: deploymentSecret }),
    deploymentSecret,
    escalations,
    eventBus,
    feedback,
    clock,
    outcomes,
    knowledgeGaps,

    staff: createStaffRepository(database),
    conversationQueue: createConversationQueue(database),
    staffReplyTranslator,
    inboxDrafts,
    supportHours,
    retriever,
    knowledgeBase,
    models,
    languageDetector,
    botMessages,
    promptRenderer,
    answerCacheStats: answerer.stats,
    async close() {
      await eventBus.close();
      await database.close();
    },
  };
}

/** A tier model without a list price or PRICE_* would be billed in the logs at a made-up rate. */
function warnAboutUnpricedTiers(pricing: TierPricing, logger: Logger | undefined): void {
  const lines = describeTierPrices(pricing);
  (['small', 'large'] as const).forEach((tier, index) => {
    const { origin, modelId } = pricing[tier];
    if (origin.input === 'default' || origin.output === 'default')
      logger?.warn(
        { tier, modelId, prices: lines[index] },
        'model cost priced with a built-in default',
      );
  });
}
