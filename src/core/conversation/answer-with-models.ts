import type { ChatModel, ChatRequest, ChatResponse, ModelTier, TokenUsage } from '../models/chat-model.js';
import { EMPTY_USAGE } from '../models/chat-model.js';
import type { ReasonCode } from '../routing/routing-decision.js';

/** One model call as ops see it in the escalation record. */
export interface ModelAttempt {
  tier: ModelTier;
  modelId: string;
  outcome: 'answered' | 'uncertain' | 'failed';
  usage: TokenUsage;
  costUsd: number;
  latencyMs: number;
  /** Time from the call to its first streamed text, when streamed. */
  firstTokenMs?: number;
  error?: string;
}

export interface ModelAnswer {
  /** Null when every model failed: the caller answers with the localized apology. */
  response: ChatResponse | null;
  tier: ModelTier;
  /** Reasons added while answering: model_uncertain (cascade), model_unavailable (all failed). */
  addedReasons: ReasonCode[];
  attempts: ModelAttempt[];
}

export interface AnswerChannel {
  onDelta?(text: string): void;
  /** Text already sent must be discarded: a failed stream is being answered again. */
  onReset?(reason: string): void;
}

export interface AnswerWithModelsOptions {
  models: Record<ModelTier, ChatModel>;
  startTier: ModelTier;
  /** Builds the request for a tier (the prompt may differ between tiers). */
  requestFor(tier: ModelTier): ChatRequest;
  uncertaintyMarker: string;
  timeoutMs: number;
  costOf(usage: TokenUsage, tier: ModelTier): number;
  channel?: AnswerChannel;
  stream: boolean;
}

/** Small began with the marker: the passages do not answer the question. */
class UncertainAnswer extends Error {
  constructor(readonly usage: TokenUsage = EMPTY_USAGE) {
    super('The model said the passages do not answer the question');
  }
}

/**
 * The escalation cascade: Small answers unless it starts with the uncertainty marker (then
 * Large answers, reason model_uncertain); Large failing falls back to Small; both failing
 * returns no response with reason model_unavailable. Streaming holds back the first
 * characters of a Small answer until the marker is ruled out, so the customer never sees it.
 */
export async function answerWithModels(options: AnswerWithModelsOptions): Promise<ModelAnswer> {
  const attempts: ModelAttempt[] = [];
  const addedReasons: ReasonCode[] = [];
  const plan: ModelTier[] = options.startTier === 'small' ? ['small', 'large'] : ['large', 'small'];
  let sentText = false;

  for (let index = 0; index < plan.length; index += 1) {
    const tier = plan[index] as ModelTier;
    const checksMarker = tier === 'small' && options.startTier === 'small';
    if (sentText) {
      options.channel?.onReset?.('model_failed');
      sentText = false;
    }
    const started = performance.now();
    let firstTokenMs: number | undefined;
    const signal = AbortSignal.timeout(options.timeoutMs);
    const request = { ...options.requestFor(tier), signal };
    const model = options.models[tier];
    try {
      const response = options.stream
        ? await streamOnce(model, request, checksMarker ? options.uncertaintyMarker : null, (text) => {
            sentText = true;
            options.channel?.onDelta?.(text);
          }, (ms) => (firstTokenMs = ms), started)
        : await model.generate(request);
      if (checksMarker && startsWithMarker(response.text, options.uncertaintyMarker)) throw new UncertainAnswer(response.usage);
      const text = stripMarker(response.text, options.uncertaintyMarker);
      attempts.push(attemptOf(tier, model, 'answered', response.usage, performance.now() - started, options, firstTokenMs));
      return { response: { ...response, text }, tier, addedReasons, attempts };
    } catch (error) {
      if (error instanceof UncertainAnswer) {
        attempts.push(attemptOf(tier, model, 'uncertain', error.usage, performance.now() - started, options, firstTokenMs));
        if (!addedReasons.includes('model_uncertain')) addedReasons.push('model_uncertain');
        continue;
      }
      const attempt = attemptOf(tier, model, 'failed', EMPTY_USAGE, performance.now() - started, options, firstTokenMs);
      attempt.error = describeError(error, signal);
      attempts.push(attempt);
      // An uncertain Small followed by a failing Large has nothing better to fall back on.
      if (addedReasons.includes('model_uncertain')) break;
    }
  }
  if (sentText) options.channel?.onReset?.('model_failed');
  addedReasons.push('model_unavailable');
  return { response: null, tier: options.startTier, addedReasons, attempts };
}

async function streamOnce(
  model: ChatModel,
  request: ChatRequest,
  marker: string | null,
  forward: (text: string) => void,
  onFirstToken: (ms: number) => void,
  started: number,
): Promise<ChatResponse> {
  let held = '';
  let releasing = marker === null;
  let sawFirst = false;
  for await (const event of model.stream(request)) {
    if (event.type === 'done') {
      if (!releasing && held && !startsWithMarker(held, marker ?? '')) forward(held);
      return event.response;
    }
    if (!sawFirst) {
      sawFirst = true;
      onFirstToken(performance.now() - started);
    }
    if (releasing) {
      forward(event.text);
      continue;
    }
    held += event.text;
    const trimmed = held.trimStart();
    if (marker && trimmed.length >= marker.length) {
      if (trimmed.startsWith(marker)) throw new UncertainAnswer();
      releasing = true;
      forward(held);
    }
  }
  throw new Error('The model stream ended without a final event');
}

function startsWithMarker(text: string, marker: string): boolean {
  return marker.length > 0 && text.trimStart().startsWith(marker);
}

function stripMarker(text: string, marker: string): string {
  return startsWithMarker(text, marker) ? text.trimStart().slice(marker.length).trimStart() : text;
}

function attemptOf(
  tier: ModelTier,
  model: ChatModel,
  outcome: ModelAttempt['outcome'],
  usage: TokenUsage,
  latencyMs: number,
  options: AnswerWithModelsOptions,
  firstTokenMs: number | undefined,
): ModelAttempt {
  return {
    tier,
    modelId: model.id,
    outcome,
    usage,
    costUsd: options.costOf(usage, tier),
    latencyMs: Math.round(latencyMs),
    ...(firstTokenMs === undefined ? {} : { firstTokenMs: Math.round(firstTokenMs) }),
  };
}

function describeError(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'timeout';
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
