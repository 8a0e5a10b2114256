import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChatModels } from '../../../src/core/models/create-chat-models.js';
import {
  awsErrorReply,
  converseBody,
  conversePath,
  runtimeScope,
  TEST_REGION,
  testRuntimeClient,
} from '../../support/bedrock-wire.js';
import {
  eventCallback,
  postToSlackEndpoint,
  SLACK_TEST_ENVIRONMENT,
  SLACK_TEST_HANDOFF_CHANNEL,
  threadReplyEvent,
} from '../../support/slack-requests.js';
import { interceptSlackWebApi, type SlackWebApiStandIn } from '../../support/slack-web-api.js';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';

const SMALL_MODEL = 'mistral.mistral-small-2402-v1:0';
const FRENCH_TRANSLATION =
  'Bonjour, j’ai remboursé votre commande. Vous verrez l’argent sous 5 jours ouvrés.';

interface ConverseRequestBody {
  system?: Array<{ text?: string }>;
  messages: Array<{ role: string; content: Array<{ text?: string }> }>;
}

/**
 * Staff replies are translated by the real Bedrock Converse adapter, over the wire (nock on the
 * Bedrock runtime endpoint): the configuration MODEL_PROVIDER=bedrock is what switches it on.
 */
describe('staff replies in another language than the customer’s', () => {
  let testApp: TestApp;
  let slackApi: SlackWebApiStandIn;
  let translationRequests: ConverseRequestBody[];
  let failTranslations: boolean;

  beforeEach(async () => {
    nock.disableNetConnect();
    slackApi = interceptSlackWebApi();
    translationRequests = [];
    failTranslations = false;
    runtimeScope()
      .persist()
      .post(conversePath(SMALL_MODEL))
      .reply((_uri, body) => {
        const request = body as ConverseRequestBody;
        const isTranslation = JSON.stringify(request.system ?? []).includes(
          'You translate messages',
        );
        if (!isTranslation)
          return [200, converseBody({ text: 'La livraison express coûte 12,90 € [p1].' })];
        translationRequests.push(request);
        if (failTranslations)
          return awsErrorReply(
            400,
            'ValidationException',
            'The model is not available in this region',
          );
        return [200, converseBody({ text: `"${FRENCH_TRANSLATION}"` })];
      });
    const environment = {
      ...SLACK_TEST_ENVIRONMENT,
      MODEL_PROVIDER: 'bedrock',
      AWS_REGION: TEST_REGION,
      BEDROCK_MAX_ATTEMPTS: '1',
    };
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
    testApp = await createTestApp(environment, { models });
  });

  afterEach(async () => {
    await testApp.app.slack?.idle();
    await testApp.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  async function frenchCustomerWithCard() {
    const customer = await createConversation(testApp.app, 'fr');
    const reply = await postMessage(
      testApp.app,
      customer,
      'Je veux parler à un humain, on m’a débité deux fois !',
    );
    expect(reply.json().reply.tier).toBe('human');
    await testApp.app.slack!.idle();
    const [card] = slackApi.cardsIn(SLACK_TEST_HANDOFF_CHANNEL);
    return { customer, cardTs: card!.ts };
  }

  async function staffReplies(cardTs: string, text: string) {
    const response = await postToSlackEndpoint(
      testApp.app,
      eventCallback(
        threadReplyEvent({
          channel: SLACK_TEST_HANDOFF_CHANNEL,
          threadTs: cardTs,
          user: 'U0ANNA',
          text,
        }),
      ),
    );
    expect(response.statusCode).toBe(200);
    await testApp.app.slack!.idle();
  }

  it('translates an English reply into French for the customer and shows the translation to staff', async () => {
    const { customer, cardTs } = await frenchCustomerWithCard();
    const original =
      'Hello, I have refunded your order. You will see the money within 5 working days.';
    await staffReplies(cardTs, original);

    expect(translationRequests).toHaveLength(1);
    const request = JSON.stringify(translationRequests[0]);
    expect(request).toContain('from English into French');
    expect(translationRequests[0]?.messages).toEqual([
      { role: 'user', content: [{ text: original }] },
    ]);

    const stored = (await testApp.services.conversations.listMessages(customer.id)).at(-1);
    expect(stored).toMatchObject({
      role: 'staff',
      author: 'Anna Keller',
      language: 'fr',
      text: FRENCH_TRANSLATION,
    });
    expect(stored?.meta).toMatchObject({ originalText: original, originalLanguage: 'en' });
    const note = slackApi.posted().at(-1);
    expect(note).toMatchObject({ channel: SLACK_TEST_HANDOFF_CHANNEL, thread_ts: cardTs });
    expect(String(note?.text)).toContain(
      'Sent to the customer in French (translated from English)',
    );
    expect(String(note?.text)).toContain(FRENCH_TRANSLATION);
  });

  it('sends a reply already in the customer’s language as written, without a model call', async () => {
    const { customer, cardTs } = await frenchCustomerWithCard();
    await staffReplies(
      cardTs,
      'Bonjour, je vérifie votre commande tout de suite et je reviens vers vous.',
    );
    expect(translationRequests).toEqual([]);
    expect((await testApp.services.conversations.listMessages(customer.id)).at(-1)).toMatchObject({
      role: 'staff',
      text: 'Bonjour, je vérifie votre commande tout de suite et je reviens vers vous.',
    });
  });

  it('sends the original and warns staff when the translation fails', async () => {
    const { customer, cardTs } = await frenchCustomerWithCard();
    failTranslations = true;
    const original = 'Sorry for the wait, your replacement ships tomorrow morning.';
    await staffReplies(cardTs, original);
    expect(translationRequests).toHaveLength(1);
    expect((await testApp.services.conversations.listMessages(customer.id)).at(-1)).toMatchObject({
      role: 'staff',
      text: original,
    });
    expect(String(slackApi.posted().at(-1)?.text)).toContain('translation into French failed');
  });
});
