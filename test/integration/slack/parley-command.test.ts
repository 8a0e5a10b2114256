import { describe, expect, it } from 'vitest';
import type { ConversationTables } from '../../../src/core/conversation/conversation-tables.js';
import {
  eventCallback,
  nextSlackTs,
  postToSlackEndpoint,
  slashCommandForm,
} from '../../support/slack-requests.js';
import { useSlackTestApp } from '../../support/slack-test-app.js';
import { TEST_BOT_USER_ID } from '../../support/slack-web-api.js';
import { createConversation, postMessage } from '../../support/test-app.js';

describe('/parley slash command', () => {
  const { testApp } = useSlackTestApp();

  async function stats(): Promise<string> {
    const response = await postToSlackEndpoint(testApp().app, slashCommandForm('stats'), {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.response_type).toBe('ephemeral');
    return body.text as string;
  }

  it("answers `stats` with today's conversations, escalations by tier and open handoffs", async () => {
    const asksForPerson = await createConversation(testApp().app, 'en');
    expect(
      (await postMessage(testApp().app, asksForPerson, 'I want to talk to a human')).json().reply
        .tier,
    ).toBe('human');
    const disputes = await createConversation(testApp().app, 'de');
    expect(
      (
        await postMessage(
          testApp().app,
          disputes,
          'Sie haben mir die Bestellung zweimal abgebucht, ich will mein Geld zurück!',
        )
      ).json().reply.tier,
    ).toBe('large');
    const satisfied = await createConversation(testApp().app, 'fr');
    await postMessage(testApp().app, satisfied, 'Combien coûte la livraison express ?');
    // A staff question to the bot is no customer conversation.
    await postToSlackEndpoint(
      testApp().app,
      eventCallback({
        type: 'app_mention',
        channel: 'C0SUPPORT',
        user: 'U0ANNA',
        text: `<@${TEST_BOT_USER_ID}> I want to talk to a human`,
        ts: nextSlackTs(),
      }),
    );
    await testApp().app.slack!.idle();

    expect(await stats()).toMatch(
      /Conversations: \*3\*[\s\S]*small \*0\* · large \*1\* · human \*1\*[\s\S]*Handoffs open: \*1\* \(1 waiting, 0 with staff\)/,
    );

    await testApp().services.conversations.changeHandoffState(
      asksForPerson.id,
      'take_over',
      'Anna',
    );
    // A conversation from yesterday is not today's.
    const db = testApp().services.database.kysely.withTables<ConversationTables>();
    await db
      .updateTable('conversations')
      .set({ created_at: new Date(Date.now() - 2 * 86_400_000).toISOString() })
      .where('id', '=', satisfied.id)
      .execute();
    await testApp().app.slack!.idle();
    expect(await stats()).toMatch(
      /Conversations: \*2\*[\s\S]*Handoffs open: \*1\* \(0 waiting, 1 with staff\)/,
    );
  });

  it('explains its usage for anything else', async () => {
    const response = await postToSlackEndpoint(testApp().app, slashCommandForm('help me'), {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response.json()).toEqual({
      response_type: 'ephemeral',
      text: expect.stringContaining('`/parley stats`'),
    });
  });
});
