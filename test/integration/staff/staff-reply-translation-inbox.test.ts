import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChatModels } from '../../../src/core/models/create-chat-models.js';
import {
  converseBody,
  conversePath,
  runtimeScope,
  TEST_REGION,
  testRuntimeClient,
} from '../../support/bedrock-wire.js';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';
import { AUTHORIZATION, OPS_TOKEN } from '../ops/ops-test-support.js';

const SMALL_MODEL = 'mistral.mistral-small-2402-v1:0';
const FRENCH_TRANSLATION = 'Bonjour, j’ai remboursé votre commande.';

/**
 * With a model configured (MODEL_PROVIDER=bedrock; the Converse API stood in with nock), inbox
 * replies are translated into the customer's language and the queue carries the bot's draft.
 */
describe('inbox replies and drafts with a model configured', { timeout: 60_000 }, () => {
  let testApp: TestApp;
  let translations: string[];

  beforeEach(async () => {
    nock.disableNetConnect();
    translations = [];
    runtimeScope()
      .persist()
      .post(conversePath(SMALL_MODEL))
      .reply((_uri, body) => {
        const request = body as {
          system?: unknown;
          messages: Array<{ content: Array<{ text?: string }> }>;
        };
        if (JSON.stringify(request.system ?? []).includes('You translate messages')) {
          translations.push(request.messages.at(-1)?.content[0]?.text ?? '');
          return [200, converseBody({ text: FRENCH_TRANSLATION })];
        }
        return [200, converseBody({ text: 'La livraison express coûte 12,90 € [p1].' })];
      });
    const models = await createChatModels(
      {
        MODEL_PROVIDER: 'bedrock',
        AWS_REGION: TEST_REGION,
        BEDROCK_SMALL_MODEL_ID: SMALL_MODEL,
        BEDROCK_LARGE_MODEL_ID: 'mistral.mistral-large-2407-v1:0',
        BEDROCK_MAX_ATTEMPTS: 1,
      },
      { runtimeClient: testRuntimeClient(1) },
    );
    testApp = await createTestApp(
      { MODEL_PROVIDER: 'bedrock', AWS_REGION: TEST_REGION, BEDROCK_MAX_ATTEMPTS: '1', OPS_TOKEN },
      { models },
    );
  }, 120_000);

  afterEach(async () => {
    await testApp.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('translates an English reply into French for a French customer; the draft is in the queue', async () => {
    const customer = await createConversation(testApp.app, 'fr');
    await postMessage(testApp.app, customer, 'Combien coûte la livraison express ?');
    const handoff = await postMessage(testApp.app, customer, 'Je veux parler à un humain');
    expect(handoff.json().reply.tier).toBe('human');

    const detail = await testApp.app.inject({
      method: 'GET',
      url: `/ops/conversations/${customer.id}`,
      headers: AUTHORIZATION,
    });
    expect(detail.json().draft?.text).toContain('12,90 €');
    const queue = await testApp.app.inject({
      method: 'GET',
      url: '/ops/conversations?state=handoff_requested',
      headers: AUTHORIZATION,
    });
    expect(queue.json().items[0].draft?.text).toContain('12,90 €');

    const reply = await testApp.app.inject({
      method: 'POST',
      url: `/ops/conversations/${customer.id}/messages`,
      headers: AUTHORIZATION,
      payload: {
        text: 'Hello, I have refunded your order and you will see the money within five days.',
      },
    });
    expect(reply.statusCode).toBe(201);
    expect(reply.json()).toMatchObject({
      role: 'staff',
      text: FRENCH_TRANSLATION,
      language: 'fr',
      translation: { from: 'en' },
    });
    expect(translations).toEqual([
      'Hello, I have refunded your order and you will see the money within five days.',
    ]);

    // Written in the customer's language already: sent as written, no model call.
    const french = await testApp.app.inject({
      method: 'POST',
      url: `/ops/conversations/${customer.id}/messages`,
      headers: AUTHORIZATION,
      payload: { text: 'Je reste disponible si vous avez d’autres questions sur votre commande.' },
    });
    expect(french.json()).toMatchObject({ translation: null });
    expect(translations).toHaveLength(1);
  });
});
