import { describe, expect, it } from 'vitest';
import {
  buttonClickForm,
  nowInSeconds,
  postToSlackEndpoint,
  SLACK_TEST_HANDOFF_CHANNEL,
  slackSignature,
  slashCommandForm,
} from '../../support/slack-requests.js';
import { useSlackTestApp } from '../../support/slack-test-app.js';
import { createConversation, postMessage } from '../../support/test-app.js';

const ANNA = { id: 'U0ANNA', username: 'anna', name: 'anna' };
const FORM = 'application/x-www-form-urlencoded' as const;

/** A captured Slack request must not work twice: not re-spelled, not re-delivered. */
describe('Slack replays', () => {
  const { testApp, slackApi } = useSlackTestApp();
  const idle = () => testApp().app.slack!.idle();

  async function cardForNewHandoff() {
    const customer = await createConversation(testApp().app, 'en');
    await postMessage(testApp().app, customer, 'I want to talk to a human please');
    await idle();
    const card = slackApi().cardsIn(SLACK_TEST_HANDOFF_CHANNEL).at(-1)!;
    return { customer, cardTs: card.ts };
  }

  const stateChanges = async (conversationId: string) =>
    (await testApp().services.conversations.listEvents(conversationId, 0)).filter(
      (event) => event.type === 'state',
    ).length;

  it('refuses a captured Resolve click re-sent with junk after the signature', async () => {
    const { customer, cardTs } = await cardForNewHandoff();
    const click = buttonClickForm({
      actionId: 'parley_resolve',
      value: customer.id,
      user: ANNA,
      channel: SLACK_TEST_HANDOFF_CHANNEL,
      messageTs: cardTs,
    });
    const timestamp = nowInSeconds();
    const signature = slackSignature(click, timestamp);
    const first = await postToSlackEndpoint(testApp().app, click, {
      contentType: FORM,
      timestamp,
      signature,
    });
    expect(first.statusCode).toBe(200);
    await idle();
    expect((await testApp().services.conversations.getConversation(customer.id)).state).toBe(
      'resolved',
    );
    // The customer comes back; the conversation reopens.
    await postMessage(testApp().app, customer, 'Actually, one more question about shipping');
    await idle();
    const before = await stateChanges(customer.id);
    const stateBefore = (await testApp().services.conversations.getConversation(customer.id)).state;
    expect(stateBefore).not.toBe('resolved');

    for (const spelling of [
      `${signature}=x`,
      `${signature}=`,
      `${signature} `,
      signature.toUpperCase().replace('V0=', 'v0='),
      `${signature}0`,
    ]) {
      const replay = await postToSlackEndpoint(testApp().app, click, {
        contentType: FORM,
        timestamp,
        signature: spelling,
      });
      expect(replay.statusCode, spelling).toBe(401);
      expect(replay.json().error.code).toBe('invalid_signature');
    }
    await idle();
    expect(await stateChanges(customer.id)).toBe(before);
    expect((await testApp().services.conversations.getConversation(customer.id)).state).toBe(
      stateBefore,
    );
  });

  it('handles a click delivered twice (a fresh signature, the same trigger) once', async () => {
    const { customer, cardTs } = await cardForNewHandoff();
    const click = buttonClickForm({
      actionId: 'parley_take_over',
      value: customer.id,
      user: ANNA,
      channel: SLACK_TEST_HANDOFF_CHANNEL,
      messageTs: cardTs,
    });
    const first = await postToSlackEndpoint(testApp().app, click, {
      contentType: FORM,
      timestamp: nowInSeconds() - 2,
    });
    expect(first.statusCode).toBe(200);
    await idle();
    const after = await stateChanges(customer.id);
    const postsAfter = slackApi().calls.length;
    const again = await postToSlackEndpoint(testApp().app, click, {
      contentType: FORM,
      timestamp: nowInSeconds(),
    });
    expect(again.statusCode).toBe(200);
    await idle();
    expect(await stateChanges(customer.id)).toBe(after);
    expect(slackApi().calls.length).toBe(postsAfter);
  });

  it('answers a slash command delivered twice (same trigger) only once', async () => {
    const command = slashCommandForm('stats');
    const first = await postToSlackEndpoint(testApp().app, command, {
      contentType: FORM,
      timestamp: nowInSeconds() - 2,
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().text).toMatch(/today/i);
    const again = await postToSlackEndpoint(testApp().app, command, {
      contentType: FORM,
      timestamp: nowInSeconds(),
    });
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe('');
  });
});
