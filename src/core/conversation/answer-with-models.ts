import type {
  ChatModel,
  ChatRequest,
  ChatResponse,
  ModelTier,
  TokenUsage,
} from '../models/chat-model.js';
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
  /** Null when every model failed (localized apology) or none could answer from the passages (`noAnswer`). */
  response: ChatResponse | null;
  /** The last model asked said the passages do not answer: the caller sends its localized no-answer message. */
  noAnswer?: boolean;
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

/** The model answered with the marker: the passages do not answer the question. */
class UncertainAnswer extends Error {
  constructor(readonly usage: TokenUsage = EMPTY_USAGE) {
    super('The model said the passages do not answer the question');
  }
}

/**
 * The escalation cascade: Small answers unless it says the passages do not answer (the
 * uncertainty marker; then Large answers, reason model_uncertain); Large failing falls back to
 * Small; both failing returns no response with reason model_unavailable. Every tier's answer is
 * checked for the marker, since Large gets the same instructions. Streaming holds back text only
 * while it could still turn into the marker, so the customer never sees it and normal answers
 * are not delayed.
 */
export async function answerWithModels(options: AnswerWithModelsOptions): Promise<ModelAnswer> {
  const attempts: ModelAttempt[] = [];
  const addedReasons: ReasonCode[] = [];
  const plan: ModelTier[] = options.startTier === 'small' ? ['small', 'large'] : ['large', 'small'];
  const marker = markerGuardFor(options.uncertaintyMarker);
  let sentText = false;

  for (let index = 0; index < plan.length; index += 1) {
    const tier = plan[index] as ModelTier;
    if (sentText) {
      options.channel?.onReset?.(
        attempts.at(-1)?.outcome === 'uncertain' ? 'model_uncertain' : 'model_failed',
      );
      sentText = false;
    }
    const started = performance.now();
    let firstTokenMs: number | undefined;
    const deadline = createIdleDeadline(options.timeoutMs);
    const request = { ...options.requestFor(tier), signal: deadline.signal };
    const model = options.models[tier];
    try {
      const response = options.stream
        ? await streamOnce(
            model,
            request,
            marker,
            (text) => {
              sentText = true;
              options.channel?.onDelta?.(text);
            },
            (ms) => (firstTokenMs = ms),
            started,
            deadline,
          )
        : await model.generate(request);
      if (marker.contains(response.text)) throw new UncertainAnswer(response.usage);
      attempts.push(
        attemptOf(
          tier,
          model,
          'answered',
          response.usage,
          performance.now() - started,
          options,
          firstTokenMs,
        ),
      );
      return { response, tier, addedReasons, attempts };
    } catch (error) {
      if (error instanceof UncertainAnswer) {
        attempts.push(
          attemptOf(
            tier,
            model,
            'uncertain',
            error.usage,
            performance.now() - started,
            options,
            firstTokenMs,
          ),
        );
        if (!addedReasons.includes('model_uncertain')) addedReasons.push('model_uncertain');
        // Only Small → Large can help: Large saying it, or Small after Large failed, is final.
        if (tier === 'small' && options.startTier === 'small') continue;
        if (sentText) options.channel?.onReset?.('model_uncertain');
        return { response: null, noAnswer: true, tier, addedReasons, attempts };
      }
      const attempt = attemptOf(
        tier,
        model,
        'failed',
        EMPTY_USAGE,
        performance.now() - started,
        options,
        firstTokenMs,
      );
      attempt.error = describeError(error, deadline.signal);
      attempts.push(attempt);
      // An uncertain Small followed by a failing Large has nothing better to fall back on.
      if (addedReasons.includes('model_uncertain')) break;
    } finally {
      deadline.dispose();
    }
  }
  if (sentText) options.channel?.onReset?.('model_failed');
  addedReasons.push('model_unavailable');
  return { response: null, tier: options.startTier, addedReasons, attempts };
}

interface IdleDeadline {
  signal: AbortSignal;
  /** Streams: the deadline bounds the wait for each event, not the whole answer. */
  restart(): void;
  dispose(): void;
}

/** MODEL_TIMEOUT_MS means "until the answer" for Converse and "until the next event" for a stream (docs/bedrock.md). */
function createIdleDeadline(timeoutMs: number): IdleDeadline {
  const controller = new AbortController();
  const start = () =>
    setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  let timer = start();
  return {
    signal: controller.signal,
    restart() {
      clearTimeout(timer);
      if (!controller.signal.aborted) timer = start();
    },
    dispose: () => clearTimeout(timer),
  };
}

interface MarkerGuard {
  /** True when the text holds the marker anywhere, however loosely written ("[[NO ANSWER]]"). */
  contains(text: string): boolean;
  /** Index from which `text` could still turn into the marker; text.length when it cannot. */
  holdFrom(text: string): number;
}

const markerGuards = new Map<string, MarkerGuard>();

/** One guard per marker (it is configuration): built once, not on every answer. */
function markerGuardFor(marker: string): MarkerGuard {
  let guard = markerGuards.get(marker);
  if (guard === undefined) {
    guard = createMarkerGuard(marker);
    markerGuards.set(marker, guard);
  }
  return guard;
}

/** Case, blanks and underscores do not matter: models write the marker loosely. */
function createMarkerGuard(marker: string): MarkerGuard {
  const comparable = (text: string) => text.toUpperCase().replace(/[\s_]+/g, '');
  const target = comparable(marker);
  const first = marker.trimStart()[0];
  // The same test as comparable(text).includes(target), without copying every answer twice:
  // the target's characters in order, with any blanks and underscores between them.
  const loose =
    target.length === 0
      ? null
      : new RegExp(
          [...target]
            .map((character) => character.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('[\\s_]*'),
          'iu',
        );
  return {
    contains: (text) => loose?.test(text) ?? false,
    holdFrom(text) {
      if (!first) return text.length;
      for (
        let position = text.indexOf(first);
        position !== -1;
        position = text.indexOf(first, position + 1)
      ) {
        if (target.startsWith(comparable(text.slice(position)))) return position;
      }
      return text.length;
    },
  };
}

/**
 * Forwards the model's text as it comes, except a tail that could be the start of the marker.
 * Once the marker shows, nothing more is forwarded, but the stream is read to its end so that
 * the tokens of the uncertain answer are counted (they are billed all the same).
 */
async function streamOnce(
  model: ChatModel,
  request: ChatRequest,
  marker: MarkerGuard,
  forward: (text: string) => void,
  onFirstToken: (ms: number) => void,
  started: number,
  deadline: IdleDeadline,
): Promise<ChatResponse> {
  let pending = '';
  let uncertain = false;
  let sawFirst = false;
  try {
    for await (const event of model.stream(request)) {
      deadline.restart();
      if (event.type === 'done') {
        if (uncertain || marker.contains(pending)) throw new UncertainAnswer(event.response.usage);
        if (pending) forward(pending);
        return event.response;
      }
      if (!sawFirst) {
        sawFirst = true;
        onFirstToken(performance.now() - started);
      }
      if (uncertain) continue;
      pending += event.text;
      if (marker.contains(pending)) {
        uncertain = true;
        continue;
      }
      const ready = pending.slice(0, marker.holdFrom(pending));
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
