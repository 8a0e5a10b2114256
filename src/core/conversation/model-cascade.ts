import type {
  ChatModel,
  ChatRequest,
  ChatResponse,
  ModelTier,
  TokenUsage,
} from '../models/chat-model.js';
import { EMPTY_USAGE } from '../models/chat-model.js';
import { createIdleDeadline, type IdleDeadline } from '../models/idle-deadline.js';
import { containsNoAnswerMarker, noAnswerMarkerHoldFrom } from '../prompts/no-answer-marker.js';
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

/** What the cascade ended with; `addedReasons` are model_uncertain (cascade) and model_unavailable. */
export type CascadeResult = { attempts: ModelAttempt[]; addedReasons: ReasonCode[] } & (
  | { kind: 'answered'; tier: ModelTier; model: ChatModel; response: ChatResponse }
  /** The last model asked said the passages do not answer. */
  | { kind: 'no_answer'; tier: ModelTier }
  /** Every model failed. */
  | { kind: 'failed'; tier: ModelTier }
);

export interface AnswerChannel {
  onDelta?(text: string): void;
  /** Text already sent must be discarded: a failed stream is being answered again. */
  onReset?(reason: string): void;
}

export interface ModelCascadeOptions {
  models: Readonly<Record<ModelTier, ChatModel>>;
  timeoutMs: number;
  costOf(usage: TokenUsage, tier: ModelTier): number;
}

export interface CascadeRequest {
  startTier: ModelTier;
  /** The request for a tier (the prompt may differ between tiers). */
  requestFor(tier: ModelTier): ChatRequest;
  stream: boolean;
  channel?: AnswerChannel;
}

/** The model answered with the no-answer marker. */
class UncertainAnswer extends Error {
  constructor(readonly usage: TokenUsage = EMPTY_USAGE) {
    super('The model said the passages do not answer the question');
  }
}

/**
 * The escalation cascade: Small answers unless it says the passages do not answer (the
 * no-answer marker; then Large answers, reason model_uncertain); Large failing falls back to
 * Small; both failing ends with reason model_unavailable. Every tier's answer is checked for the
 * marker. Streaming holds back text only while it could still turn into the marker, so the
 * customer never sees it and normal answers are not delayed.
 */
export function createModelCascade(options: ModelCascadeOptions) {
  return async function answer(request: CascadeRequest): Promise<CascadeResult> {
    const attempts: ModelAttempt[] = [];
    const addedReasons: ReasonCode[] = [];
    const plan: ModelTier[] =
      request.startTier === 'small' ? ['small', 'large'] : ['large', 'small'];
    let sentText = false;
    const forward = (text: string) => {
      sentText = true;
      request.channel?.onDelta?.(text);
    };

    for (const tier of plan) {
      if (sentText) {
        request.channel?.onReset?.(
          attempts.at(-1)?.outcome === 'uncertain' ? 'model_uncertain' : 'model_failed',
        );
        sentText = false;
      }
      const model = options.models[tier];
      const started = performance.now();
      const attempt = (outcome: ModelAttempt['outcome'], usage: TokenUsage): ModelAttempt => ({
        tier,
        modelId: model.id,
        outcome,
        usage,
        // The local extractive answerer runs in-process: its token counts are estimates, not a bill.
        costUsd: model.provider === 'local' ? 0 : options.costOf(usage, tier),
        latencyMs: Math.round(performance.now() - started),
      });
      const deadline = createIdleDeadline(options.timeoutMs);
      const chatRequest = { ...request.requestFor(tier), signal: deadline.signal };
      let firstTokenMs: number | undefined;
      try {
        const response = request.stream
          ? await streamOnce(model, chatRequest, {
              deadline,
              forward,
              onFirstToken: () => {
                firstTokenMs ??= Math.round(performance.now() - started);
              },
            })
          : await model.generate(chatRequest);
        if (containsNoAnswerMarker(response.text)) throw new UncertainAnswer(response.usage);
        attempts.push({ ...attempt('answered', response.usage), ...withFirstToken(firstTokenMs) });
        return { kind: 'answered', tier, model, response, attempts, addedReasons };
      } catch (error) {
        if (error instanceof UncertainAnswer) {
          attempts.push({ ...attempt('uncertain', error.usage), ...withFirstToken(firstTokenMs) });
          if (!addedReasons.includes('model_uncertain')) addedReasons.push('model_uncertain');
          // Only Small → Large can help: Large saying it, or Small after Large failed, is final.
          if (tier === 'small' && request.startTier === 'small') continue;
          if (sentText) request.channel?.onReset?.('model_uncertain');
          return { kind: 'no_answer', tier, attempts, addedReasons };
        }
        attempts.push({
          ...attempt('failed', EMPTY_USAGE),
          ...withFirstToken(firstTokenMs),
          error: describeError(error, deadline),
        });
        // An uncertain Small followed by a failing Large has nothing better to fall back on.
        if (addedReasons.includes('model_uncertain')) break;
      } finally {
        deadline.dispose();
      }
    }
    if (sentText) request.channel?.onReset?.('model_failed');
    addedReasons.push('model_unavailable');
    return { kind: 'failed', tier: request.startTier, attempts, addedReasons };
  };
}

export type ModelCascade = ReturnType<typeof createModelCascade>;

const withFirstToken = (firstTokenMs: number | undefined) =>
  firstTokenMs === undefined ? {} : { firstTokenMs };

/**
 * Forwards the model's text as it comes, except a tail that could be the start of the marker.
 * Once the marker shows, nothing more is forwarded, but the stream is read to its end so that
 * the tokens of the uncertain answer are counted (they are billed all the same).
 */
async function streamOnce(
  model: ChatModel,
  request: ChatRequest,
  handlers: { deadline: IdleDeadline; forward(text: string): void; onFirstToken(): void },
): Promise<ChatResponse> {
  const { deadline, forward, onFirstToken } = handlers;
  let pending = '';
  let uncertain = false;
  try {
    for await (const event of model.stream(request)) {
      deadline.restart();
      if (event.type === 'done') {
        if (uncertain || containsNoAnswerMarker(pending))
          throw new UncertainAnswer(event.response.usage);
        if (pending) forward(pending);
        return event.response;
      }
      onFirstToken();
      if (uncertain) continue;
      pending += event.text;
      if (containsNoAnswerMarker(pending)) {
        uncertain = true;
        continue;
      }
      const ready = pending.slice(0, noAnswerMarkerHoldFrom(pending));
      // Blanks wait for the words after them: a lone blank sent before the marker would need a reset.
      if (ready.trim()) {
        forward(ready);
        pending = pending.slice(ready.length);
      }
    }
  } catch (error) {
    if (uncertain && !(error instanceof UncertainAnswer)) throw new UncertainAnswer();
    throw error;
  }
  if (uncertain) throw new UncertainAnswer();
  throw new Error('The model stream ended without a final event');
}

function describeError(error: unknown, deadline: IdleDeadline): string {
  if (deadline.timedOut()) return 'timeout';
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
