import { LRUCache } from 'lru-cache';
import type { Conversation, HistoryMessage } from './storage.js';

/** A history entry with its event id, which orders it (and makes a second copy of it recognisable). */
export interface CachedHistoryMessage extends HistoryMessage {
  eventId: number;
}

interface Entry {
  conversation: Conversation | undefined;
  /** The newest messages, oldest first; undefined until a history read filled it. */
  history: CachedHistoryMessage[] | undefined;
  /** The history holds every message of the conversation (a shorter list is then the whole answer). */
  complete: boolean;
}

export interface ConversationCacheOptions {
  /**
   * Changes whenever another connection (another process) committed to the database since the
   * last call: SQLite's `PRAGMA data_version`. A change empties the cache.
   */
  externalChanges(): number;
  /**
   * How long a check of `externalChanges` is trusted, in milliseconds. The check is a statement
   * of its own (it takes SQLite's read lock), and a turn asks the cache three times in quick
   * succession; another process's write is then seen at most this much later. Default 1.
   */
  recheckAfterMs?: number;
  /** Conversations kept (least recently used go first). */
  maxConversations?: number;
  /** History entries kept per conversation: the turn reads 24. */
  maxHistory?: number;
}

/**
 * The conversation row and recent history of the conversations being talked in, for a database
 * this process writes through its one connection (SQLite).
 *
 * Why: every turn read the conversation and its last messages back from SQLite right after
 * writing them; those two reads were a fifth of the turn's storage work. The storage updates the
 * cache after each of its own writes is durable, and `externalChanges` catches writes by anyone
 * else (the CLI, a second process on the same file): the cache is then emptied, never trusted.
 */
export function createConversationCache(options: ConversationCacheOptions) {
  const maxHistory = options.maxHistory ?? 50;
  const entries = new LRUCache<string, Entry>({ max: options.maxConversations ?? 10_000 });
  const recheckAfterMs = options.recheckAfterMs ?? 1;
  let seenVersion = options.externalChanges();
  let checkedAt = performance.now();

  /** Called before answering from the cache. */
  function validate(): void {
    const now = performance.now();
    if (now - checkedAt < recheckAfterMs) return;
    checkedAt = now;
    const version = options.externalChanges();
    if (version !== seenVersion) {
      entries.clear();
      seenVersion = version;
    }
  }

  function entryOf(conversationId: string): Entry {
    let entry = entries.get(conversationId);
    if (entry === undefined) {
      entry = { conversation: undefined, history: undefined, complete: false };
      entries.set(conversationId, entry);
    }
    return entry;
  }

  return {
    conversation(id: string): Conversation | undefined {
      validate();
      const conversation = entries.get(id)?.conversation;
      return conversation === undefined ? undefined : { ...conversation };
    },

    /** After a read or a write of the row. */
    putConversation(conversation: Conversation): void {
      entryOf(conversation.id).conversation = { ...conversation };
    },

    /** A new conversation: its (empty) history is known to be complete. */
    created(conversation: Conversation): void {
      entries.set(conversation.id, {
        conversation: { ...conversation },
        history: [],
        complete: true,
      });
    },

    history(conversationId: string, limit: number): HistoryMessage[] | undefined {
      validate();
      const entry = entries.get(conversationId);
      if (entry?.history === undefined || (!entry.complete && entry.history.length < limit))
        return undefined;
      return entry.history.slice(-limit).map(({ eventId: _eventId, ...message }) => message);
    },

    /** Whether a message is known to be stored in this conversation (a reply's target usually is). */
    holdsMessage(conversationId: string, messageId: string): boolean {
      validate();
      const history = entries.get(conversationId)?.history;
      if (history === undefined) return false;
      for (let index = history.length - 1; index >= 0; index -= 1)
        if (history[index]!.id === messageId) return true;
      return false;
    },

    /** After a history read of `limit` entries: fewer than asked for means that is all of it. */
    putHistory(conversationId: string, history: CachedHistoryMessage[], limit: number): void {
      const entry = entryOf(conversationId);
      entry.history = history.slice(-maxHistory);
      entry.complete = history.length < limit && history.length <= maxHistory;
    },

    /** A message of this conversation is durable: the history and the activity time follow. */
    appended(conversationId: string, message: CachedHistoryMessage, at: string): void {
      const entry = entries.get(conversationId);
      if (entry === undefined) return;
      if (entry.conversation !== undefined) entry.conversation.updatedAt = at;
      const history = entry.history;
      if (history === undefined) return;
      // A history read may already have seen it (same connection, before its COMMIT).
      let index = history.length;
      while (index > 0 && history[index - 1]!.eventId > message.eventId) index -= 1;
      if (index > 0 && history[index - 1]!.eventId === message.eventId) return;
      history.splice(index, 0, message);
      if (history.length > maxHistory) {
        history.shift();
        entry.complete = false;
      }
    },

    /** Something other than a message happened in the conversation. */
    touched(conversationId: string, at: string): void {
      const conversation = entries.get(conversationId)?.conversation;
      if (conversation !== undefined) conversation.updatedAt = at;
    },

    /** A write failed in a way that may have left reads of this connection ahead of the database. */
    clear(): void {
      entries.clear();
    },
  };
}

export type ConversationCache = ReturnType<typeof createConversationCache>;
