import { LRUCache } from 'lru-cache';
import type { Language } from '../language/language.js';
import type { ModelTier, TokenUsage } from '../models/chat-model.js';
import { EMPTY_USAGE } from '../models/chat-model.js';
import type { Passage, RetrievalResult } from '../retrieval/retriever.js';
import { orderReasons } from '../routing/route-turn.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';
import type {
  Citation,
  Conversation,
  ConversationPatch,
  HistoryMessage,
  Message,
} from '../storage/storage.js';
import { type AnswerChannel, answerWithModels } from './answer-with-models.js';
import type { ConversationServiceDeps, TurnTelemetry } from './conversation-service-types.js';

export interface ReplyToStore {
  conversationId: string;
  userMessage: Message;
  role: 'assistant' | 'system';
  text: string;
  language: Language;
  citations: Citation[];
  tier: Tier;
  reasons: ReasonCode[];
  handoff: boolean;
  meta: Record<string, unknown>;
  /** Stored with the reply, in the same write. */
  conversation?: ConversationPatch;
}

export type StoreReply = (reply: ReplyToStore) => Promise<Message>;

const HISTORY_MESSAGES = 10;

/**
 * The model half of a turn routed small or large: answer cache, prompt, the Small → Large cascade
 * with its fallbacks, citations, cost, and the stored reply.
 */
export function createModelTurnAnswerer(deps: ConversationServiceDeps, storeReply: StoreReply) {
  return async function answer(
    conversation: Conversation,
    userMessage: Message,
    history: HistoryMessage[],
    retrieval: RetrievalResult,
    startTier: ModelTier,
    routedReasons: ReasonCode[],
    telemetry: TurnTelemetry,
    turnStarted: number,
    input: { channel?: AnswerChannel; stream?: boolean },
  ): Promise<Message> {
    const language = telemetry.language;
    const bot = deps.botMessages[language];
    const passages = retrieval.passages.filter((passage) => passage.relevant);
    const chatHistory = history
      .filter((message) => message.role === 'user' || message.role === 'assistant')
      .slice(-HISTORY_MESSAGES)
      .map((message) => ({ role: message.role as 'user' | 'assistant', text: message.text }));
    const prompt = deps.promptRenderer?.render({ language, passages, history: chatHistory });
    telemetry.promptVersion = prompt?.version ?? null;
    const firstAnswer =
      !conversation.offlineNoticeGiven && !history.some((message) => message.role === 'assistant');
    // The local answerer is free but not instant; its first answer of a conversation carries the
    // offline notice, so only later answers are shared between conversations.
    const usesCache =
      deps.answerCache !== undefined &&
      routedReasons.length === 0 &&
      (deps.models[startTier].provider !== 'local' || !firstAnswer);
    const cacheKey = {
      language,
      question: userMessage.text,
      knowledgeBaseVersion: retrieval.knowledgeBaseVersion,
      promptVersion: prompt?.version ?? 'none',
    };

    const cached = usesCache ? deps.answerCache?.get(cacheKey) : undefined;
    if (cached) {
      telemetry.answerCacheHit = true;
      input.channel?.onDelta?.(cached.text);
      return storeReply({
        conversationId: conversation.id,
        userMessage,
        role: 'assistant',
        text: cached.text,
        language,
        citations: cached.citations,
        tier: startTier,
        reasons: routedReasons,
        handoff: false,
        meta: finishTelemetry(telemetry, turnStarted),
      });
    }

    const modelStarted = performance.now();
    const answer = await answerWithModels({
      models: deps.models,
      startTier,
      stream: input.stream ?? false,
      uncertaintyMarker: deps.uncertaintyMarker,
      timeoutMs: deps.modelTimeoutMs,
      costOf: deps.costOf,
      ...(input.channel ? { channel: input.channel } : {}),
      requestFor: (tier) => ({
        tier,
        language,
        question: userMessage.text,
        history: chatHistory,
        passages,
        firstAnswerInConversation: firstAnswer,
        ...(prompt ? { prompt } : {}),
      }),
    });
    telemetry.latencyMs.model = Math.round(performance.now() - modelStarted);
    telemetry.attempts = answer.attempts;
    telemetry.usage = sumUsage(answer.attempts.map((attempt) => attempt.usage));
    telemetry.costUsd = round(
      answer.attempts.reduce((total, attempt) => total + attempt.costUsd, 0),
      6,
    );
    const reasons = orderReasons([...routedReasons, ...answer.addedReasons]);
    telemetry.reasons = reasons;

    if (!answer.response && answer.noAnswer) {
      // The model had no answer in the passages: the customer gets the canned sentence, never the marker.
      telemetry.tier = answer.tier;
      input.channel?.onDelta?.(bot.noAnswer);
      return storeReply({
        conversationId: conversation.id,
        userMessage,
        role: 'assistant',
        text: bot.noAnswer,
        language,
        citations: [],
        tier: answer.tier,
        reasons,
        handoff: false,
        meta: finishTelemetry(telemetry, turnStarted),
      });
    }
    if (!answer.response) {
      telemetry.outcome = 'failed';
      input.channel?.onDelta?.(bot.modelUnavailable);
      return storeReply({
        conversationId: conversation.id,
        userMessage,
        role: 'system',
        text: bot.modelUnavailable,
        language,
        citations: [],
        tier: answer.tier,
        reasons,
        handoff: false,
        meta: finishTelemetry(telemetry, turnStarted),
      });
    }
    const tier: Tier = answer.attempts.some(
      (attempt) => attempt.tier === 'large' && attempt.outcome === 'answered',
    )
      ? 'large'
      : 'small';
    telemetry.tier = tier;
    const citations = citationsOf(retrieval.passages, answer.response.citedPassageIds);
    if (usesCache && answer.addedReasons.length === 0) {
      deps.answerCache?.set(cacheKey, {
        text: answer.response.text,
        citations,
        modelId: answer.response.modelId,
      });
    }
    // The local answerer's first answer carried the offline notice: said once per conversation.
    const gaveOfflineNotice = firstAnswer && deps.models[tier].provider === 'local';
    return storeReply({
      conversationId: conversation.id,
      userMessage,
      role: 'assistant',
      text: answer.response.text,
      language,
      citations,
      tier,
      reasons,
      handoff: false,
      meta: finishTelemetry(telemetry, turnStarted),
      ...(gaveOfflineNotice ? { conversation: { offlineNoticeGiven: true } } : {}),
    });
  };
}

