import { newMessage } from '../../src/core/storage/new-message.js';
import type {
  Conversation,
  HistoryMessage,
  Message,
  NewMessage,
} from '../../src/core/storage/storage.js';
import type { Services } from '../../src/create-services.js';

/**
 * For `npm run bench:turn -- --breakdown` only: what a turn would cost if storage were free.
 * Replaces the storage calls of the turn path (and the turn record) with in-memory ones on this
 * benchmark process's services, so the row shows HTTP plus the pipeline alone. Not a Storage
 * implementation: nothing is durable, no event is announced, and nothing else may use it.
 */
export function useStorageFreeTurns(services: Services): void {
  const storage = services.storage as unknown as Record<string, unknown>;
  const conversations = new Map<string, Conversation>();
  const histories = new Map<string, HistoryMessage[]>();
  const now = () => new Date().toISOString();
  const conversationOf = (id: string): Conversation =>
    conversations.get(id) ?? {
      id,
      localeHint: null,
      language: null,
      state: 'bot',
      offlineNoticeGiven: false,
      createdAt: now(),
      updatedAt: now(),
    };
  const remember = (message: Message) => {
    const history = histories.get(message.conversationId) ?? [];
    history.push({ id: message.id, role: message.role, text: message.text, announcedState: null });
    histories.set(message.conversationId, history);
  };
  storage.getConversation = async (id: string) => conversationOf(id);
  storage.updateConversation = async (id: string, patch: Partial<Conversation>) => {
    const conversation = { ...conversationOf(id), ...patch };
    conversations.set(id, conversation);
    return conversation;
  };
  storage.appendUserMessage = async (input: {
    conversationId: string;
    text: string;
    language: Message['language'];
    clientMessageId: string | null;
    conversation?: Partial<Conversation>;
  }) => {
    const message = newMessage({
      conversationId: input.conversationId,
      role: 'user',
      text: input.text,
      language: input.language,
      clientMessageId: input.clientMessageId,
    });
    remember(message);
    const conversation = input.conversation
      ? { ...conversationOf(input.conversationId), ...input.conversation }
      : undefined;
    if (conversation) conversations.set(conversation.id, conversation);
    return conversation ? { message, created: true, conversation } : { message, created: true };
  };
  storage.appendMessage = async ({
    conversation: patch,
    ...input
  }: NewMessage & { conversation?: Partial<Conversation> }) => {
    const message = newMessage(input);
    remember(message);
    if (patch)
      conversations.set(input.conversationId, {
        ...conversationOf(input.conversationId),
        ...patch,
      });
    return message;
  };
  storage.listHistory = async (id: string, limit: number) =>
    (histories.get(id) ?? []).slice(-limit);
  let eventId = 0;
  storage.appendEvent = async (input: {
    conversationId: string;
    type: string;
    data: Record<string, unknown>;
  }) => ({ id: ++eventId, ...input, createdAt: now() });
  (services.escalations as unknown as Record<string, unknown>).recordTurn = async () => null;
}
