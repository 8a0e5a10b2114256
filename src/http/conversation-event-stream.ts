import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConversationEvent } from '../core/conversation/conversation.js';
import { invalidInput } from '../core/conversation/conversation-errors.js';
import { openServerSentEvents, type ServerSentEventStream } from './server-sent-events.js';

/**
 * Streams one conversation's events: those after Last-Event-ID from storage, then live ones.
 * It subscribes before replaying, so nothing published during the replay is lost, and drops
 * duplicates by id. Resolves when the client goes away.
 */
export async function streamConversationEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  source: {
    conversationId: string;
    list(afterId: number): Promise<ConversationEvent[]>;
    subscribe(afterId: number, listener: (event: ConversationEvent) => void): () => void;
    openStreams: Set<ServerSentEventStream>;
  },
): Promise<void> {
  const lastEventId = parseLastEventId(request);
  const stream = openServerSentEvents(request, reply);
  source.openStreams.add(stream);
  let lastSent = lastEventId;
  const pending: ConversationEvent[] = [];
  let replaying = true;
  const sendEvent = (event: ConversationEvent) => {
    if (event.id <= lastSent) return;
    lastSent = event.id;
    stream.send(event.type, event.data, event.id);
  };
  const unsubscribe = source.subscribe(lastEventId, (event) =>
    replaying ? pending.push(event) : sendEvent(event),
  );
  try {
    stream.send('ready', { conversationId: source.conversationId });
    for (const event of await source.list(lastEventId)) sendEvent(event);
    replaying = false;
    for (const event of pending.sort((left, right) => left.id - right.id)) sendEvent(event);
    await stream.closed;
  } finally {
    unsubscribe();
    source.openStreams.delete(stream);
  }
}

export function parseLastEventId(request: FastifyRequest): number {
  const header = request.headers['last-event-id'];
  const query = (request.query as Record<string, unknown> | undefined)?.lastEventId;
  const raw =
    (Array.isArray(header) ? header[0] : header) ?? (typeof query === 'string' ? query : undefined);
  if (raw === undefined || raw === '') return 0;
  // Digits only: Number() would also take "0x10", "1e3" and " 7 ", and beyond 2^53 - 1 it rounds,
  // so a stream would resume from an id the client never received (or from none at all).
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value))
    throw invalidInput(
      `Last-Event-ID must be the id of the last event you received: digits only, at most ${Number.MAX_SAFE_INTEGER}.`,
    );
  return value;
}
