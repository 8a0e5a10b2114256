import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import nock from 'nock';
import { createBedrockAgentRuntimeClient } from '../../src/core/models/bedrock-agent-runtime-client.js';
import { createBedrockRuntimeClient } from '../../src/core/models/bedrock-runtime-client.js';
import { type EventStreamFrame, encodeFrames } from './bedrock-eventstream.js';

export const TEST_REGION = 'eu-west-3';
/** Static fake credentials: the SDK signs with them and never looks for real ones (no IMDS call). */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIDPARLEYTEST',
  secretAccessKey: 'parley-test-secret',
};

export const RUNTIME_ORIGIN = `https://bedrock-runtime.${TEST_REGION}.amazonaws.com`;
export const AGENT_RUNTIME_ORIGIN = `https://bedrock-agent-runtime.${TEST_REGION}.amazonaws.com`;

export function testRuntimeClient(maxAttempts = 3): BedrockRuntimeClient {
  return createBedrockRuntimeClient({
    region: TEST_REGION,
    requestHandler: new NodeHttpHandler(),
    credentials: TEST_CREDENTIALS,
    maxAttempts,
  });
}

export function testAgentRuntimeClient(maxAttempts = 3): BedrockAgentRuntimeClient {
  return createBedrockAgentRuntimeClient({
    region: TEST_REGION,
    requestHandler: new NodeHttpHandler(),
    credentials: TEST_CREDENTIALS,
    maxAttempts,
  });
}

export function conversePath(modelId: string): string {
  return `/model/${encodeURIComponent(modelId)}/converse`;
}

export function converseStreamPath(modelId: string): string {
  return `/model/${encodeURIComponent(modelId)}/converse-stream`;
}

export function retrievePath(knowledgeBaseId: string): string {
  return `/knowledgebases/${encodeURIComponent(knowledgeBaseId)}/retrieve`;
}

export interface ConverseBodyOptions {
  text: string;
  stopReason?: string;
  usage?: {
    inputTokens: number;
    outputTokens: number;
    cacheReadInputTokens?: number;
    cacheWriteInputTokens?: number;
  };
}

/** A Converse JSON response as Bedrock returns it. */
export function converseBody(options: ConverseBodyOptions): Record<string, unknown> {
  const usage = options.usage ?? { inputTokens: 100, outputTokens: 20 };
  return {
    output: { message: { role: 'assistant', content: [{ text: options.text }] } },
    stopReason: options.stopReason ?? 'end_turn',
    usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
    metrics: { latencyMs: 321 },
  };
}

export const EVENTSTREAM_HEADERS = { 'content-type': 'application/vnd.amazon.eventstream' };

/** A 200 ConverseStream body made of real eventstream frames. */
export function eventStreamReply(
  frames: readonly EventStreamFrame[],
): [number, Buffer, Record<string, string>] {
  return [200, encodeFrames(frames), EVENTSTREAM_HEADERS];
}

/** An AWS JSON error response (how the SDK learns the exception name). */
export function awsErrorReply(
  status: number,
  errorType: string,
  message: string,
): [number, string, Record<string, string>] {
  return [
    status,
    JSON.stringify({ message }),
    {
      'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      'content-type': 'application/json',
    },
  ];
}

/** A socket reset as Node reports it (nock needs a real Error to surface it to the SDK). */
export function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

export function runtimeScope(): nock.Scope {
  return nock(RUNTIME_ORIGIN);
}

export function agentRuntimeScope(): nock.Scope {
  return nock(AGENT_RUNTIME_ORIGIN);
}
