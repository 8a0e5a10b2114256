import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type {
  BedrockCredentials,
  BedrockRequestHandler,
} from '../models/bedrock-runtime-client.js';
import type { KnowledgeBase } from './knowledge-base-loader.js';
import { createLocalRetriever } from './local-retriever.js';
import type { Retriever } from './retriever.js';

/** Used when BEDROCK_KB_RELEVANCE_THRESHOLD is unset; Bedrock scores are 0..1 similarities. */
export const DEFAULT_BEDROCK_RELEVANCE_THRESHOLD = 0.5;

/** The configuration keys this factory reads (names as in the configuration contract). */
export interface RetrieverConfig {
  RETRIEVER: 'local' | 'bedrock';
  KB_DIR: string;
  /** Overrides the local retriever's calibrated threshold (DEFAULT_RELEVANCE_THRESHOLD). */
  LOCAL_RELEVANCE_THRESHOLD?: number | undefined;
  AWS_REGION: string;
  BEDROCK_AGENT_RUNTIME_ENDPOINT?: string | undefined;
  BEDROCK_KB_ID?: string | undefined;
  BEDROCK_KB_LANGUAGE_KEY?: string | undefined;
  BEDROCK_KB_RESULTS?: number | undefined;
  BEDROCK_KB_RELEVANCE_THRESHOLD?: number | undefined;
  /** Part of the answer-cache key: bump it on every ingestion. Defaults to the KB id. */
  BEDROCK_KB_VERSION?: string | undefined;
  BEDROCK_MAX_ATTEMPTS?: number | undefined;
}

export interface RetrieverDeps {
  /** Tests: `new NodeHttpHandler()` so nock intercepts. */
  requestHandler?: BedrockRequestHandler;
  credentials?: BedrockCredentials;
  /** Reuse an existing client instead of creating one here. */
  agentRuntimeClient?: BedrockAgentRuntimeClient;
  /** The local knowledge base, already loaded (the app also serves it as the help center). */
  knowledgeBase?: KnowledgeBase;
  /** Receives knowledge-base loader warnings (skipped folders). */
  onWarning?: (message: string) => void;
}

/** Picks the retriever by configuration; the local one indexes `KB_DIR` before resolving. */
export async function createRetriever(
  config: RetrieverConfig,
  deps: RetrieverDeps = {},
): Promise<Retriever> {
  switch (config.RETRIEVER) {
    case 'local':
      return createLocalRetriever({
        kbDir: config.KB_DIR,
        ...(deps.knowledgeBase ? { knowledgeBase: deps.knowledgeBase } : {}),
        ...(config.LOCAL_RELEVANCE_THRESHOLD !== undefined
          ? { relevanceThreshold: config.LOCAL_RELEVANCE_THRESHOLD }
          : {}),
        ...(deps.onWarning ? { onWarning: deps.onWarning } : {}),
      });
    case 'bedrock': {
      if (!config.BEDROCK_KB_ID)
        throw new Error('RETRIEVER=bedrock needs BEDROCK_KB_ID (the Knowledge Base id)');
      // Loaded on demand so that the embedded default never pays for the AWS SDK at startup.
      const [{ createBedrockKnowledgeBaseRetriever }, { createBedrockAgentRuntimeClient }] =
        await Promise.all([
          import('./bedrock-knowledge-base-retriever.js'),
          import('../models/bedrock-agent-runtime-client.js'),
        ]);
      const client =
        deps.agentRuntimeClient ??
        createBedrockAgentRuntimeClient({
          region: config.AWS_REGION,
          ...(config.BEDROCK_AGENT_RUNTIME_ENDPOINT
            ? { endpoint: config.BEDROCK_AGENT_RUNTIME_ENDPOINT }
            : {}),
          ...(deps.requestHandler ? { requestHandler: deps.requestHandler } : {}),
          ...(deps.credentials ? { credentials: deps.credentials } : {}),
          maxAttempts: config.BEDROCK_MAX_ATTEMPTS ?? 3,
        });
      return createBedrockKnowledgeBaseRetriever({
        client,
        knowledgeBaseId: config.BEDROCK_KB_ID,
        numberOfResults: config.BEDROCK_KB_RESULTS ?? 5,
        ...(config.BEDROCK_KB_LANGUAGE_KEY
          ? { languageMetadataKey: config.BEDROCK_KB_LANGUAGE_KEY }
          : {}),
        relevanceThreshold:
          config.BEDROCK_KB_RELEVANCE_THRESHOLD ?? DEFAULT_BEDROCK_RELEVANCE_THRESHOLD,
        ...(config.BEDROCK_KB_VERSION ? { knowledgeBaseVersion: config.BEDROCK_KB_VERSION } : {}),
      });
    }
    default: {
      const unknown: never = config.RETRIEVER;
      throw new Error(`RETRIEVER=${String(unknown)} is not one of local, bedrock`);
    }
  }
}
