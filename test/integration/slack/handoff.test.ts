import { describe, expect, it } from 'vitest';
import {
  buttonClickForm,
  eventCallback,
  postToSlackEndpoint,
  SLACK_TEST_HANDOFF_CHANNEL,
  threadReplyEvent,
} from '../../support/slack-requests.js';
import { useSlackTestApp } from '../../support/slack-test-app.js';
import { TEST_BOT_USER_ID } from '../../support/slack-web-api.js';
import { createConversation, postMessage } from '../../support/test-app.js';

const ANNA = { id: 'U0ANNA', username: 'anna', name: 'anna' };
const LUCA = { id: 'U0LUCA', username: 'luca', name: 'luca' };

type Block = {
  type: string;
  text?: { text: string };
  fields?: Array<{ text: string }>;
  elements?: Array<{ action_id?: string; value?: string }>;
};

describe('Slack handoff', () => {
  const { testApp, slackApi } = useSlackTestApp();

  const idle = () => testApp().app.slack!.idle();

  /** A French customer who asks about express delivery, then for a person; returns the card. */
  async function handedOffCustomer() {
    const customer = await createConversation(testApp().app, 'fr-FR');
    await postMessage(testApp().app, customer, 'Combien coûte la livraison express ?');
    const handoff = await postMessage(
      testApp().app,
      customer,
      'Je veux parler à un conseiller, s’il vous plaît',
    );
    expect(handoff.json().reply).toMatchObject({
      tier: 'human',
      handoff: true,
      reasons: expect.arrayContaining(['human_requested']),
    });
    await idle();
    const cards = slackApi().cardsIn(SLACK_TEST_HANDOFF_CHANNEL);
    expect(cards).toHaveLength(1);
    return { customer, card: cards[0]!.params, cardTs: cards[0]!.ts };
  }

  async function slackEvent(event: Record<string, unknown>) {
    const response = await postToSlackEndpoint(testApp().app, eventCallback(event));
    expect(response.statusCode).toBe(200);
    await idle();
  }

  async function click(
    action: 'parley_take_over' | 'parley_resolve' | 'parley_return_to_bot',
    conversationId: string,
    cardTs: string,
    user = ANNA,
  ) {
    const response = await postToSlackEndpoint(
      testApp().app,
      buttonClickForm({
        actionId: action,
        value: conversationId,
        user,
        channel: SLACK_TEST_HANDOFF_CHANNEL,
        messageTs: cardTs,
      }),
      {
        contentType: 'application/x-www-form-urlencoded',
      },
    );
    expect(response.statusCode).toBe(200);
    await idle();
  }

  const transcript = async (id: string) =>
    (await testApp().services.conversations.getTranscript(id)).messages;

  it('posts a card with language, reasons, transcript, draft answer and the three buttons', async () => {
    const { customer, card } = await handedOffCustomer();
    const blocks = card.blocks as Block[];
    const text = JSON.stringify(blocks);
    expect(
      blocks
        .find((block) => block.type === 'section' && block.fields)
        ?.fields?.map((field) => field.text),
    ).toEqual(
      expect.arrayContaining([
        '*Language*\nFrench (fr)',
        expect.stringContaining('`human_requested`'),
        expect.stringContaining('Waiting for a person'),
      ]),
    );
    expect(text).toContain('Je veux parler à un conseiller');
    expect(text).toContain('Combien coûte la livraison express');
    expect(text).toContain('Draft answer (not sent)');
    // The local help center's citation, resolved against PUBLIC_URL.
    expect(text).toMatch(/<https:\/\/support\.example\.com\/help\/fr\/shipping#[a-z0-9-]+\|/);
    const buttons = blocks.find((block) => block.type === 'actions')?.elements ?? [];
    expect(buttons.map((button) => button.action_id)).toEqual([
      'parley_take_over',
      'parley_resolve',
      'parley_return_to_bot',
    ]);
    expect(new Set(buttons.map((button) => button.value))).toEqual(new Set([customer.id]));
  });

  it("threads the customer's later messages under the card while the bot stays silent", async () => {
    const { customer, cardTs } = await handedOffCustomer();
    const waiting = await postMessage(testApp().app, customer, 'Vous êtes là ? <!channel>');
    expect(waiting.json().reply).toMatchObject({ role: 'system', tier: 'human' });
    await idle();
    const threaded = slackApi()
      .posted()
      .filter((message) => message.thread_ts === cardTs);
    expect(threaded).toHaveLength(1);
    // Escaped: a customer cannot ping the support channel through the card thread.
    expect(threaded[0]?.text).toBe('*Customer:* Vous êtes là ? &lt;!channel&gt;');
  });

  it('Take over: the card shows who, the customer is told in French, and the bot stays silent', async () => {
    const { customer, cardTs } = await handedOffCustomer();
    await click('parley_take_over', customer.id, cardTs);

    const conversation = await testApp().services.conversations.getTranscript(customer.id);
    expect(conversation.state).toBe('human');
    expect(conversation.messages.at(-1)).toMatchObject({
      role: 'system',
      text: 'Anna Keller, de notre service client, a rejoint la conversation.',
    });
    const [update] = slackApi().callsTo('chat.update');
    expect(update?.params).toMatchObject({ channel: SLACK_TEST_HANDOFF_CHANNEL, ts: cardTs });
    const blocks = update?.params.blocks as Block[];
    expect(JSON.stringify(blocks)).toContain('Taken over by Anna Keller');
    expect(
      blocks.find((block) => block.type === 'actions')?.elements?.map((button) => button.action_id),
    ).toEqual(['parley_resolve', 'parley_return_to_bot']);

    const next = await postMessage(testApp().app, customer, 'Ma commande 1234 est en retard');
    expect(next.json().reply).toMatchObject({ role: 'system', tier: 'human' });
  });

  it('a thread reply reaches the customer as a staff message; the first one takes the conversation over', async () => {
    const { customer, cardTs } = await handedOffCustomer();
    await slackEvent(
      threadReplyEvent({
        channel: SLACK_TEST_HANDOFF_CHANNEL,
        threadTs: cardTs,
        user: 'U0LUCA',
        text: 'Bonjour, je regarde votre commande *tout de suite*.',
      }),
    );
    const messages = await transcript(customer.id);
    expect(messages.slice(-2)).toMatchObject([
      { role: 'system', text: 'Luca, de notre service client, a rejoint la conversation.' },
      {
        role: 'staff',
        author: 'Luca',
        text: 'Bonjour, je regarde votre commande **tout de suite**.',
        language: 'fr',
      },
    ]);
    expect((await testApp().services.conversations.getConversation(customer.id)).state).toBe(
      'human',
    );
  });

  it('also delivers a reply that staff chose to send to the channel too (thread_broadcast)', async () => {
    const { customer, cardTs } = await handedOffCustomer();
    await slackEvent({
      ...threadReplyEvent({
        channel: SLACK_TEST_HANDOFF_CHANNEL,
        threadTs: cardTs,
        user: 'U0ANNA',
        text: 'Votre colis part demain.',
      }),
      subtype: 'thread_broadcast',
    });
    expect((await transcript(customer.id)).at(-1)).toMatchObject({
      role: 'staff',
      text: 'Votre colis part demain.',
    });
  });

  it('keeps `note:` replies, replies to the bot and bot messages internal', async () => {
    const { customer, cardTs } = await handedOffCustomer();
    const before = (await transcript(customer.id)).length;
    await slackEvent(
      threadReplyEvent({
        channel: SLACK_TEST_HANDOFF_CHANNEL,
        threadTs: cardTs,
        user: 'U0ANNA',
        text: 'note: looks like a duplicate of yesterday’s ticket',
      }),
    );
    await slackEvent(
      threadReplyEvent({
        channel: SLACK_TEST_HANDOFF_CHANNEL,
        threadTs: cardTs,
        user: 'U0ANNA',
        text: `NOTE : refund is approved`,
      }),
    );
    await slackEvent(
      threadReplyEvent({
        channel: SLACK_TEST_HANDOFF_CHANNEL,
        threadTs: cardTs,
        user: 'U0ANNA',
        text: `<@${TEST_BOT_USER_ID}> what is the returns window?`,
      }),
    );
    await slackEvent({
      ...threadReplyEvent({
        channel: SLACK_TEST_HANDOFF_CHANNEL,
        threadTs: cardTs,
        user: TEST_BOT_USER_ID,
        text: '*Customer:* hello',
      }),
      bot_id: 'B0BOT',
    });
    expect(await transcript(customer.id)).toHaveLength(before);
    expect((await testApp().services.conversations.getConversation(customer.id)).state).toBe(
      'handoff_requested',
    );
  });

  it('Resolve and Return to bot update the card and tell the customer; the bot answers again', async () => {
    const { customer, cardTs } = await handedOffCustomer();
    await click('parley_take_over', customer.id, cardTs);
    await click('parley_resolve', customer.id, cardTs, LUCA);
    let conversation = await testApp().services.conversations.getTranscript(customer.id);
    expect(conversation.state).toBe('resolved');
    expect(conversation.messages.at(-1)).toMatchObject({
      role: 'system',
      text: expect.stringContaining('marquée comme résolue'),
    });
    const resolvedCard = slackApi().callsTo('chat.update').at(-1)?.params.blocks as Block[];
    expect(JSON.stringify(resolvedCard)).toContain('Resolved by Luca');
    expect(resolvedCard.some((block) => block.type === 'actions')).toBe(false);

    // A fresh handoff, given back to the bot this time.
    await postMessage(testApp().app, customer, 'Je veux parler à un humain');
    await idle();
    expect(slackApi().cardsIn(SLACK_TEST_HANDOFF_CHANNEL)).toHaveLength(1);
    expect(slackApi().posted().at(-1)).toMatchObject({
      thread_ts: cardTs,
      text: ':raising_hand: The customer asked for a person again.',
    });
    await click('parley_return_to_bot', customer.id, cardTs);
    conversation = await testApp().services.conversations.getTranscript(customer.id);
    expect(conversation.state).toBe('bot');
    expect(conversation.messages.at(-1)).toMatchObject({
      role: 'system',
      text: "Vous échangez de nouveau avec l'assistant.",
    });
    const answer = await postMessage(
      testApp().app,
      customer,
      'Combien coûte la livraison express ?',
    );
    expect(answer.json().reply).toMatchObject({ role: 'assistant', handoff: false });
  });

  it('tells only the second clicker when someone else already took the conversation over', async () => {
    const { customer, cardTs } = await handedOffCustomer();
    await click('parley_take_over', customer.id, cardTs, ANNA);
    await click('parley_take_over', customer.id, cardTs, LUCA);
    const [ephemeral, ...more] = slackApi().callsTo('chat.postEphemeral');
    expect(more).toEqual([]);
    expect(ephemeral?.params).toMatchObject({
      channel: SLACK_TEST_HANDOFF_CHANNEL,
      user: 'U0LUCA',
      text: expect.stringContaining('"human"'),
    });
    expect(
      (await transcript(customer.id)).filter(
        (message) => message.role === 'system' && message.text.includes('a rejoint'),
      ),
    ).toHaveLength(1);
  });
});
