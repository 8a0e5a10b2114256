import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { PromptRenderer } from '../prompts/create-prompt-renderer.js';
import type { AdapterLogger } from './bedrock-converse-model.js';
import type { BedrockCredentials, BedrockRequestHandler } from './bedrock-runtime-client.js';
import type { ChatModel, ModelTier } from './chat-model.js';
import { createLocalExtractiveModel } from './local-extractive-model.js';
import { createPromptCachingRegistry } from './model-capabilities.js';

/** The configuration keys this factory reads (names as in the configuration contract). */
export interface ChatModelsConfig {
  MODEL_PROVIDER: 'local' | 'bedrock';
  AWS_REGION: string;
  BEDROCK_RUNTIME_ENDPOINT?: string | undefined;
  /** Model ids are configuration only; config.ts holds their defaults. */
  BEDROCK_SMALL_MODEL_ID: string;
  BEDROCK_LARGE_MODEL_ID: string;
  /** SDK attempts for throttling/5xx/connection errors. Default 3. */
  BEDROCK_MAX_ATTEMPTS?: number | undefined;
  /** Per call (generate) or until the first / between stream events (stream). Default 20000. */
  MODEL_TIMEOUT_MS?: number | undefined;
  /** Default 700: a support answer is short; the cap bounds cost and latency. */
  BEDROCK_MAX_TOKENS?: number | undefined;
  /** Default 0.2: factual answers from passages. */
  BEDROCK_TEMPERATURE?: number | undefined;
}

export interface ChatModelsDeps {
  /** Renders prompts for requests that come without one. */
  promptRenderer?: PromptRenderer;
  /** Tests: `new NodeHttpHandler()` so nock intercepts. */
  requestHandler?: BedrockRequestHandler;
  credentials?: BedrockCredentials;
  /** Reuse an existing client instead of creating the process-wide one here. */
  runtimeClient?: BedrockRuntimeClient;
  logger?: AdapterLogger;
}

export type ChatModels = Readonly<Record<ModelTier, ChatModel>>;

/**
 * Picks the chat models by configuration. Async because the Bedrock adapters, and with them the
 * AWS SDK, are imported only when MODEL_PROVIDER=bedrock: the embedded default never loads them.
 */
export async function createChatModels(
  config: ChatModelsConfig,
  deps: ChatModelsDeps = {},
): Promise<ChatModels> {
  if (config.MODEL_PROVIDER === 'local') {
    const local = createLocalExtractiveModel();
    return { small: local, large: local };
  }
  const [{ createBedrockConverseModel }, { createBedrockRuntimeClient }] = await Promise.all([
    import('./bedrock-converse-model.js'),
    import('./bedrock-runtime-client.js'),
  ]);
  const client =
    deps.runtimeClient ??
    createBedrockRuntimeClient({
      region: config.AWS_REGION,
      endpoint: config.BEDROCK_RUNTIME_ENDPOINT,
      requestHandler: deps.requestHandler,
      credentials: deps.credentials,
      maxAttempts: config.BEDROCK_MAX_ATTEMPTS ?? 3,
    });
  // One registry for both tiers: a refusal of prompt caching is remembered process-wide.
  const cachingRegistry = createPromptCachingRegistry();
  const common = {
    client,
    cachingRegistry,
    timeoutMs: config.MODEL_TIMEOUT_MS ?? 20_000,
    maxTokens: config.BEDROCK_MAX_TOKENS ?? 700,
    temperature: config.BEDROCK_TEMPERATURE ?? 0.2,
    ...(deps.promptRenderer ? { promptRenderer: deps.promptRenderer } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  };
  return {
    small: createBedrockConverseModel({ ...common, modelId: config.BEDROCK_SMALL_MODEL_ID }),
    large: createBedrockConverseModel({ ...common, modelId: config.BEDROCK_LARGE_MODEL_ID }),
  };
}
