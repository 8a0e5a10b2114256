import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadBotMessages } from '../../../src/core/locales/load-bot-messages.js';
import {
  type ChatModelsConfig,
  createChatModels,
} from '../../../src/core/models/create-chat-models.js';
import {
  awsErrorReply,
  converseBody,
  conversePath,
  runtimeScope,
  TEST_CREDENTIALS,
  TEST_REGION,
} from '../../support/bedrock-wire.js';
import { chatRequest, renderer } from './bedrock-fixtures.js';

const botMessages = loadBotMessages(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../locales'),
);

const bedrockConfig: ChatModelsConfig = {
  MODEL_PROVIDER: 'bedrock',
  AWS_REGION: TEST_REGION,
  BEDROCK_SMALL_MODEL_ID: 'mistral.mistral-small-2402-v1:0',
  BEDROCK_LARGE_MODEL_ID: 'mistral.mistral-large-2407-v1:0',
  BEDROCK_MAX_ATTEMPTS: 2,
  MODEL_TIMEOUT_MS: 5_000,
};

const deps = {
  botMessages,
  requestHandler: new NodeHttpHandler(),
  credentials: TEST_CREDENTIALS,
  promptRenderer: renderer,
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('createChatModels', () => {
  it('builds one Bedrock model per tier from the configured ids', async () => {
    const models = await createChatModels(bedrockConfig, deps);
    expect([models.small.id, models.large.id]).toEqual([
      bedrockConfig.BEDROCK_SMALL_MODEL_ID,
      bedrockConfig.BEDROCK_LARGE_MODEL_ID,
    ]);
    const small = runtimeScope()
      .post(conversePath(bedrockConfig.BEDROCK_SMALL_MODEL_ID))
      .reply(200, converseBody({ text: 'small [p1]' }));
    const large = runtimeScope()
      .post(conversePath(bedrockConfig.BEDROCK_LARGE_MODEL_ID))
      .reply(200, converseBody({ text: 'large [p2]' }));
    const [smallAnswer, largeAnswer] = await Promise.all([
      models.small.generate(chatRequest()),
      models.large.generate(chatRequest()),
    ]);
    expect(small.isDone() && large.isDone()).toBe(true);
    expect(smallAnswer).toMatchObject({ text: 'small', citedPassageIds: ['en/returns#window'] });
    expect(largeAnswer).toMatchObject({ text: 'large', citedPassageIds: ['en/returns#costs'] });
  });

  it('shares the caching memory between tiers: one refusal is enough for the process', async () => {
    const nova = 'amazon.nova-lite-v1:0';
    const models = await createChatModels(
      { ...bedrockConfig, BEDROCK_SMALL_MODEL_ID: nova, BEDROCK_LARGE_MODEL_ID: nova },
      deps,
    );
    const sent: string[] = [];
    const record = (body: unknown) => {
      sent.push(JSON.stringify(body));
      return true;
    };
    runtimeScope()
      .post(conversePath(nova), record)
      .reply(
        ...awsErrorReply(400, 'ValidationException', 'Your request did not allow prompt caching.'),
      )
      .post(conversePath(nova), record)
      .times(2)
      .reply(200, converseBody({ text: 'ok' }));
    await models.small.generate(chatRequest());
    await models.large.generate(chatRequest());
    expect(sent.map((body) => body.includes('cachePoint'))).toEqual([true, false, false]);
  });

  it('returns the local extractive answerer for both tiers with MODEL_PROVIDER=local', async () => {
    const models = await createChatModels({ ...bedrockConfig, MODEL_PROVIDER: 'local' }, deps);
    expect(models.small).toBe(models.large);
    expect(models.small.provider).toBe('local');
    // No network: nock would throw on any request since net connect is disabled.
    const answer = await models.small.generate(chatRequest());
    expect(answer.text.length).toBeGreaterThan(0);
  });
});
