import type { Language } from '../language/language.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';

/** Who holds the conversation: the bot, a person on request (waiting), a person (taken over), or nobody (resolved). */
export type ConversationState = 'bot' | 'handoff_requested' | 'human' | 'resolved';

/**
 * Where the conversation happens: `web` for customers (the widget or any API client),
 * `staff_assistant` for a staff member asking the bot in Slack. Customer figures (ops stats,
 * `/parley stats`, outcomes) count `web` conversations only.
 */
export type ConversationChannel = 'web' | 'staff_assistant';

export interface Conversation {
  id: string;
  /** Locale the widget sent when creating the conversation (e.g. "fr-CH"), if any. */
  localeHint: string | null;
  /** Resolved conversation language; null until the first message. */
  language: Language | null;
  state: ConversationState;
  channel: ConversationChannel;
  /** Whether the offline-mode notice was already given in this conversation. */
  offlineNoticeGiven: boolean;
  createdAt: string;
  /** The conversation's last activity: its last stored event or change. */
  updatedAt: string;
}

/** Fields of a conversation that change during its life. */
export type ConversationPatch = Partial<
  Pick<Conversation, 'language' | 'state' | 'offlineNoticeGiven'>
>;

export type MessageRole = 'user' | 'assistant' | 'staff' | 'system';

/**
 * `cited`: the model cited the passage with its label. `retrieved`: the model cited nothing, so
 * the reply shows the relevant passages it was given (turn-answerer.ts). Absent on replies
 * stored before the distinction: they were all cited.
 */
export const CITATION_KINDS = ['cited', 'retrieved'] as const;
export type CitationKind = (typeof CITATION_KINDS)[number];

export interface Citation {
  title: string;
  url?: string;
  snippet: string;
  kind?: CitationKind;
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

/** A message to store: the repository assigns id and time, and defaults what is left out. */
export type NewMessage = Pick<Message, 'conversationId' | 'role' | 'text'> &
  Partial<Omit<Message, 'id' | 'createdAt' | 'conversationId' | 'role' | 'text'>>;

/**
 * A message as a turn reads its conversation's history: who said what, without the citations
 * and telemetry a transcript carries.
 */
export interface HistoryMessage {
  id: string;
  role: MessageRole;
  text: string;
  /** For a system notice of a state change (staff joined, resolved…): the state it announced. */
  announcedState: ConversationState | null;
}

/** `note`: an internal note among staff; never in the customer's transcript or event stream. */
export type ConversationEventType = 'message' | 'state' | 'delta' | 'note';

/** What a `note` event carries: staff-only remarks beside the transcript. */
export interface InternalNote {
  id: string;
  text: string;
  author: string | null;
  createdAt: string;
}

/** An entry of the conversation's event stream; `id` increases across the whole store. */
export interface ConversationEvent {
  id: number;
  conversationId: string;
  type: ConversationEventType;
  data: Record<string, unknown>;
  createdAt: string;
}

/** Thrown by the repository for a conversation id it does not hold. */
export class UnknownConversationError extends Error {
  readonly code = 'unknown_conversation';
  constructor(readonly conversationId: string) {
    super(`Unknown conversation: ${conversationId}`);
    this.name = 'UnknownConversationError';
  }
}
