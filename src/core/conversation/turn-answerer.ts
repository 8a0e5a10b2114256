import type { Language } from '../language/language.js';
import type { ChatMessage, ModelTier } from '../models/chat-model.js';
import type { PromptRenderer } from '../prompts/create-prompt-renderer.js';
import type { VerdictReason } from '../prompts/escalation-verdict.js';
import type { Passage } from '../retrieval/retriever.js';
import type { ReasonCode } from '../routing/routing-decision.js';
import type { Citation } from './conversation.js';
import {
  type AnswerChannel,
  createModelCascade,
  type ModelAttempt,
  type ModelCascadeOptions,
} from './model-cascade.js';

export interface AnswerRequest {
  startTier: ModelTier;
  language: Language;
  question: string;
  /** Recent turns, oldest first, without the question. */
  history: ChatMessage[];
  /** The passages that cleared the relevance threshold, best first. */
  passages: Passage[];
  knowledgeBaseVersion: string;
  /** A plain question (routed small, no reasons): its answer may be shared with later askers. */
  cacheable: boolean;
  stream: boolean;
  channel?: AnswerChannel;
}

export type TurnAnswer = {
  attempts: ModelAttempt[];
  /**
   * model_uncertain (the cascade went up), model_unavailable (every model failed), and the
   * reason of a model's verdict the cascade acted on.
   */
  addedReasons: ReasonCode[];
  /** The model's own escalation signal (its verdict line), beside the router's reasons. */
  modelVerdict: VerdictReason | null;
  promptVersion: string | null;
} & (
  | {
      kind: 'answered';
      tier: ModelTier;
      text: string;
      citations: Citation[];
      modelId: string;
      /** Answered by the local extractive answerer (the offline mode). */
      offline: boolean;
      /** Taken from the answer cache, without a model call. */
      cached: boolean;
    }
  | { kind: 'no_answer'; tier: ModelTier }
  /** A model's verdict asked for a person. */
  | { kind: 'handoff'; tier: ModelTier }
  | { kind: 'failed'; tier: ModelTier }
);

/** Answers a customer question from passages: the model half of a turn. */
export interface TurnAnswerer {
  readonly promptVersion: string | null;
  /** Every answer comes from the local extractive answerer (no model configured): the offline mode. */
  readonly offline: boolean;
  answer(request: AnswerRequest): Promise<TurnAnswer>;
}

/** The prompt (rendered once, the same for both tiers), the cascade, and the citations of the answer. */
export function createTurnAnswerer(
  deps: ModelCascadeOptions & { promptRenderer?: PromptRenderer | undefined },
): TurnAnswerer {
  const promptVersion = deps.promptRenderer?.version ?? null;
  const cascade = createModelCascade(deps);
  return {
    promptVersion,
    offline: deps.models.small.provider === 'local' && deps.models.large.provider === 'local',
    async answer(request) {
      const { language, passages } = request;
      const prompt = deps.promptRenderer?.render({ language, passages, history: request.history });
      const messages: ChatMessage[] = [
        ...request.history,
        { role: 'user', text: request.question },
      ];
      const result = await cascade({
        startTier: request.startTier,
        stream: request.stream,
        ...(request.channel ? { channel: request.channel } : {}),
        requestFor: () => ({ language, messages, passages, ...(prompt ? { prompt } : {}) }),
      });
      const common = {
        attempts: result.attempts,
        addedReasons: result.addedReasons,
        modelVerdict: result.modelVerdict,
        promptVersion,
      };
      if (result.kind !== 'answered') return { ...common, kind: result.kind, tier: result.tier };
      return {
        ...common,
        kind: 'answered',
        tier: result.tier,
        text: result.response.text,
        citations: answerSources(passages, result.response.citedPassageIds, language),
        modelId: result.response.modelId,
        offline: result.model.provider === 'local',
        cached: false,
      };
    },
  };
}

/** At most this many passages stand in for the citations a model forgot. */
export const MAX_RETRIEVED_SOURCES = 3;

/**
 * The reply's sources: the passages the answer cites or, when the model cited none (models
 * forget their markers), the relevant passages it was given, in the customer's language first,
 * marked `retrieved` so the widget and Slack can say "related" rather than "sources".
 */
export function answerSources(
  passages: Passage[],
  citedIds: string[],
  language: Language,
): Citation[] {
  const cited = citationsOf(passages, citedIds);
  if (cited.length > 0) return cited;
  const relevant = passages.filter((passage) => passage.relevant);
  // A stable sort: within a language, the retriever's order (best first) stands.
  const ordered = [
    ...relevant.filter((passage) => passage.language === language),
    ...relevant.filter((passage) => passage.language !== language),
  ];
  return citationsOf(
    ordered,
    ordered.map((passage) => passage.id),
  )
    .slice(0, MAX_RETRIEVED_SOURCES)
    .map((citation) => ({ ...citation, kind: 'retrieved' }));
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
      kind: 'cited',
    });
  }
  return citations;
}

function snippetOf(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= 200 ? clean : `${clean.slice(0, 197).trimEnd()}…`;
}
