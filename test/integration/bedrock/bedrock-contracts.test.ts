import nock from 'nock';
import { afterAll, beforeAll } from 'vitest';
import { createBedrockAgentRuntimeClient } from '../../../src/core/models/bedrock-agent-runtime-client.js';
import { createBedrockConverseModel } from '../../../src/core/models/bedrock-converse-model.js';
import { createBedrockRuntimeClient } from '../../../src/core/models/bedrock-runtime-client.js';
import { createBedrockKnowledgeBaseRetriever } from '../../../src/core/retrieval/bedrock-knowledge-base-retriever.js';
import { describeChatModelContract } from '../../contracts/chat-model.contract.js';
import { describeRetrieverContract } from '../../contracts/retriever.contract.js';
import { type BedrockStandIn, startBedrockStandIn } from '../../support/bedrock-stand-in.js';
import { TEST_CREDENTIALS, TEST_REGION } from '../../support/bedrock-wire.js';
import { renderer } from './bedrock-fixtures.js';

/*
 * The shared contracts, run against the Bedrock adapters over the real wire: the SDK clients
 * talk HTTP to the stand-in (Converse JSON, ConverseStream eventstream frames, Retrieve over kb/).
 */
let standIn: BedrockStandIn;

beforeAll(async () => {
  nock.enableNetConnect();
  standIn = await startBedrockStandIn({ tokensPerSecond: 400, firstTokenDelayMs: 5 });
});
afterAll(async () => {
  await standIn.close();
});

const clientOptions = () => ({
  region: TEST_REGION,
  endpoint: standIn.url,
  credentials: TEST_CREDENTIALS,
  maxAttempts: 1,
});

for (const modelId of [
  'mistral.mistral-small-2402-v1:0',
  'mistral.mistral-7b-instruct-v0:2',
  'amazon.nova-lite-v1:0',
]) {
  describeChatModelContract(`bedrock converse (${modelId})`, () =>
    createBedrockConverseModel({
      client: createBedrockRuntimeClient(clientOptions()),
      modelId,
      timeoutMs: 5_000,
      maxTokens: 300,
      temperature: 0,
      promptRenderer: renderer,
    }),
  );
}

describeRetrieverContract(
  'bedrock knowledge base (stand-in over kb/)',
  () =>
    createBedrockKnowledgeBaseRetriever({
      client: createBedrockAgentRuntimeClient(clientOptions()),
      knowledgeBaseId: 'KBCONTRACT',
      numberOfResults: 5,
      relevanceThreshold: 0.5,
      knowledgeBaseVersion: 'kb-contract-1',
    }),
  {
    onTopic: { text: 'How do I reset my password?', language: 'en' },
    otherOnTopic: { text: 'Welche Zahlungsmethoden akzeptieren Sie?', language: 'de' },
    offTopic: { text: 'Can you write me a poem about the sea?', language: 'en' },
  },
);
