import type {
  ChatModel,
  ChatRequest,
  ChatResponse,
  ModelTier,
  TokenUsage,
} from '../models/chat-model.js';
import { EMPTY_USAGE } from '../models/chat-model.js';
import { createIdleDeadline, type IdleDeadline } from '../models/idle-deadline.js';
import {
  readCompleteVerdict,
  readVerdict,
  type VerdictReason,
} from '../prompts/escalation-verdict.js';
import { containsNoAnswerMarker, noAnswerMarkerHoldFrom } from '../prompts/no-answer-marker.js';
import { type ReasonCode, TIER_OF_REASON } from '../routing/routing-decision.js';

/** One model call as ops see it in the escalation record. */
export interface ModelAttempt {
  tier: ModelTier;
  modelId: string;
  outcome: 'answered' | 'uncertain' | 'escalated' | 'failed';
  /** The verdict the model gave on its first line (`escalated`), acted on or not. */
  verdict?: VerdictReason;
  usage: TokenUsage;
  costUsd: number;
  latencyMs: number;
  /** Time from the call to its first streamed text, when streamed. */
  firstTokenMs?: number;
  error?: string;
}

/**
 * What the cascade ended with; `addedReasons` are model_uncertain (cascade), model_unavailable
 * and the reason of a verdict acted on, which `modelVerdict` names apart so ops can tell the
 * model's signal from the router's.
 */
export type CascadeResult = {
  attempts: ModelAttempt[];
  addedReasons: ReasonCode[];
  modelVerdict: VerdictReason | null;
} & (
  | { kind: 'answered'; tier: ModelTier; model: ChatModel; response: ChatResponse }
  /** The last model asked said the passages do not answer. */
  | { kind: 'no_answer'; tier: ModelTier }
  /** A model said the message needs a person: hand the conversation over. */
  | { kind: 'handoff'; tier: ModelTier }
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

/** The model began its answer with a verdict (escalation-verdict.ts). */
class VerdictAnswer extends Error {
  constructor(
    readonly reason: VerdictReason,
    readonly usage: TokenUsage = EMPTY_USAGE,
    /** The answer after the verdict line (Large's answer stands when its verdict is ignored). */
    readonly rest: ChatResponse | null = null,
  ) {
    super(`The model asked to escalate: ${reason}`);
  }
}

/**
 * The escalation cascade: Small answers unless it says the passages do not answer (the
 * no-answer marker; then Large answers, reason model_uncertain) or gives a verdict on its first
 * line (a person: the turn is handed off; Large: Large answers, with the verdict's reason);
 * Large failing falls back to Small; both failing ends with reason model_unavailable. Large's
 * own verdict can only ask for a person (asking for Large is ignored). Every tier's answer is
 * checked for the marker and the verdict. Streaming holds back text only while it could still
 * turn into either, so the customer never sees them and normal answers are not delayed.
 */
export function createModelCascade(options: ModelCascadeOptions) {
  return async function answer(request: CascadeRequest): Promise<CascadeResult> {
    const attempts: ModelAttempt[] = [];
    const addedReasons: ReasonCode[] = [];
    let modelVerdict: VerdictReason | null = null;
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
        const raw = request.stream
          ? await streamOnce(model, chatRequest, {
              deadline,
              forward,
              onFirstToken: () => {
                firstTokenMs ??= Math.round(performance.now() - started);
              },
            })
          : await model.generate(chatRequest);
        const response = withoutVerdict(raw);
        if (containsNoAnswerMarker(response.text)) throw new UncertainAnswer(response.usage);
        attempts.push({ ...attempt('answered', response.usage), ...withFirstToken(firstTokenMs) });
        return { kind: 'answered', tier, model, response, attempts, addedReasons, modelVerdict };
      } catch (error) {
        if (error instanceof VerdictAnswer) {
          attempts.push({
            ...attempt('escalated', error.usage),
            ...withFirstToken(firstTokenMs),
            verdict: error.reason,
          });
          // Nothing of an answer that begins with a verdict was forwarded: no reset is needed.
          const needs = TIER_OF_REASON[error.reason];
          if (needs === 'human') {
            modelVerdict = error.reason;
            if (!addedReasons.includes(error.reason)) addedReasons.push(error.reason);
            return { kind: 'handoff', tier, attempts, addedReasons, modelVerdict };
          }
          // Asking for Large only means something from Small, and Small's verdict wins over its
          // own uncertainty: the turn goes up with the reason the model gave.
          if (tier === 'small') {
            modelVerdict = error.reason;
            if (!addedReasons.includes(error.reason)) addedReasons.push(error.reason);
            if (request.startTier === 'small') continue;
            // Large already failed: nothing better to fall back on (as an uncertain Small).
            break;
          }
          // Large asking for Large: ignored, its answer after the verdict line stands (kept in
          // the attempt so ops see the verdict was given).
          const answer = error.rest;
          if (answer?.text.trim() && !containsNoAnswerMarker(answer.text)) {
            attempts[attempts.length - 1] = { ...attempts.at(-1)!, outcome: 'answered' };
            // Nothing after a verdict was forwarded: the answer is sent now, whole.
            if (request.stream) forward(answer.text);
            return {
              kind: 'answered',
              tier,
              model,
              response: answer,
              attempts,
              addedReasons,
              modelVerdict,
            };
          }
          if (!addedReasons.includes('model_uncertain')) addedReasons.push('model_uncertain');
          return { kind: 'no_answer', tier, attempts, addedReasons, modelVerdict };
        }
        if (error instanceof UncertainAnswer) {
          attempts.push({ ...attempt('uncertain', error.usage), ...withFirstToken(firstTokenMs) });
          if (!addedReasons.includes('model_uncertain')) addedReasons.push('model_uncertain');
          // Only Small → Large can help: Large saying it, or Small after Large failed, is final.
          if (tier === 'small' && request.startTier === 'small') continue;
          if (sentText) request.channel?.onReset?.('model_uncertain');
          return { kind: 'no_answer', tier, attempts, addedReasons, modelVerdict };
        }
        attempts.push({
          ...attempt('failed', EMPTY_USAGE),
          ...withFirstToken(firstTokenMs),
          error: describeError(error, deadline),
        });
        // An uncertain Small (or one that asked for Large) followed by a failing Large has
        // nothing better to fall back on.
        if (addedReasons.includes('model_uncertain') || modelVerdict !== null) break;
      } finally {
        deadline.dispose();
      }
    }
    if (sentText) request.channel?.onReset?.('model_failed');
    addedReasons.push('model_unavailable');
    return { kind: 'failed', tier: request.startTier, attempts, addedReasons, modelVerdict };
  };
}

