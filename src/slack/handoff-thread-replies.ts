import type { webApi } from '@slack/bolt';
import type { ConversationService } from '../core/conversation/create-conversation-service.js';
import type { Logger } from '../core/conversation/listener-set.js';
import { FALLBACK_LANGUAGE, languageName } from '../core/language/language.js';
import type { LanguageDetector } from '../core/language/language-detector.js';
import {
  customerReplyFor,
  type StaffReplyTranslator,
} from '../core/staff/staff-reply-translator.js';
import { escapeMrkdwn, mrkdwnToCustomerText, quoteMrkdwn } from './slack-mrkdwn.js';
import type { SlackStaffDirectory } from './slack-staff-directory.js';
import type { SlackThreadStore } from './slack-thread-store.js';

export interface HandoffThreadRepliesDeps {
  client: webApi.WebClient;
  conversations: ConversationService;
  threads: SlackThreadStore;
  staff: SlackStaffDirectory;
  detector?: LanguageDetector;
  translator?: StaffReplyTranslator;
  logger: Logger;
}

export interface StaffThreadReply {
  channelId: string;
  threadTs: string;
  messageTs: string;
  userId: string;
  text: string;
}

/** `note: …` (any case, optional spaces) keeps a reply among staff. */
export const INTERNAL_NOTE = /^\s*note\s*:/i;

/**
 * A staff member's reply in a handoff card's thread goes to the customer's event stream. The
 * first reply takes the conversation over if nobody has (the bot must stop answering); replies
 * in another language than the customer's are translated when a model is available.
 */
export function createHandoffThreadReplies(deps: HandoffThreadRepliesDeps) {
  return {
    /** True when the thread is a handoff thread (the reply was for a customer, or a note). */
    async handle(reply: StaffThreadReply): Promise<boolean> {
      const thread = await deps.threads.findByThread(reply.channelId, reply.threadTs, 'handoff');
      if (!thread) return false;
      if (INTERNAL_NOTE.test(reply.text)) {
        // Kept among staff, and shown as a note in the inbox too.
        const note = mrkdwnToCustomerText(reply.text.replace(INTERNAL_NOTE, ''));
        if (note)
          await deps.conversations.postInternalNote({
            conversationId: thread.conversationId,
            text: note,
            author: await deps.staff.nameOf(reply.userId),
            source: 'slack',
          });
        return true;
      }
      const text = mrkdwnToCustomerText(reply.text);
      if (!text) return true;

      const name = await deps.staff.nameOf(reply.userId);
      let conversation = await deps.conversations.getConversation(thread.conversationId);
      if (conversation.state === 'bot' || conversation.state === 'handoff_requested') {
        await deps.conversations.changeHandoffState(thread.conversationId, 'take_over', name);
        conversation = await deps.conversations.getConversation(thread.conversationId);
      }
      const customerLanguage = conversation.language ?? FALLBACK_LANGUAGE;
      const outgoing = await customerReplyFor(
        { detector: deps.detector, translator: deps.translator },
        { text, customerLanguage },
      );
      await deps.conversations.postStaffMessage({
        conversationId: thread.conversationId,
        text: outgoing.text,
        role: 'staff',
        author: name,
        language: customerLanguage,
        meta: {
          source: 'slack',
          slack: { channel: reply.channelId, ts: reply.messageTs, user: reply.userId },
          ...(outgoing.translated ? { originalText: text, originalLanguage: outgoing.from } : {}),
        },
      });

      if (outgoing.translated) {
        await deps.client.chat.postMessage({
          channel: reply.channelId,
          thread_ts: reply.threadTs,
          text: `:globe_with_meridians: Sent to the customer in ${languageName(customerLanguage)} (translated from ${languageName(outgoing.from)}):\n${quoteMrkdwn(escapeMrkdwn(outgoing.text))}`,
          unfurl_links: false,
        });
      } else if (outgoing.reason === 'translation_failed') {
        deps.logger.warn(
          { err: outgoing.error, conversationId: thread.conversationId },
          'staff reply translation failed; sent as written',
        );
        await deps.client.chat.postMessage({
          channel: reply.channelId,
          thread_ts: reply.threadTs,
          text: `:warning: The translation into ${languageName(customerLanguage)} failed, so the customer got your reply as written.`,
        });
      }
      return true;
    },
  };
}
