import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Conversation,
  UnknownConversationError,
} from '../../src/core/conversation/conversation.js';
import {
  type ConversationRepository,
  createConversationRepository,
} from '../../src/core/conversation/conversation-repository.js';
import { toPublicMessage } from '../../src/core/conversation/public-message.js';
import type { Database } from '../../src/core/database/database.js';
import { parleyMigrations } from '../../src/migrations.js';

/** The conversation repository over a database, with the database's own lifecycle: what this suite drives. */
export interface Storage extends ConversationRepository {
  readonly dialect: Database['dialect'];
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function storageOver(database: Database): Storage {
  return {
    ...createConversationRepository(database),
    dialect: database.dialect,
    migrate: () => database.migrate(parleyMigrations(database.dialect)),
    ping: () => database.ping(),
    close: () => database.close(),
  };
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Every id is time-ordered (version 7): new rows, and the recent conversations' rows, land at the end of the indexes. */
const TIME_ORDERED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * The behaviour every Storage implementation must share. `makeStorage` returns a new,
 * not-yet-migrated instance; for a persistent database, successive instances must open the same
 * database (the suite uses that to check that migrating again keeps the data).
 */
export function describeStorageContract(name: string, makeStorage: () => Promise<Storage>): void {
  describe(`Storage contract: ${name}`, () => {
    let storage: Storage;

    beforeAll(async () => {
      storage = await makeStorage();
      await storage.migrate();
    });

    afterAll(async () => {
      await storage?.close();
    });

    const newConversation = () =>
      storage.createConversation({ localeHint: 'fr-CH', language: null });

    describe('migrations', () => {
      it('can run again, on the same and on a new instance, without touching the data', async () => {
        const conversation = await newConversation();
        await storage.migrate();
        const second = await makeStorage();
        try {
          await second.migrate();
          await second.migrate();
          expect(second.dialect).toBe(storage.dialect);
        } finally {
          await second.close();
        }
        expect(await storage.getConversation(conversation.id)).toEqual(conversation);
      });
    });

    describe('conversations', () => {
      it('creates a conversation held by the bot, and reads it back', async () => {
        const conversation = await storage.createConversation({
          localeHint: 'de-AT',
          language: 'de',
        });
        expect(conversation).toEqual({
          id: expect.stringMatching(TIME_ORDERED_UUID),
          localeHint: 'de-AT',
          language: 'de',
          state: 'bot',
          channel: 'web',
          offlineNoticeGiven: false,
          createdAt: expect.stringMatching(ISO_TIMESTAMP),
          updatedAt: conversation.createdAt,
        });
        expect(await storage.getConversation(conversation.id)).toEqual(conversation);
      });

      it('gives every conversation its own id and keeps a null locale hint', async () => {
        const first = await storage.createConversation({ localeHint: null, language: null });
        const second = await storage.createConversation({ localeHint: null, language: null });
        expect(first.id).not.toBe(second.id);
        expect(first.id < second.id).toBe(true);
        expect((await storage.getConversation(first.id))?.localeHint).toBeNull();
      });

      it('answers undefined for an unknown id', async () => {
        expect(await storage.getConversation(MISSING_ID)).toBeUndefined();
      });

      it('updates only the patched fields, bumps updatedAt and keeps createdAt', async () => {
        const conversation = await newConversation();
        await sleep(5);
        const updated = await storage.updateConversation(conversation.id, {
          language: 'fr',
          state: 'handoff_requested',
        });
        expect(updated).toEqual({
          ...conversation,
          language: 'fr',
          state: 'handoff_requested',
          updatedAt: expect.stringMatching(ISO_TIMESTAMP),
        });
        expect(updated.updatedAt > conversation.updatedAt).toBe(true);

        const noticed = await storage.updateConversation(conversation.id, {
          offlineNoticeGiven: true,
        });
        expect(noticed).toMatchObject({
          language: 'fr',
          state: 'handoff_requested',
          offlineNoticeGiven: true,
        });
        expect(await storage.getConversation(conversation.id)).toEqual(noticed);
      });

      it('refuses to update an unknown conversation', async () => {
        const update = storage.updateConversation(MISSING_ID, { state: 'resolved' });
        await expect(update).rejects.toBeInstanceOf(UnknownConversationError);
        await expect(update).rejects.toThrow(MISSING_ID);
      });
    });

    describe('customer messages', () => {
      it('stores a message with its message event, which shows the public view only', async () => {
        const conversation = await newConversation();
        const { message, created } = await storage.appendUserMessage({
          conversationId: conversation.id,
          text: 'Où est ma commande ?',
          language: 'fr',
          clientMessageId: 'c-1',
        });
        expect(created).toBe(true);
        expect(message).toEqual({
          id: expect.stringMatching(TIME_ORDERED_UUID),
          conversationId: conversation.id,
          role: 'user',
          text: 'Où est ma commande ?',
          language: 'fr',
          clientMessageId: 'c-1',
          replyToId: null,
          citations: [],
          tier: null,
          reasons: [],
          handoff: false,
          author: null,
          meta: {},
          createdAt: expect.stringMatching(ISO_TIMESTAMP),
        });
        expect(await storage.listMessages(conversation.id)).toEqual([message]);

        const events = await storage.listEvents(conversation.id, 0);
        expect(events).toEqual([
          {
            id: expect.any(Number),
            conversationId: conversation.id,
            type: 'message',
            data: { message: toPublicMessage(message) },
            createdAt: message.createdAt,
          },
        ]);
        expect(Object.keys((events[0]!.data as { message: object }).message)).not.toContain('meta');
      });

      it('stores a repeated clientMessageId once and returns the first message', async () => {
        const conversation = await newConversation();
        const input = {
          conversationId: conversation.id,
          text: 'Hello',
          language: 'en' as const,
          clientMessageId: 'retry-me',
        };
        const first = await storage.appendUserMessage(input);
        const second = await storage.appendUserMessage({ ...input, text: 'Hello (resent)' });
        expect(second).toEqual({ message: first.message, created: false });
        expect(await storage.listMessages(conversation.id)).toHaveLength(1);
        expect(await storage.listEvents(conversation.id, 0)).toHaveLength(1);
      });

      it('scopes clientMessageId to its conversation and never dedupes messages without one', async () => {
        const one = await newConversation();
        const two = await newConversation();
        const inOne = await storage.appendUserMessage({
          conversationId: one.id,
          text: 'a',
          language: null,
          clientMessageId: 'same',
        });
        const inTwo = await storage.appendUserMessage({
          conversationId: two.id,
          text: 'a',
          language: null,
          clientMessageId: 'same',
        });
        expect(inTwo.created).toBe(true);
        expect(inTwo.message.id).not.toBe(inOne.message.id);

        await storage.appendUserMessage({
          conversationId: one.id,
          text: 'b',
          language: null,
          clientMessageId: null,
        });
        const again = await storage.appendUserMessage({
          conversationId: one.id,
          text: 'b',
          language: null,
          clientMessageId: null,
        });
        expect(again.created).toBe(true);
        expect((await storage.listMessages(one.id)).map((message) => message.text)).toEqual([
          'a',
          'b',
          'b',
        ]);
      });

      it('stores one message when the same clientMessageId arrives concurrently', async () => {
        const conversation = await newConversation();
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, index) =>
            storage.appendUserMessage({
              conversationId: conversation.id,
              text: `attempt ${index}`,
              language: 'en',
              clientMessageId: 'race',
            }),
          ),
        );
        expect(results.filter((result) => result.created)).toHaveLength(1);
        const winner = results.find((result) => result.created)?.message;
        for (const result of results) expect(result.message).toEqual(winner);
        expect(await storage.listMessages(conversation.id)).toEqual([winner]);
        expect(await storage.listEvents(conversation.id, 0)).toHaveLength(1);
      });

      it('patches the conversation in the same write, and not at all when nothing is stored', async () => {
        const conversation = await newConversation();
        const stored = await storage.appendUserMessage({
          conversationId: conversation.id,
          text: 'Bonjour',
          language: 'fr',
          clientMessageId: 'p-1',
          conversation: { language: 'fr' },
        });
        expect(stored.conversation).toMatchObject({
          id: conversation.id,
          language: 'fr',
          state: 'bot',
        });
        expect(await storage.getConversation(conversation.id)).toEqual(stored.conversation);

        const retried = await storage.appendUserMessage({
          conversationId: conversation.id,
          text: 'Hallo',
          language: 'de',
          clientMessageId: 'p-1',
          conversation: { language: 'de' },
        });
        expect(retried).toEqual({ message: stored.message, created: false });
        expect((await storage.getConversation(conversation.id))?.language).toBe('fr');

        await expect(
          storage.appendMessage({
            conversationId: conversation.id,
            role: 'assistant',
            text: 'orphan',
            replyToId: MISSING_ID,
            conversation: { offlineNoticeGiven: true },
          }),
        ).rejects.toThrow(MISSING_ID);
        expect((await storage.getConversation(conversation.id))?.offlineNoticeGiven).toBe(false);
        await storage.appendMessage({
          conversationId: conversation.id,
          role: 'assistant',
          text: 'Réponse',
          replyToId: stored.message.id,
          conversation: { offlineNoticeGiven: true },
        });
        expect(await storage.getConversation(conversation.id)).toMatchObject({
          language: 'fr',
          offlineNoticeGiven: true,
        });
        expect(
          (await storage.listMessages(conversation.id)).map((message) => message.text),
        ).toEqual(['Bonjour', 'Réponse']);
      });

      it('refuses a message for an unknown conversation', async () => {
        await expect(
          storage.appendUserMessage({
            conversationId: MISSING_ID,
            text: 'hi',
            language: null,
            clientMessageId: 'x',
          }),
        ).rejects.toBeInstanceOf(UnknownConversationError);
        expect(await storage.listEvents(MISSING_ID, 0)).toEqual([]);
      });
    });

    describe('replies and the transcript', () => {
      it('round-trips every field of a reply, JSON included, and exposes no meta in its event', async () => {
        const conversation = await newConversation();
        const { message: question } = await storage.appendUserMessage({
          conversationId: conversation.id,
          text: 'Rückgabe?',
          language: 'de',
          clientMessageId: null,
        });
        const meta = {
          model: 'mistral.mistral-large-2407-v1:0',
          tokens: { input: 1200, output: 87, cacheRead: 0 },
          costUsd: 0.005844,
          latencyMs: [12, 340.5],
          promptVersion: 'sha256:ab"c\\d',
          fallback: false,
          note: null,
          unicode: 'Größe — 尺寸 — 🙂',
        };
        const reply = await storage.appendMessage({
          conversationId: conversation.id,
          role: 'assistant',
          text: 'Sie haben 30 Tage „Rückgaberecht“.',
          language: 'de',
          replyToId: question.id,
          citations: [
            {
              title: 'Rückgabe',
              url: 'https://shop.example/de/rueckgabe',
              snippet: 'Innerhalb von 30 Tagen…',
            },
            { title: 'Umtausch', snippet: 'Größe "M" → "L"' },
          ],
          tier: 'large',
          reasons: ['billing_dispute', 'negative_sentiment'],
          handoff: false,
          meta,
        });
        expect(reply).toMatchObject({
          id: expect.stringMatching(TIME_ORDERED_UUID),
          role: 'assistant',
          clientMessageId: null,
          author: null,
          createdAt: expect.stringMatching(ISO_TIMESTAMP),
        });

        const messages = await storage.listMessages(conversation.id);
        expect(messages).toEqual([question, reply]);
        expect(messages[1]?.meta).toEqual(meta);
        expect(messages[1]?.citations[1]).toEqual({
          title: 'Umtausch',
          snippet: 'Größe "M" → "L"',
        });
        expect(await storage.findReplyTo(conversation.id, question.id)).toEqual(reply);

        const events = await storage.listEvents(conversation.id, 0);
        expect(events.map((event) => event.data)).toEqual([
          { message: toPublicMessage(question) },
          { message: toPublicMessage(reply) },
        ]);
        expect(JSON.stringify(events)).not.toContain('mistral.mistral-large');
      });

      it('fills defaults for a staff or system message', async () => {
        const conversation = await newConversation();
        const staff = await storage.appendMessage({
          conversationId: conversation.id,
          role: 'staff',
          text: 'Hi, Anna here.',
          author: 'Anna',
        });
        expect(staff).toMatchObject({
          role: 'staff',
          author: 'Anna',
          language: null,
          citations: [],
          reasons: [],
          tier: null,
          handoff: false,
          meta: {},
          replyToId: null,
        });
        const system = await storage.appendMessage({
          conversationId: conversation.id,
          role: 'system',
          text: 'Handing over',
          handoff: true,
          tier: 'human',
          reasons: ['human_requested'],
        });
        expect(await storage.listMessages(conversation.id)).toEqual([staff, system]);
      });

      it('lists only the newest messages as history, still oldest first', async () => {
        const conversation = await newConversation();
        for (const text of ['one', 'two', 'three', 'four', 'five']) {
          await storage.appendMessage({ conversationId: conversation.id, role: 'system', text });
        }
        expect(
          (await storage.listHistory(conversation.id, 2)).map((message) => message.text),
        ).toEqual(['four', 'five']);
        expect(
          (await storage.listHistory(conversation.id, 50)).map((message) => message.text),
        ).toEqual(['one', 'two', 'three', 'four', 'five']);
        await expect(storage.listHistory(conversation.id, 0)).rejects.toThrow(RangeError);
      });

      it('gives history entries without telemetry, and the state a system notice announced', async () => {
        const conversation = await newConversation();
        const question = await storage.appendMessage({
          conversationId: conversation.id,
          role: 'user',
          text: 'Where is my parcel?',
        });
        const answer = await storage.appendMessage({
          conversationId: conversation.id,
          role: 'assistant',
          text: 'It left the warehouse.',
          replyToId: question.id,
          citations: [{ title: 'Shipping', snippet: 'x' }],
          meta: { state: 'not-a-notice', costUsd: 0.001 },
        });
        const joined = await storage.appendMessage({
          conversationId: conversation.id,
          role: 'system',
          text: 'Anna joined',
          meta: { state: 'human' },
        });
        const waiting = await storage.appendMessage({
          conversationId: conversation.id,
          role: 'system',
          text: 'A person will answer',
          meta: { outcome: 'staff' },
        });
        expect(await storage.listHistory(conversation.id, 10)).toEqual([
          { id: question.id, role: 'user', text: 'Where is my parcel?', announcedState: null },
          // An assistant reply's meta is telemetry, never a state change, whatever it contains.
          {
            id: answer.id,
            role: 'assistant',
            text: 'It left the warehouse.',
            announcedState: null,
          },
          { id: joined.id, role: 'system', text: 'Anna joined', announcedState: 'human' },
          { id: waiting.id, role: 'system', text: 'A person will answer', announcedState: null },
        ]);
      });

      it('lists messages in the order they were stored, even within one millisecond', async () => {
        const conversation = await newConversation();
        const stored = [];
        for (let index = 0; index < 12; index += 1) {
          stored.push(
            await storage.appendMessage({
              conversationId: conversation.id,
              role: index % 2 === 0 ? 'user' : 'assistant',
              text: `#${index}`,
            }),
          );
        }
        expect(
          (await storage.listMessages(conversation.id)).map((message) => message.text),
        ).toEqual(stored.map((message) => message.text));
        // Time-ordered ids: store order is id order too, within a millisecond as well.
        expect(stored.map((message) => message.id)).toEqual(
          stored.map((message) => message.id).sort(),
        );
        const other = await newConversation();
        expect(await storage.listMessages(other.id)).toEqual([]);
      });

      it('reads one message by id within its conversation only', async () => {
        const conversation = await newConversation();
        const other = await newConversation();
        const { message } = await storage.appendUserMessage({
          conversationId: conversation.id,
          text: 'where is my parcel?',
          language: 'en',
          clientMessageId: 'one',
        });
        const reply = await storage.appendMessage({
          conversationId: conversation.id,
          role: 'assistant',
          text: 'here',
          replyToId: message.id,
          citations: [
            { title: 'Tracking', url: 'https://help.example/t', snippet: 'Track your order' },
          ],
          meta: { model: 'local' },
        });
        expect(await storage.getMessage(conversation.id, message.id)).toEqual(message);
        expect(await storage.getMessage(conversation.id, reply.id)).toEqual(reply);
        expect(await storage.getMessage(other.id, message.id)).toBeUndefined();
        expect(await storage.getMessage(conversation.id, MISSING_ID)).toBeUndefined();
      });

      it('finds the first reply to a message, and nothing for an unanswered one', async () => {
        const conversation = await newConversation();
        const { message: question } = await storage.appendUserMessage({
          conversationId: conversation.id,
          text: 'q',
          language: 'en',
          clientMessageId: 'q',
        });
        const { message: unanswered } = await storage.appendUserMessage({
          conversationId: conversation.id,
          text: 'q2',
          language: 'en',
          clientMessageId: 'q2',
        });
        const first = await storage.appendMessage({
          conversationId: conversation.id,
          role: 'assistant',
          text: 'first',
          replyToId: question.id,
        });
        await storage.appendMessage({
          conversationId: conversation.id,
          role: 'system',
          text: 'second',
          replyToId: question.id,
        });
        expect(await storage.findReplyTo(conversation.id, question.id)).toEqual(first);
        expect(await storage.findReplyTo(conversation.id, unanswered.id)).toBeUndefined();
        expect(await storage.findReplyTo(conversation.id, MISSING_ID)).toBeUndefined();
      });

      it('rolls back the whole write when the message cannot be stored: no orphan event, no bump', async () => {
        const conversation = await newConversation();
        await storage.appendEvent({
          conversationId: conversation.id,
          type: 'state',
          data: { state: 'bot' },
        });
        const before = await storage.getConversation(conversation.id);
        const eventsBefore = await storage.listEvents(conversation.id, 0);
        await sleep(5);

        await expect(
          storage.appendMessage({
            conversationId: conversation.id,
            role: 'assistant',
            text: 'orphan?',
            replyToId: MISSING_ID,
          }),
        ).rejects.toThrow(MISSING_ID);

        expect(await storage.listEvents(conversation.id, 0)).toEqual(eventsBefore);
        expect(await storage.listMessages(conversation.id)).toEqual([]);
        expect(await storage.getConversation(conversation.id)).toEqual(before);
      });
    });

    describe('events', () => {
      it('numbers events with strictly increasing ids across conversations and replays after an id', async () => {
        const one = await newConversation();
        const two = await newConversation();
        const lastEventId = async (conversationId: string) =>
          (await storage.listEvents(conversationId, 0)).at(-1)?.id ?? Number.NaN;
        const written: number[] = [];
        written.push(
          (
            await storage.appendEvent({
              conversationId: one.id,
              type: 'state',
              data: { state: 'handoff_requested' },
            })
          ).id,
        );
        await storage.appendMessage({ conversationId: one.id, role: 'system', text: 'ok' });
        written.push(await lastEventId(one.id));
        written.push(
          (
            await storage.appendEvent({
              conversationId: two.id,
              type: 'state',
              data: { state: 'human' },
            })
          ).id,
        );
        await storage.appendUserMessage({
          conversationId: one.id,
          text: 'hi',
          language: null,
          clientMessageId: null,
        });
        written.push(await lastEventId(one.id));
        written.push(
          (
            await storage.appendEvent({
              conversationId: one.id,
              type: 'delta',
              data: { text: 'par' },
            })
          ).id,
        );

        for (let index = 1; index < written.length; index += 1)
          expect(written[index]!).toBeGreaterThan(written[index - 1]!);
        for (const id of written) expect(Number.isSafeInteger(id)).toBe(true);

        const all = await storage.listEvents(one.id, 0);
        expect(all.map((event) => event.id)).toEqual([
          written[0],
          written[1],
          written[3],
          written[4],
        ]);
        expect(all.map((event) => event.type)).toEqual(['state', 'message', 'message', 'delta']);
        expect(all[0]).toEqual({
          id: written[0],
          conversationId: one.id,
          type: 'state',
          data: { state: 'handoff_requested' },
          createdAt: expect.stringMatching(ISO_TIMESTAMP),
        });

        expect((await storage.listEvents(one.id, written[1]!)).map((event) => event.id)).toEqual([
          written[3],
          written[4],
        ]);
        expect(await storage.listEvents(one.id, written[4]!)).toEqual([]);
        expect((await storage.listEvents(one.id, 0, 2)).map((event) => event.id)).toEqual([
          written[0],
          written[1],
        ]);
        expect((await storage.listEvents(two.id, 0)).map((event) => event.id)).toEqual([
          written[2],
        ]);
      });

      it('lets a reader that resumes after the last id it saw miss nothing while writers race', async () => {
        const conversation = await newConversation();
        const seen: number[] = [];
        let writing = true;
        const poll = async () => {
          const events = await storage.listEvents(conversation.id, seen.at(-1) ?? 0);
          seen.push(...events.map((event) => event.id));
        };
        // Enough writers that, without per-conversation serialisation, PostgreSQL commits ids out
        // of order within the reader's window (checked: such a mutant fails this test).
        // A reader polls from I/O callbacks (a client's request): it yields to the event loop
        // between polls, as a SQLite read itself completes synchronously.
        const reader = (async () => {
          while (writing) {
            await poll();
            await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        await Promise.all(
          Array.from({ length: 200 }, (_, index) =>
            index % 2 === 0
              ? storage.appendEvent({
                  conversationId: conversation.id,
                  type: 'state',
                  data: { index },
                })
              : storage.appendUserMessage({
                  conversationId: conversation.id,
                  text: `m${index}`,
                  language: null,
                  clientMessageId: `m${index}`,
                }),
          ),
        ).finally(() => {
          writing = false;
        });
        await reader;
        await poll();

        const all = (await storage.listEvents(conversation.id, 0)).map((event) => event.id);
        expect(all).toHaveLength(200);
        expect(seen).toEqual(all);
      });

      it('refuses an event for an unknown conversation and a malformed cursor', async () => {
        await expect(
          storage.appendEvent({ conversationId: MISSING_ID, type: 'state', data: {} }),
        ).rejects.toBeInstanceOf(UnknownConversationError);
        const conversation = await newConversation();
        await expect(storage.listEvents(conversation.id, Number.NaN)).rejects.toThrow(RangeError);
        await expect(storage.listEvents(conversation.id, 0, 0)).rejects.toThrow(RangeError);
      });

      it('bumps the conversation updatedAt when something happens in it', async () => {
        const conversation: Conversation = await newConversation();
        await sleep(5);
        await storage.appendEvent({
          conversationId: conversation.id,
          type: 'state',
          data: { state: 'human' },
        });
        const after = await storage.getConversation(conversation.id);
        expect(after!.updatedAt > conversation.updatedAt).toBe(true);
      });
    });

    describe('answer leases', () => {
      const storeWithLease = async (answerLeaseUntil: number) => {
        const conversation = await newConversation();
        const { message } = await storage.appendUserMessage({
          conversationId: conversation.id,
          text: 'Where is my order?',
          language: 'en',
          clientMessageId: 'lease-1',
          answerLeaseUntil,
        });
        return { conversationId: conversation.id, messageId: message.id };
      };

      it('refuses to take over a message whose lease still runs', async () => {
        const now = Date.now();
        const message = await storeWithLease(now + 60_000);
        expect(await storage.claimAnswer({ ...message, now, leaseUntil: now + 1000 })).toBe(false);
      });

      it('lets exactly one of several racing claims take over an expired lease', async () => {
        const now = Date.now();
        const message = await storeWithLease(now - 1);
        const claims = await Promise.all(
          Array.from({ length: 5 }, () =>
            storage.claimAnswer({ ...message, now, leaseUntil: now + 60_000 }),
          ),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
      });

      it('frees a message at once when its lease is given up', async () => {
        const now = Date.now();
        const message = await storeWithLease(now + 60_000);
        await storage.setAnswerLease(message.conversationId, message.messageId, null);
        expect(await storage.claimAnswer({ ...message, now, leaseUntil: now + 1000 })).toBe(true);
      });
    });

    describe('lifecycle', () => {
      it('pings, and closes (twice without error) so that later calls fail', async () => {
        const other = await makeStorage();
        await other.migrate();
        await expect(other.ping()).resolves.toBeUndefined();
        await other.close();
        await other.close();
        await expect(other.ping()).rejects.toThrow();
      });
    });
  });
}
