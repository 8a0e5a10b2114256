import type { ConversationEvent } from '../conversation/conversation.js';

export type ConversationEventListener = (event: ConversationEvent) => void;

/**
 * In-process fan-out of stored events to live subscribers (SSE streams, Slack relay).
 * Events are always stored first, so a subscriber that misses one replays it from storage
 * with Last-Event-ID. With several server instances this would be PostgreSQL LISTEN/NOTIFY
 * or Redis pub/sub behind the same interface.
 */
export interface ConversationEventBus {
  publish(event: ConversationEvent): void;
  subscribe(conversationId: string, listener: ConversationEventListener): () => void;
  /** Receives every conversation's events (Slack relay, metrics). */
  subscribeAll(listener: ConversationEventListener): () => void;
}

export function createConversationEventBus(): ConversationEventBus {
  const listenersByConversation = new Map<string, Set<ConversationEventListener>>();
  const globalListeners = new Set<ConversationEventListener>();

  const deliver = (listener: ConversationEventListener, event: ConversationEvent) => {
    // One failing subscriber must not stop delivery to the others nor the publisher.
    try {
      listener(event);
    } catch {
      /* the subscriber owns its errors */
    }
  };

  return {
    publish(event) {
      for (const listener of listenersByConversation.get(event.conversationId) ?? [])
        deliver(listener, event);
      for (const listener of globalListeners) deliver(listener, event);
    },
    subscribe(conversationId, listener) {
      let listeners = listenersByConversation.get(conversationId);
      if (!listeners) {
        listeners = new Set();
        listenersByConversation.set(conversationId, listeners);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) listenersByConversation.delete(conversationId);
      };
    },
    subscribeAll(listener) {
      globalListeners.add(listener);
      return () => globalListeners.delete(listener);
    },
  };
}
