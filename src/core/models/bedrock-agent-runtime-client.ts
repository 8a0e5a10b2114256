import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { bedrockClientConfig, type BedrockClientOptions } from './bedrock-runtime-client.js';

/** Knowledge Base Retrieve client; same handler rules as the runtime client. One per process. */
export function createBedrockAgentRuntimeClient(
  options: BedrockClientOptions,
): BedrockAgentRuntimeClient {
  return new BedrockAgentRuntimeClient(bedrockClientConfig(options));
}
