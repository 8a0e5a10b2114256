import {
  type BedrockRuntimeClient,
  type TokenUsage as BedrockTokenUsage,
  ConverseCommand,
  type ConverseRequest,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  type Message,
  type SystemContentBlock,
} from '@aws-sdk/client-bedrock-runtime';
import { createCitationStripper } from '../prompts/citation-markers.js';
import type { PromptRenderer } from '../prompts/create-prompt-renderer.js';
import {
  type BedrockError,
  ModelAbortedError,
  ModelResponseError,
  ModelStreamInterruptedError,
  toBedrockError,
} from './bedrock-errors.js';
import {
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type ChatStreamEvent,
  currentQuestion,
  type FinishReason,
  type RenderedPrompt,
  type TokenUsage,
} from './chat-model.js';
import { createIdleDeadline, type IdleDeadline } from './idle-deadline.js';
import {
  capabilitiesFor,
  createPromptCachingRegistry,
  isPromptCachingUnsupportedError,
  type ModelCapabilities,
  type PromptCachingRegistry,
} from './model-capabilities.js';

/** pino-compatible subset, so core code needs no logger dependency. */
export interface AdapterLogger {
  warn(details: object, message: string): void;
}

export interface BedrockConverseModelOptions {
  /** The process-wide client from createBedrockRuntimeClient. */
  client: BedrockRuntimeClient;
  /** A model id, inference-profile id or ARN. */
  modelId: string;
  /** Defaults to the capability table entry for the id. */
  capabilities?: ModelCapabilities;
  /** generate: whole call (SDK retries included); stream: until the first event, then between events. */
  timeoutMs: number;
  maxTokens: number;
  temperature: number;
  /** Share one per process across tiers; a private one is made when omitted. */
  cachingRegistry?: PromptCachingRegistry;
  /** Renders the prompt when the request comes without one. */
  promptRenderer?: PromptRenderer;
  logger?: AdapterLogger;
}

export interface BedrockConverseModel extends ChatModel {
  readonly provider: 'bedrock';
  readonly capabilities: ModelCapabilities;
}

const CACHE_POINT: SystemContentBlock = { cachePoint: { type: 'default' } };

const FINISH_REASONS: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  content_filtered: 'content_filter',
  guardrail_intervened: 'content_filter',
  tool_use: 'tool_use',
  malformed_model_output: 'error',
  malformed_tool_use: 'error',
};

export function toFinishReason(stopReason: string | undefined): FinishReason {
  return (stopReason && FINISH_REASONS[stopReason]) || 'stop';
}

export function toTokenUsage(usage: BedrockTokenUsage | undefined): TokenUsage {
  return {
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cacheReadInputTokens: usage?.cacheReadInputTokens ?? 0,
    cacheWriteInputTokens: usage?.cacheWriteInputTokens ?? 0,
  };
}

