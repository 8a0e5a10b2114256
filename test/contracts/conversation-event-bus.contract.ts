import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationEvent } from '../../src/core/conversation/conversation.js';
import type { ConversationEventBus } from '../../src/core/conversation/conversation-event-bus.js';
import type { ConversationRepository } from '../../src/core/conversation/conversation-repository.js';

/** A bus wired to a repository the way the composition root wires them. */
export interface EventBusFixture {
  bus: ConversationEventBus;
  /** The repository whose stored events the bus delivers. */
  repository: ConversationRepository;
  close(): Promise<void>;
}

export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** What every ConversationEventBus must do, whatever carries the events. */
export function describeEventBusContract(
  name: string,
  makeFixture: () => Promise<EventBusFixture>,
): void {
  describe(`ConversationEventBus contract: ${name}`, () => {
    let fixture: EventBusFixture;

    beforeAll(async () => {
      fixture = await makeFixture();
    });
    afterAll(async () => {
      await fixture?.close();
    });

    const newConversation = () =>
      fixture.repository.createConversation({ localeHint: null, language: 'en' });
    const appendStaff = (conversationId: string, text: string) =>
      fixture.repository.appendMessage({ conversationId, role: 'staff', text, author: 'Ana' });

    it('is ready once started', () => {
      expect(fixture.bus.isReady()).toBe(true);
    });

    it('delivers every event stored after subscribing, once and in id order', async () => {
      const conversation = await newConversation();
      const received: ConversationEvent[] = [];
      const unsubscribe = fixture.bus.subscribe(conversation.id, 0, (event) =>
        received.push(event),
      );
      try {
        const texts = Array.from({ length: 20 }, (_, index) => `reply ${index}`);
        // Concurrent writers: the order of commits, not of calls, is the order of ids.
        await Promise.all(texts.map((text) => appendStaff(conversation.id, text)));
        await fixture.repository.appendEvent({
          conversationId: conversation.id,
          type: 'state',
          data: { state: 'human' },
        });
        await waitFor(() => received.length >= 21, '21 events');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(received).toHaveLength(21);
        const ids = received.map((event) => event.id);
        expect(ids).toEqual([...ids].sort((left, right) => left - right));
        expect(new Set(ids).size).toBe(21);
        const stored = await fixture.repository.listEvents(conversation.id, 0);
        expect(ids).toEqual(stored.map((event) => event.id));
        expect(received.at(-1)).toMatchObject({ type: 'state', data: { state: 'human' } });
        expect(received[0]).toMatchObject({
          conversationId: conversation.id,
          type: 'message',
          data: { message: { role: 'staff' } },
        });
      } finally {
        unsubscribe();
      }
    });

    it('delivers only events above afterId and only the subscribed conversation', async () => {
      const conversation = await newConversation();
      const other = await newConversation();
      const first = await appendStaff(conversation.id, 'before');
      const [before] = await fixture.repository.listEvents(conversation.id, 0);
      const received: ConversationEvent[] = [];
      const unsubscribe = fixture.bus.subscribe(conversation.id, before!.id, (event) =>
        received.push(event),
      );
      try {
        await appendStaff(other.id, 'elsewhere');
        await appendStaff(conversation.id, 'after');
        await waitFor(() => received.length >= 1, 'the event after subscribing');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(received.map((event) => (event.data.message as { text: string }).text)).toEqual([
          'after',
        ]);
        expect(first.text).toBe('before');
      } finally {
        unsubscribe();
      }
    });

    it('stops delivering after unsubscribe, and a failing listener does not stop the others', async () => {
      const conversation = await newConversation();
      const kept: number[] = [];
      const dropped: number[] = [];
      const unsubscribeKept = fixture.bus.subscribe(conversation.id, 0, (event) => {
        kept.push(event.id);
      });
      const unsubscribeFailing = fixture.bus.subscribe(conversation.id, 0, () => {
        throw new Error('listener bug');
      });
      const unsubscribeDropped = fixture.bus.subscribe(conversation.id, 0, (event) =>
        dropped.push(event.id),
      );
      try {
        await appendStaff(conversation.id, 'one');
        await waitFor(() => kept.length === 1 && dropped.length === 1, 'first event');
        unsubscribeDropped();
        await appendStaff(conversation.id, 'two');
        await waitFor(() => kept.length === 2, 'second event');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(dropped).toHaveLength(1);
      } finally {
        unsubscribeKept();
        unsubscribeFailing();
      }
    });
  });
}
