import { describe, expect, it } from 'vitest';
import type { ConversationTables } from '../../../src/core/conversation/conversation-tables.js';
import {
  eventCallback,
  nextSlackTs,
  postToSlackEndpoint,
  SLACK_TEST_HANDOFF_CHANNEL,
} from '../../support/slack-requests.js';
import { useSlackTestApp } from '../../support/slack-test-app.js';
import { TEST_BOT_ID, TEST_BOT_USER_ID } from '../../support/slack-web-api.js';

describe('Slack staff assistant', () => {
  const { testApp, slackApi } = useSlackTestApp();

  async function send(event: Record<string, unknown>) {
    const response = await postToSlackEndpoint(testApp().app, eventCallback(event));
    expect(response.statusCode).toBe(200);
    await testApp().app.slack!.idle();
  }

  function mention(text: string, extra: Record<string, unknown> = {}) {
    return {
      type: 'app_mention',
      channel: 'C0SUPPORT',
      user: 'U0ANNA',
      text: `<@${TEST_BOT_USER_ID}> ${text}`,
      ts: nextSlackTs(),
      ...extra,
    };
  }

  async function assistantThreads() {
    const db = testApp().services.database.kysely.withTables<ConversationTables>();
    return db
      .withTables<{ slack_threads: { conversation_id: string; kind: string; thread_ts: string } }>()
      .selectFrom('slack_threads')
      .selectAll()
      .execute();
  }

  it('answers a mention in its thread, in the asker’s language, with sources as Slack links', async () => {
    const question = mention('Combien de temps prend la livraison en Allemagne ?');
    await send(question);
    const [answer, ...others] = slackApi().posted();
    expect(others).toEqual([]);
    expect(answer).toMatchObject({ channel: 'C0SUPPORT', thread_ts: question.ts });
    const text = String(answer?.text);
    expect(text).toMatch(/<https:\/\/support\.example\.com\/help\/fr\/[^|>]+\|[^>]+>/);
    expect(text).toContain('language: fr');
    // Slack mrkdwn, not HTML or Markdown links.
    expect(text).not.toMatch(/<a\s|<p>|\]\(https?:/);
    const [thread] = await assistantThreads();
    const conversation = await testApp().services.conversations.getTranscript(
      thread!.conversation_id,
    );
    expect(conversation.language).toBe('fr');
    expect(conversation.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
  });

  it('keeps one internal conversation per Slack thread', async () => {
    const first = mention('How do I reset my password?');
    await send(first);
    await send(
      mention('And what if I no longer have access to my email?', { thread_ts: first.ts }),
    );
    const threads = await assistantThreads();
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({ kind: 'assistant', thread_ts: first.ts });
    const conversation = await testApp().services.conversations.getTranscript(
      threads[0]!.conversation_id,
    );
    expect(conversation.messages.filter((message) => message.role === 'user')).toHaveLength(2);
    expect(
      slackApi()
        .posted()
        .map((message) => message.thread_ts),
    ).toEqual([first.ts, first.ts]);
  });

  it('answers a direct message in a thread under it', async () => {
    const ts = nextSlackTs();
    await send({
      type: 'message',
      channel: 'D0ANNA',
      channel_type: 'im',
      user: 'U0ANNA',
      text: 'Wie lange dauert der Versand nach Österreich?',
      ts,
    });
    const [answer] = slackApi().posted();
    expect(answer).toMatchObject({ channel: 'D0ANNA', thread_ts: ts });
    expect(String(answer?.text)).toContain('language: de');
  });

  it('ignores bot messages, its own included, and message edits', async () => {
    await send({
      type: 'message',
      channel: 'D0ANNA',
      channel_type: 'im',
      bot_id: 'B0OTHER',
      subtype: 'bot_message',
      text: 'Deploy finished',
      ts: nextSlackTs(),
    });
    await send({
      type: 'message',
      channel: 'D0ANNA',
      channel_type: 'im',
      user: TEST_BOT_USER_ID,
      bot_id: TEST_BOT_ID,
      text: 'An earlier answer of mine',
      ts: nextSlackTs(),
    });
    await send({
      type: 'message',
      channel: 'D0ANNA',
      channel_type: 'im',
      subtype: 'message_changed',
      message: { text: 'edited' },
      ts: nextSlackTs(),
    });
    expect(slackApi().posted()).toEqual([]);
    expect(await assistantThreads()).toEqual([]);
  });

  it('does not turn a staff question into a handoff card', async () => {
    const question = mention('I want to talk to a human about a lawsuit');
    await send(question);
    const posted = slackApi().posted();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ channel: 'C0SUPPORT', thread_ts: question.ts });
    expect(posted.some((message) => message.channel === SLACK_TEST_HANDOFF_CHANNEL)).toBe(false);
    expect(String(posted[0]?.text)).toMatch(/^A customer writing this would be handed to a person/);
    expect(String(posted[0]?.text)).toContain('tier: human');
    const [thread] = await assistantThreads();
    expect(
      (await testApp().services.conversations.getConversation(thread!.conversation_id)).state,
    ).toBe('bot');
  });
});
