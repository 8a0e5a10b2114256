import type { Language } from '../language/language.js';
import type { Passage } from '../retrieval/retriever.js';

export type ModelTier = 'small' | 'large';

export interface ChatHistoryMessage {
  role: 'user' | 'assistant';
  text: string;
}

/** The prompt as the pipeline rendered it; adapters that need no prompt (local extractive) ignore it. */
export interface RenderedPrompt {
  /** Byte-identical for every request in a language: the cache-friendly prefix. */
  staticSystem: string;
  /** Per-turn part: passages with ids, trimmed history. */
  dynamicSystem: string;
  /** Content hash of the prompt templates. */
  version: string;
}

export interface ChatRequest {
  tier: ModelTier;
  language: Language;
  /** The customer's current message. */
  question: string;
  history: ChatHistoryMessage[];
  passages: Passage[];
  /** True for the first bot answer of a conversation: the offline answerer says where answers come from. */
  firstAnswerInConversation: boolean;
  prompt?: RenderedPrompt;
  signal?: AbortSignal;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_use' | 'error';

export interface ChatResponse {
  text: string;
  /** Ids of the passages the answer relies on, in citation order. */
  citedPassageIds: string[];
  finishReason: FinishReason;
  usage: TokenUsage;
  modelId: string;
  latencyMs: number;
}

export type ChatStreamEvent =
  | { type: 'delta'; text: string }
  | { type: 'done'; response: ChatResponse };

/** A model that answers a customer turn: Bedrock Converse or the local extractive answerer. */
export interface ChatModel {
  readonly id: string;
  readonly provider: 'local' | 'bedrock';
  generate(request: ChatRequest): Promise<ChatResponse>;
  stream(request: ChatRequest): AsyncIterable<ChatStreamEvent>;
}

export const EMPTY_USAGE: TokenUsage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadInputTokens: 0,
  cacheWriteInputTokens: 0,
});
