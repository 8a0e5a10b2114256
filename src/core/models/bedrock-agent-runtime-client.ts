import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { type BedrockClientOptions, bedrockClientConfig } from './bedrock-runtime-client.js';

/** Knowledge Base Retrieve client; same handler rules as the runtime client. One per process. */
export function createBedrockAgentRuntimeClient(
  options: BedrockClientOptions,
): BedrockAgentRuntimeClient {
  return new BedrockAgentRuntimeClient(bedrockClientConfig(options));
}