export function createBedrockConverseModel(
  options: BedrockConverseModelOptions,
): BedrockConverseModel {
  const { client, modelId } = options;
  const capabilities = options.capabilities ?? capabilitiesFor(modelId);
  const cachingRegistry = options.cachingRegistry ?? createPromptCachingRegistry();

  const promptOf = (request: ChatRequest): RenderedPrompt => {
    if (request.prompt) return request.prompt;
    if (!options.promptRenderer)
      throw new TypeError(`Bedrock model ${modelId} needs request.prompt or a promptRenderer`);
    return options.promptRenderer.render({
      language: request.language,
      passages: request.passages,
      history: request.messages.slice(0, -1),
    });
  };

  const wantsCachePoint = () => capabilities.promptCaching && !cachingRegistry.isDisabled(modelId);

  const buildInput = (
    request: ChatRequest,
    prompt: RenderedPrompt,
    withCachePoint: boolean,
  ): ConverseRequest => {
    const inferenceConfig = { maxTokens: options.maxTokens, temperature: options.temperature };
    if (!capabilities.systemPrompt) {
      // Models that reject `system` get the same text at the head of the only user turn.
      const folded = [
        prompt.staticSystem,
        prompt.dynamicSystem,
        `Customer message:\n${currentQuestion(request)}`,
      ]
        .filter((part) => part.trim().length > 0)
        .join('\n\n');
      return {
        modelId,
        messages: [{ role: 'user', content: [{ text: folded }] }],
        inferenceConfig,
      };
    }
    const system: SystemContentBlock[] = [{ text: prompt.staticSystem }];
    if (withCachePoint) system.push(CACHE_POINT);
    if (prompt.dynamicSystem.trim()) system.push({ text: prompt.dynamicSystem });
    // History is in the prompt: Mistral wants the turns to alternate, and the prompt trims it to a budget.
    const messages: Message[] = [{ role: 'user', content: [{ text: currentQuestion(request) }] }];
    return { modelId, system, messages, inferenceConfig };
  };

  /** Sends once with a cachePoint when allowed; on the caching refusal, remembers it and sends once without. */
  async function sendWithCachingFallback<T>(
    request: ChatRequest,
    send: (input: ConverseRequest) => Promise<T>,
  ): Promise<T> {
    const prompt = promptOf(request);
    const withCachePoint = wantsCachePoint();
    try {
      return await send(buildInput(request, prompt, withCachePoint));
    } catch (error) {
      if (!withCachePoint || !isPromptCachingUnsupportedError(error)) throw error;
      cachingRegistry.disable(modelId);
      options.logger?.warn(
        { modelId },
        'model refused prompt caching; cachePoint disabled for this process',
      );
      return await send(buildInput(request, prompt, false));
    }
  }

  /** A request cancelled before or while streaming never reaches, or keeps reading, the network. */
  const abortedError = (): BedrockError =>
    new ModelAbortedError('aborted', `call to model ${modelId} was cancelled`, {
      resource: modelId,
    });

  const classify = (error: unknown, deadline: IdleDeadline, request: ChatRequest): BedrockError =>
    toBedrockError(error, {
      resource: modelId,
      timedOut: deadline.timedOut(),
      aborted: request.signal?.aborted ?? false,
    });

  async function generate(request: ChatRequest): Promise<ChatResponse> {
    if (request.signal?.aborted) throw abortedError();
    const started = performance.now();
    const deadline = createIdleDeadline(options.timeoutMs, request.signal);
    try {
      const output = await sendWithCachingFallback(request, (input) =>
        client.send(new ConverseCommand(input), { abortSignal: deadline.signal }),
      );
      const content = output.output?.message?.content;
      if (!Array.isArray(content)) {
        throw new ModelResponseError(
          'malformed_response',
          `model ${modelId} answered without a message`,
          {
            resource: modelId,
            httpStatus: output.$metadata.httpStatusCode,
          },
        );
      }
      const rawText = content.map((block) => block.text ?? '').join('');
      const stripper = createCitationStripper(request.passages.map((passage) => passage.id));
      const text = (stripper.push(rawText) + stripper.finish()).trim();
      return {
        text,
        citedPassageIds: stripper.citedPassageIds(),
        finishReason: toFinishReason(output.stopReason),
        usage: toTokenUsage(output.usage),
        modelId,
        latencyMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      throw classify(error, deadline, request);
    } finally {
      deadline.dispose(false);
    }
  }

  async function* stream(request: ChatRequest): AsyncGenerator<ChatStreamEvent> {
    if (request.signal?.aborted) throw abortedError();
    const started = performance.now();
    const deadline = createIdleDeadline(options.timeoutMs, request.signal);
    let completed = false;
    try {
      let events: AsyncIterable<ConverseStreamOutput>;
      try {
        const output = await sendWithCachingFallback(request, (input) =>
          client.send(new ConverseStreamCommand(input), { abortSignal: deadline.signal }),
        );
        if (!output.stream) {
          throw new ModelResponseError(
            'malformed_response',
            `model ${modelId} answered without an event stream`,
            {
              resource: modelId,
              httpStatus: output.$metadata.httpStatusCode,
            },
          );
        }
        events = output.stream;
      } catch (error) {
        throw classify(error, deadline, request);
      }

      const stripper = createCitationStripper(request.passages.map((passage) => passage.id));
      let shown = '';
      let stopReason: string | undefined;
      let usage: BedrockTokenUsage | undefined;
      try {
        for await (const event of events) {
          // Frames already decoded from the last chunk must not leak out after a cancel.
          if (request.signal?.aborted) throw abortedError();
          deadline.restart();
          const text = event.contentBlockDelta?.delta?.text;
          if (text) {
            const visible = stripper.push(text);
            if (visible) {
              shown += visible;
              yield { type: 'delta', text: visible };
            }
          } else if (event.messageStop) {
            stopReason = event.messageStop.stopReason;
          } else if (event.metadata) {
            usage = event.metadata.usage;
          }
        }
        if (stopReason === undefined) {
          throw new ModelResponseError(
            'malformed_response',
            `stream from ${modelId} ended before messageStop`,
            { resource: modelId },
          );
        }
      } catch (error) {
        const cause = classify(error, deadline, request);
        if (cause.code === 'aborted') throw cause;
        throw new ModelStreamInterruptedError(
          `stream from ${modelId} broke after ${shown.length} characters: ${cause.message}`,
          {
            resource: modelId,
            awsErrorName: cause.awsErrorName,
            httpStatus: cause.httpStatus,
            cause,
            partialText: shown,
          },
        );
      }

      const tail = stripper.finish().trimEnd();
      if (tail) {
        shown += tail;
        yield { type: 'delta', text: tail };
      }
      completed = true;
      yield {
        type: 'done',
        response: {
          text: shown.trim(),
          citedPassageIds: stripper.citedPassageIds(),
          finishReason: toFinishReason(stopReason),
          usage: toTokenUsage(usage),
          modelId,
          latencyMs: Math.round(performance.now() - started),
        },
      };
    } finally {
      deadline.dispose(!completed);
    }
  }

  return { id: modelId, provider: 'bedrock', capabilities, generate, stream };
}