export type ModelCascade = ReturnType<typeof createModelCascade>;

const withFirstToken = (firstTokenMs: number | undefined) =>
  firstTokenMs === undefined ? {} : { firstTokenMs };

/**
 * The answer without its verdict line. A verdict throws; a malformed one is dropped, and when
 * nothing follows it the model gave no answer at all (as with the no-answer marker).
 */
function withoutVerdict(response: ChatResponse): ChatResponse {
  const reading = readCompleteVerdict(response.text);
  if (reading.status === 'verdict')
    throw new VerdictAnswer(reading.reason, response.usage, { ...response, text: reading.rest });
  if (reading.rest === response.text) return response;
  if (!reading.rest.trim()) throw new UncertainAnswer(response.usage);
  return { ...response, text: reading.rest };
}

/**
 * Forwards the model's text as it comes, except a first line that could still be a verdict and
 * a tail that could be the start of the no-answer marker. Once either shows, nothing more is
 * forwarded, but the stream is read to its end so that the tokens are counted (they are billed
 * all the same) and, for a verdict, the answer after it is known.
 */
async function streamOnce(
  model: ChatModel,
  request: ChatRequest,
  handlers: { deadline: IdleDeadline; forward(text: string): void; onFirstToken(): void },
): Promise<ChatResponse> {
  const { deadline, forward, onFirstToken } = handlers;
  let head = '';
  let headDecided = false;
  let verdict: VerdictReason | null = null;
  let pending = '';
  let uncertain = false;
  const decideHead = (final: boolean) => {
    const reading = readVerdict(head, final);
    if (reading.status === 'undecided') return;
    headDecided = true;
    if (reading.status === 'verdict') verdict = reading.reason;
    else pending += reading.rest;
  };
  try {
    for await (const event of model.stream(request)) {
      deadline.restart();
      if (event.type === 'done') {
        if (!headDecided) decideHead(true);
        // The caller reads the verdict from the complete text (withoutVerdict).
        if (verdict !== null) return event.response;
        if (uncertain || containsNoAnswerMarker(pending))
          throw new UncertainAnswer(event.response.usage);
        if (pending) forward(pending);
        return event.response;
      }
      onFirstToken();
      if (uncertain || verdict !== null) continue;
      if (headDecided) pending += event.text;
      else {
        head += event.text;
        decideHead(false);
        if (!headDecided || verdict !== null) continue;
      }
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
    if (verdict !== null && !(error instanceof VerdictAnswer)) throw new VerdictAnswer(verdict);
    if (uncertain && !(error instanceof UncertainAnswer)) throw new UncertainAnswer();
    throw error;
  }
  if (verdict !== null) throw new VerdictAnswer(verdict);
  if (uncertain) throw new UncertainAnswer();
  throw new Error('The model stream ended without a final event');
}

function describeError(error: unknown, deadline: IdleDeadline): string {
  if (deadline.timedOut()) return 'timeout';
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
