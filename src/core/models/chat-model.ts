import type { Language } from '../language/language.js';
import type { Passage } from '../retrieval/retriever.js';

export type ModelTier = 'small' | 'large';

/** One turn of the conversation as a model sees it. */
export interface ChatMessage {
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

/** What a model needs to answer one customer message, and nothing about the pipeline around it. */
export interface ChatRequest {
  /** The language to answer in. */
  language: Language;
  /** Recent turns of the conversation, oldest first, ending with the customer's current message. */
  messages: ChatMessage[];
  /** Help-center passages the answer may draw on and cite (labelled [p1]… in the prompt). */
  passages: Passage[];
  /** The rendered system prompt, for models that take one. */
  prompt?: RenderedPrompt;
  signal?: AbortSignal;
}

/** The customer's message a request asks about: the last user turn. */
export function currentQuestion(request: Pick<ChatRequest, 'messages'>): string {
  return request.messages.findLast((message) => message.role === 'user')?.text ?? '';
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
