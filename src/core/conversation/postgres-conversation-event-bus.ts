import { type QueryExecutorProvider, sql } from 'kysely';
import type pg from 'pg';
import type { ConversationEvent } from './conversation.js';
import {
  type ConversationEventBus,
  type ConversationEventListener,
  createSubscriptionRegistry,
  deliverTo,
  notifySafely,
} from './conversation-event-bus.js';
import type { Logger } from './listener-set.js';

/** NOTIFY channel of stored conversation events; one per database (payloads name the conversation). */
export const CONVERSATION_EVENTS_CHANNEL = 'parley_conversation_events';

/**
 * Sent inside the transaction that inserts the event, so PostgreSQL delivers it when (and only
 * if) the event commits. The payload is the conversation id and event id, never the event:
 * NOTIFY payloads are capped at 8,000 bytes and are not kept for a listener that was away.
 */
export async function notifyConversationEvent(
  writer: QueryExecutorProvider,
  event: { conversationId: string; id: number },
): Promise<void> {
  await sql`select pg_notify(${CONVERSATION_EVENTS_CHANNEL}, ${`${event.conversationId}:${event.id}`})`.execute(
    writer,
  );
}

export interface PostgresConversationEventBusOptions {
  /** How to open the dedicated LISTEN connection (not a pooled one: it stays checked out for good). */
  clientConfig: pg.ClientConfig;
  /** The conversation's stored events with an id above afterId, in id order. */
  readEventsAfter(conversationId: string, afterId: number): Promise<ConversationEvent[]>;
  logger?: Logger;
  /** Reconnect backoff: first delay, doubled per failed attempt up to the maximum. */
  reconnectDelayMs?: { initial: number; maximum: number };
}

/**
 * Cross-instance delivery. A notification (or a local publish) only says "conversation C has
 * something new": the bus then re-reads C's events after the last id it delivered, so nothing
 * is lost or reordered whatever order notifications arrive in, and a notification missed while
 * the LISTEN connection was down is made up by re-reading every subscribed conversation when it
 * is back.
 */
export function createPostgresConversationEventBus(
  options: PostgresConversationEventBusOptions,
): ConversationEventBus {
  const subscriptions = createSubscriptionRegistry();
  const everything = new Set<ConversationEventListener>();
  const delays = options.reconnectDelayMs ?? { initial: 100, maximum: 5_000 };
  /** Conversations being read now; `again` when news came during the read. */
  const pumps = new Map<string, { again: boolean }>();
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let failedAttempts = 0;

  function catchUp(conversationId: string): void {
    if (!subscriptions.byConversation.has(conversationId)) return;
    const running = pumps.get(conversationId);
    if (running) {
      running.again = true;
      return;
    }
    const pump = { again: true };
    pumps.set(conversationId, pump);
    void (async () => {
      try {
        while (pump.again && !closed) {
          pump.again = false;
          const current = [...(subscriptions.byConversation.get(conversationId) ?? [])];
          if (current.length === 0) break;
          const from = Math.min(...current.map((subscription) => subscription.lastDelivered));
          const events = await options.readEventsAfter(conversationId, from);
          for (const event of events)
            for (const subscription of current) deliverTo(subscription, event);
        }
      } catch (error) {
        options.logger?.warn(
          { err: error, conversationId },
          'reading conversation events failed; retrying in 1 s',
        );
        setTimeout(() => catchUp(conversationId), 1_000).unref();
      } finally {
        pumps.delete(conversationId);
      }
    })();
  }

  /** The one event a notification names, to every subscriber of all conversations (every instance's writes). */
  async function deliverToEverything(conversationId: string, eventId: number): Promise<void> {
    try {
      const events = await options.readEventsAfter(conversationId, eventId - 1);
      const event = events.find((candidate) => candidate.id === eventId);
      if (event) for (const listener of everything) notifySafely(listener, event);
    } catch (error) {
      options.logger?.warn({ err: error, conversationId }, 'reading a notified event failed');
    }
  }

  async function connect(): Promise<void> {
    // Imported here, not at the top: a process on SQLite never loads the pg driver.
    const { default: driver } = await import('pg');
    const connection = new driver.Client({ ...options.clientConfig, keepAlive: true });
    let dropped = false;
    const onDrop = (error?: Error) => {
      if (dropped) return;
      dropped = true;
      if (client === connection) {
        client = undefined;
        listening = false;
      }
      connection.end().catch(() => {});
      if (closed) return;
      options.logger?.warn(
        { err: error },
        'LISTEN connection lost: live events from other instances pause until it is back',
      );
      scheduleReconnect();
    };
    connection.on('notification', (notification) => {
      const payload = notification.payload ?? '';
      const separator = payload.lastIndexOf(':');
      if (separator <= 0) return;
      const conversationId = payload.slice(0, separator);
      catchUp(conversationId);
      const eventId = Number(payload.slice(separator + 1));
      if (everything.size > 0 && Number.isSafeInteger(eventId))
        void deliverToEverything(conversationId, eventId);
    });
    connection.on('error', onDrop);
    connection.on('end', () => onDrop());
    try {
      await connection.connect();
      await connection.query(`listen ${CONVERSATION_EVENTS_CHANNEL}`);
    } catch (error) {
      dropped = true;
      connection.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await connection.end().catch(() => {});
      return;
    }
    client = connection;
    listening = true;
    failedAttempts = 0;
    // Whatever was stored while nobody listened is in storage: read it for every open stream.
    for (const conversationId of subscriptions.byConversation.keys()) catchUp(conversationId);
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer) return;
    const delay = Math.min(delays.maximum, delays.initial * 2 ** failedAttempts);
    failedAttempts += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect().catch((error: unknown) => {
        options.logger?.warn({ err: error }, 'LISTEN reconnect failed; trying again');
        scheduleReconnect();
      });
    }, delay);
    reconnectTimer.unref();
  }

  return {
    publish(event) {
      // Stored here: read now rather than wait for the notification's round trip.
      catchUp(event.conversationId);
    },
    subscribe(conversationId, afterId, listener) {
      const unsubscribe = subscriptions.add(conversationId, afterId, listener);
      return unsubscribe;
    },
    subscribeAll(listener) {
      everything.add(listener);
      return () => everything.delete(listener);
    },
    async start() {
      closed = false;
      await connect();
    },
    async close() {
      closed = true;
      listening = false;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      const connection = client;
      client = undefined;
      await connection?.end().catch(() => {});
    },
    isReady: () => listening,
  };
}