/** Stamps the total latency; the telemetry is stored as the reply's meta. */
export function finishTelemetry(
  telemetry: TurnTelemetry,
  turnStarted: number,
): Record<string, unknown> {
  telemetry.latencyMs.total = Math.round(performance.now() - turnStarted);
  return { ...telemetry };
}

/** The passages the answer cites, once per article section, with a short snippet. */
export function citationsOf(passages: Passage[], ids: string[]): Citation[] {
  const byId = new Map(passages.map((passage) => [passage.id, passage]));
  const citations: Citation[] = [];
  for (const id of ids) {
    const passage = byId.get(id);
    if (!passage || citations.some((citation) => citation.title === passage.title)) continue;
    citations.push({
      title: passage.title,
      ...(passage.url ? { url: passage.url } : {}),
      snippet: snippetOf(passage.text),
    });
  }
  return citations;
}

function sumUsage(usages: TokenUsage[]): TokenUsage {
  return usages.reduce(
    (total, usage) => ({
      inputTokens: total.inputTokens + usage.inputTokens,
      outputTokens: total.outputTokens + usage.outputTokens,
      cacheReadInputTokens: total.cacheReadInputTokens + usage.cacheReadInputTokens,
      cacheWriteInputTokens: total.cacheWriteInputTokens + usage.cacheWriteInputTokens,
    }),
    { ...EMPTY_USAGE },
  );
}

/** Passages repeat (the knowledge base is small next to the traffic): their snippets are kept. */
const snippets = new LRUCache<string, string>({ max: 5_000 });

function snippetOf(text: string): string {
  let snippet = snippets.get(text);
  if (snippet === undefined) {
    const clean = text.replace(/\s+/g, ' ').trim();
    snippet = clean.length <= 200 ? clean : `${clean.slice(0, 197).trimEnd()}…`;
    snippets.set(text, snippet);
  }
  return snippet;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
