import type { ConversationEvent } from '../conversation/conversation.js';

export type ConversationEventListener = (event: ConversationEvent) => void;

/**
 * Fan-out of stored events to live subscribers (SSE streams). Events are always stored first,
 * so a subscriber that misses one replays it from storage with Last-Event-ID. Two
 * implementations: in-process (SQLite, one instance) and PostgreSQL LISTEN/NOTIFY (a fleet,
 * postgres-conversation-event-bus.ts). test/contracts/conversation-event-bus.contract.ts holds both
 * to the same behaviour.
 */
export interface ConversationEventBus {
  /** This process stored an event (called after its transaction committed). */
  publish(event: ConversationEvent): void;
  /**
   * Delivers the conversation's events with an id above afterId that are stored from now on, in
   * id order, each at most once to this listener. Events stored before the call may or may not be
   * delivered: a subscriber replays those from storage and drops ids it has already seen.
   */
  subscribe(
    conversationId: string,
    afterId: number,
    listener: ConversationEventListener,
  ): () => void;
  /**
   * Every event of every conversation stored from now on (the staff inbox's queue). Best effort,
   * in arrival order: the inbox re-reads the queue row an event points at, so a missed one is
   * corrected by the next.
   */
  subscribeAll(listener: ConversationEventListener): () => void;
  /** Opens what the bus needs (the PostgreSQL bus's LISTEN connection). */
  start(): Promise<void>;
  close(): Promise<void>;
  /** False while the bus cannot hear events stored elsewhere (for /readyz). */
  isReady(): boolean;
}

interface Subscription {
  listener: ConversationEventListener;
  lastDelivered: number;
}

/** Delivers to one subscriber; one failing subscriber must not stop the others nor the publisher. */
export function deliverTo(subscription: Subscription, event: ConversationEvent): void {
  if (event.id <= subscription.lastDelivered) return;
  subscription.lastDelivered = event.id;
  try {
    subscription.listener(event);
  } catch {
    /* the subscriber owns its errors */
  }
}

export function notifySafely(listener: ConversationEventListener, event: ConversationEvent): void {
  try {
    listener(event);
  } catch {
    /* the subscriber owns its errors */
  }
}

/** Subscriptions by conversation, shared by both implementations. */
export function createSubscriptionRegistry() {
  const byConversation = new Map<string, Set<Subscription>>();
  return {
    byConversation,
    add(conversationId: string, afterId: number, listener: ConversationEventListener) {
      if (!Number.isInteger(afterId))
        throw new RangeError(`subscribe afterId must be an integer, got ${afterId}`);
      let subscriptions = byConversation.get(conversationId);
      if (!subscriptions) {
        subscriptions = new Set();
        byConversation.set(conversationId, subscriptions);
      }
      const subscription: Subscription = { listener, lastDelivered: afterId };
      subscriptions.add(subscription);
      return () => {
        subscriptions.delete(subscription);
        if (subscriptions.size === 0 && byConversation.get(conversationId) === subscriptions)
          byConversation.delete(conversationId);
      };
    },
  };
}

/** The single-instance bus: events stored by this process go straight to its subscribers. */
export function createConversationEventBus(): ConversationEventBus {
  const subscriptions = createSubscriptionRegistry();
  const everything = new Set<ConversationEventListener>();
  return {
    publish(event) {
      for (const subscription of subscriptions.byConversation.get(event.conversationId) ?? [])
        deliverTo(subscription, event);
      for (const listener of everything) notifySafely(listener, event);
    },
    subscribe: subscriptions.add,
    subscribeAll(listener) {
      everything.add(listener);
      return () => everything.delete(listener);
    },
    start: async () => {},
    close: async () => {},
    isReady: () => true,
  };
}
