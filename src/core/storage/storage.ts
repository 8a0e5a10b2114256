import type { Language } from '../language/language.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';

/** Who holds the conversation: the bot, a person on request (waiting), a person (taken over), or nobody (resolved). */
export type ConversationState = 'bot' | 'handoff_requested' | 'human' | 'resolved';

export interface Conversation {
  id: string;
  /** Locale the widget sent when creating the conversation (e.g. "fr-CH"), if any. */
  localeHint: string | null;
  /** Resolved conversation language; null until the first message. */
  language: Language | null;
  state: ConversationState;
  /** Whether the offline-mode notice was already given in this conversation. */
  offlineNoticeGiven: boolean;
  createdAt: string;
  updatedAt: string;
}

export type MessageRole = 'user' | 'assistant' | 'staff' | 'system';

export interface Citation {
  title: string;
  url?: string;
  snippet: string;
}

export interface Message {
  id: string;
  conversationId: string;
  role: MessageRole;
  text: string;
  language: Language | null;
  /** For a user message: the idempotency key the client sent. */
  clientMessageId: string | null;
  /** For an assistant/system reply: the user message it answers. */
  replyToId: string | null;
  citations: Citation[];
  tier: Tier | null;
  reasons: ReasonCode[];
  handoff: boolean;
  /** Staff display name for staff messages. */
  author: string | null;
  /** Telemetry (tokens, cost, latencies, models, prompt version); never shown to customers. */
  meta: Record<string, unknown>;
  createdAt: string;
}

export type NewMessage = Omit<
  Message,
  | 'id'
  | 'createdAt'
  | 'citations'
  | 'reasons'
  | 'handoff'
  | 'meta'
  | 'tier'
  | 'replyToId'
  | 'author'
  | 'clientMessageId'
  | 'language'
> &
  Partial<
    Pick<
      Message,
      | 'citations'
      | 'reasons'
      | 'handoff'
      | 'meta'
      | 'tier'
      | 'replyToId'
      | 'author'
      | 'clientMessageId'
      | 'language'
    >
  >;

/**
 * A message as a turn reads its conversation's history: who said what, without the citations
 * and telemetry a transcript carries (decoding those on every turn was a large part of its cost).
 */
export interface HistoryMessage {
  id: string;
  role: MessageRole;
  text: string;
  /** For a system notice of a state change (staff joined, resolved…): the state it announced. */
  announcedState: ConversationState | null;
}

export type ConversationEventType = 'message' | 'state' | 'delta';

/** An entry of the conversation's event stream; `id` increases across the whole store. */
export interface ConversationEvent {
  id: number;
  conversationId: string;
  type: ConversationEventType;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface AppendUserMessageResult {
  message: Message;
  /** False when a message with the same clientMessageId already existed (nothing new stored). */
  created: boolean;
  /** The conversation after the patch, when one was given and the message was stored. */
  conversation?: Conversation;
}

/** Fields of a conversation that change during its life. */
export type ConversationPatch = Partial<
  Pick<Conversation, 'language' | 'state' | 'offlineNoticeGiven'>
>;

/** Persistence for conversations, messages and their events. SQLite and PostgreSQL implement it. */
export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies pending migrations. Idempotent. */
  migrate(): Promise<void>;
  createConversation(input: {
    localeHint: string | null;
    language: Language | null;
  }): Promise<Conversation>;
  getConversation(id: string): Promise<Conversation | undefined>;
  updateConversation(id: string, patch: ConversationPatch): Promise<Conversation>;
  /**
   * Stores a customer message and its `message` event in one transaction, with the conversation
   * patch if one is given (the language it resolved to). With a clientMessageId that was already
   * used in this conversation, returns the stored message and stores nothing.
   */
  appendUserMessage(input: {
    conversationId: string;
    text: string;
    language: Language | null;
    clientMessageId: string | null;
    conversation?: ConversationPatch;
  }): Promise<AppendUserMessageResult>;
  /**
   * Stores an assistant, staff or system message and its `message` event in one transaction,
   * with the conversation patch if one is given (a reply that gave the offline notice, say).
   */
  appendMessage(input: NewMessage & { conversation?: ConversationPatch }): Promise<Message>;
  /** The first reply stored for a user message of this conversation, if any. */
  findReplyTo(conversationId: string, userMessageId: string): Promise<Message | undefined>;
  /** One message of a conversation by id; undefined when the id is unknown or belongs to another conversation. */
  getMessage(conversationId: string, messageId: string): Promise<Message | undefined>;
  /** All messages of a conversation, oldest first (transcripts, exports). */
  listMessages(conversationId: string): Promise<Message[]>;
  /** The newest `limit` messages as history entries, still oldest first: a long conversation costs no more than a short one. */
  listHistory(conversationId: string, limit: number): Promise<HistoryMessage[]>;
  /** Stores a non-message event (state change). */
  appendEvent(input: {
    conversationId: string;
    type: ConversationEventType;
    data: Record<string, unknown>;
  }): Promise<ConversationEvent>;
  /** Events with id > afterId, oldest first. */
  listEvents(conversationId: string, afterId: number, limit?: number): Promise<ConversationEvent[]>;
  /**
   * Calls the listener with every event this process stores, after its transaction commits
   * (the live event bus subscribes here). Returns the unsubscribe function.
   */
  onEventStored(listener: (event: ConversationEvent) => void): () => void;
  /** Round trip to the database, for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
