import type { webApi } from '@slack/bolt';
import type { ConversationService } from '../core/conversation/create-conversation-service.js';
import type { PublicMessage } from '../core/conversation/public-message.js';
import type { Language } from '../core/language/language.js';
import { FALLBACK_LANGUAGE } from '../core/language/language.js';
import type { BotMessages } from '../core/locales/load-bot-messages.js';
import {
  citationMrkdwn,
  escapeMrkdwn,
  markdownToMrkdwn,
  mrkdwnToCustomerText,
  quoteMrkdwn,
  stripBotMention,
} from './slack-mrkdwn.js';
import type { SlackThreadStore } from './slack-thread-store.js';

export interface StaffAssistantDeps {
  client: webApi.WebClient;
  conversations: ConversationService;
  threads: SlackThreadStore;
  botMessages: Record<Language, BotMessages>;
  /** PUBLIC_URL: where the local help center's site-relative citation links point. */
  publicUrl?: string;
}

export interface StaffQuestion {
  channelId: string;
  /** The thread to answer in: the question's own ts when it started a thread. */
  threadTs: string;
  messageTs: string;
  text: string;
  botUserId: string | undefined;
}

export const ASSISTANT_HELP =
  'Ask me anything our help center covers, in English, French, German, Spanish or Italian: I answer in your language, with sources. Customers waiting for a person show up as handoff cards.';

/**
 * Staff ask the bot in a thread (a mention) or a direct message. Each Slack thread is one internal
 * conversation of the ordinary pipeline (same language resolution, retrieval, routing and
 * models), so follow-up questions in the thread keep their context.
 */
export function createStaffAssistant(deps: StaffAssistantDeps) {
  async function conversationFor(question: StaffQuestion): Promise<string> {
    const existing = await deps.threads.findByThread(
      question.channelId,
      question.threadTs,
      'assistant',
    );
    if (existing) return existing.conversationId;
    const conversation = await deps.conversations.createConversation({
      locale: null,
      channel: 'staff_assistant',
    });
    try {
      await deps.threads.link({
        conversationId: conversation.id,
        kind: 'assistant',
        channelId: question.channelId,
        threadTs: question.threadTs,
        card: null,
      });
      return conversation.id;
    } catch (error) {
      // Two questions raced to open the thread's conversation: use the one that won.
      const winner = await deps.threads.findByThread(
        question.channelId,
        question.threadTs,
        'assistant',
      );
      if (winner) return winner.conversationId;
      throw error;
    }
  }

  return {
    async answer(question: StaffQuestion): Promise<void> {
      const text = mrkdwnToCustomerText(stripBotMention(question.text, question.botUserId));
      if (!text) {
        await deps.client.chat.postMessage({
          channel: question.channelId,
          thread_ts: question.threadTs,
          text: ASSISTANT_HELP,
        });
        return;
      }
      const conversationId = await conversationFor(question);
      // The Slack ts makes a redelivered event (a retry that outlived the dedupe) a no-op.
      const turn = await deps.conversations.postMessage({
        conversationId,
        text,
        clientMessageId: `slack:${question.channelId}:${question.messageTs}`,
      });
      await deps.client.chat.postMessage({
        channel: question.channelId,
        thread_ts: question.threadTs,
        text: formatAssistantReply(
          turn.reply,
          deps.botMessages[turn.reply.language ?? FALLBACK_LANGUAGE],
          deps.publicUrl,
        ),
        unfurl_links: false,
        unfurl_media: false,
      });
      // Staff asking "can I talk to a person" must not park their own thread as a handoff.
      const state = (await deps.conversations.getConversation(conversationId)).state;
      if (state !== 'bot')
        await deps.conversations.changeHandoffState(conversationId, 'return_to_bot', null);
    },
  };
}

/** The pipeline's reply as Slack mrkdwn: the answer, its sources as links, and how it was routed. */
export function formatAssistantReply(
  reply: PublicMessage,
  messages: Pick<BotMessages, 'sourcesLabel' | 'relatedLabel'>,
  publicUrl?: string,
): string {
  // The canned "I'm handing you to our team" would read as nonsense to staff: say what happened.
  const parts = reply.handoff
    ? [
        'A customer writing this would be handed to a person. The bot would say:',
        quoteMrkdwn(markdownToMrkdwn(reply.text)),
      ]
    : [markdownToMrkdwn(reply.text)];
  if (reply.citations.length > 0) {
    const links = reply.citations.map((citation) => citationMrkdwn(citation, publicUrl));
    // Passages the answer did not cite are offered as related reading, not as its sources.
    const label = reply.citations.every((citation) => citation.kind === 'retrieved')
      ? messages.relatedLabel
      : messages.sourcesLabel;
    parts.push(`*${escapeMrkdwn(label)}:* ${links.join(' · ')}`);
  }
  const routing = [
    `tier: ${reply.tier ?? 'n/a'}`,
    ...(reply.reasons.length > 0 ? [`reasons: ${reply.reasons.join(', ')}`] : []),
    `language: ${reply.language ?? 'n/a'}`,
  ];
  parts.push(`_${routing.join(' · ')}_`);
  return parts.join('\n\n');
}
