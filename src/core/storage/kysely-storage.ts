import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { StorageDialect } from './migrations.js';
import { toPublicMessage } from './public-message.js';
import { decodeSerial, encodeJson, toConversation, toEvent, toMessage } from './row-codec.js';
import type { ConversationEvent, ConversationEventType, Message, Storage } from './storage.js';
import type { StorageDatabase } from './storage-database.js';
import { UnknownConversationError } from './unknown-conversation-error.js';
import { registerSqlAccess } from './storage-sql-access.js';

/** What differs between the dialects once a Kysely instance exists. */
export interface DialectSupport {
  readonly dialect: StorageDialect;
  /** better-sqlite3 cannot bind JS booleans; pg binds them natively. */
  encodeBoolean(value: boolean): boolean | number;
  isUniqueViolation(error: unknown): boolean;
  isForeignKeyViolation(error: unknown): boolean;
  migrate(): Promise<void>;
}

type Executor = Pick<Kysely<StorageDatabase>, 'selectFrom' | 'insertInto' | 'updateTable'>;

/** The Storage implementation shared by SQLite and PostgreSQL: the SQL is the same, the drivers differ. */
export function createKyselyStorage(db: Kysely<StorageDatabase>, support: DialectSupport): Storage {
  let closing: Promise<void> | undefined;
  const eventListeners = new Set<(event: ConversationEvent) => void>();

  /** Listeners hear an event only after its transaction committed, so they never see a rolled-back one. */
  function announce(event: ConversationEvent): void {
    for (const listener of eventListeners) {
      try {
        listener(event);
      } catch {
        /* a listener's failure must not fail the write that already committed */
      }
    }
  }

  /*
   * Every write that adds an event first bumps the conversation's updated_at. On PostgreSQL that
   * row lock makes writes to one conversation take turns until commit, so its events become
   * visible in id order and a reader resuming after id N never skips a late-committing N+1.
   * SQLite gets the same from its database-wide write lock; starting with a write also keeps a
   * deferred SQLite transaction from failing with SQLITE_BUSY on a read-to-write upgrade.
   */
  async function touchConversation(executor: Executor, conversationId: string, now: string): Promise<void> {
    const result = await executor.updateTable('conversations').set({ updated_at: now }).where('id', '=', conversationId).executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new UnknownConversationError(conversationId);
  }

  async function insertEvent(
    executor: Executor,
    input: { conversationId: string; type: ConversationEventType; data: Record<string, unknown> },
    createdAt: string,
  ): Promise<ConversationEvent> {
    const row = await executor
      .insertInto('events')
      .values({ conversation_id: input.conversationId, type: input.type, data: encodeJson(input.data), created_at: createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: decodeSerial(row.id), conversationId: input.conversationId, type: input.type, data: input.data, createdAt };
  }

  async function insertMessageWithEvent(message: Message): Promise<void> {
    const event = await db.transaction().execute(async (transaction) => {
      await touchConversation(transaction, message.conversationId, message.createdAt);
      const event = await insertEvent(transaction, { conversationId: message.conversationId, type: 'message', data: { message: toPublicMessage(message) } }, message.createdAt);
      await transaction
        .insertInto('messages')
        .values({
          id: message.id,
          conversation_id: message.conversationId,
          role: message.role,
          text: message.text,
          language: message.language,
          client_message_id: message.clientMessageId,
          reply_to_id: message.replyToId,
          citations: encodeJson(message.citations),
          tier: message.tier,
          reasons: encodeJson(message.reasons),
          handoff: support.encodeBoolean(message.handoff),
          author: message.author,
          meta: encodeJson(message.meta),
          created_at: message.createdAt,
          event_id: event.id,
        })
        .execute();
      return event;
    });
    announce(event);
  }

  async function findByClientMessageId(conversationId: string, clientMessageId: string): Promise<Message | undefined> {
    const row = await db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('client_message_id', '=', clientMessageId)
      .executeTakeFirst();
    return row === undefined ? undefined : toMessage(row);
  }

  return registerSqlAccess({
    dialect: support.dialect,

    migrate: () => support.migrate(),

    async createConversation(input) {
      const now = new Date().toISOString();
      const conversation = { id: randomUUID(), localeHint: input.localeHint, language: input.language, state: 'bot' as const, offlineNoticeGiven: false, createdAt: now, updatedAt: now };
      await db
        .insertInto('conversations')
        .values({
          id: conversation.id,
          locale_hint: conversation.localeHint,
          language: conversation.language,
          state: conversation.state,
          offline_notice_given: support.encodeBoolean(false),
          created_at: now,
          updated_at: now,
        })
        .execute();
      return conversation;
    },

    async getConversation(id) {
      const row = await db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toConversation(row);
    },

    async updateConversation(id, patch) {
      const row = await db
        .updateTable('conversations')
        .set({
          updated_at: new Date().toISOString(),
          ...(patch.language === undefined ? {} : { language: patch.language }),
          ...(patch.state === undefined ? {} : { state: patch.state }),
          ...(patch.offlineNoticeGiven === undefined ? {} : { offline_notice_given: support.encodeBoolean(patch.offlineNoticeGiven) }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) throw new UnknownConversationError(id);
      return toConversation(row);
    },

    async appendUserMessage(input) {
      const { conversationId, clientMessageId } = input;
      // Fast path for a client retry; the unique index below is what makes it safe under races.
      if (clientMessageId !== null) {
        const existing = await findByClientMessageId(conversationId, clientMessageId);
        if (existing !== undefined) return { message: existing, created: false };
      }
      const message: Message = {
        id: randomUUID(),
        conversationId,
        role: 'user',
        text: input.text,
        language: input.language,
        clientMessageId,
        replyToId: null,
        citations: [],
        tier: null,
        reasons: [],
        handoff: false,
        author: null,
        meta: {},
        createdAt: new Date().toISOString(),
      };
      try {
        await insertMessageWithEvent(message);
        return { message, created: true };
      } catch (error) {
        // A concurrent call with the same clientMessageId won: its message is the one to return.
        if (clientMessageId !== null && support.isUniqueViolation(error)) {
          const existing = await findByClientMessageId(conversationId, clientMessageId);
          if (existing !== undefined) return { message: existing, created: false };
        }
        throw error;
      }
    },

    async appendMessage(input) {
      const message: Message = {
        id: randomUUID(),
        conversationId: input.conversationId,
        role: input.role,
        text: input.text,
        language: input.language ?? null,
        clientMessageId: input.clientMessageId ?? null,
        replyToId: input.replyToId ?? null,
        citations: input.citations ?? [],
        tier: input.tier ?? null,
        reasons: input.reasons ?? [],
        handoff: input.handoff ?? false,
        author: input.author ?? null,
        meta: input.meta ?? {},
        createdAt: new Date().toISOString(),
      };
      try {
        await insertMessageWithEvent(message);
      } catch (error) {
        if (message.replyToId !== null && support.isForeignKeyViolation(error)) {
          throw new Error(`Cannot store the reply: replyToId ${message.replyToId} names no stored message`, { cause: error });
        }
        throw error;
      }
      return message;
    },

    async findReplyTo(userMessageId) {
      // The first reply is the one the customer was given; a retry must see that one again.
      const row = await db
        .selectFrom('messages')
        .selectAll()
        .where('reply_to_id', '=', userMessageId)
        .orderBy('created_at')
        .orderBy('event_id')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : toMessage(row);
    },

    async listMessages(conversationId, options) {
      if (options?.latest !== undefined) {
        if (!(Number.isInteger(options.latest) && options.latest > 0)) throw new RangeError(`listMessages latest must be a positive integer, got ${options.latest}`);
        // Newest first with a limit, then back to oldest first: a long conversation costs no more than a short one.
        const rows = await db
          .selectFrom('messages')
          .selectAll()
          .where('conversation_id', '=', conversationId)
          .orderBy('created_at', 'desc')
          .orderBy('event_id', 'desc')
          .limit(options.latest)
          .execute();
        return rows.reverse().map(toMessage);
      }
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('created_at')
        .orderBy('event_id')
        .execute();
      return rows.map(toMessage);
    },

    async appendEvent(input) {
      const createdAt = new Date().toISOString();
      const event = await db.transaction().execute(async (transaction) => {
        await touchConversation(transaction, input.conversationId, createdAt);
        return insertEvent(transaction, input, createdAt);
      });
      announce(event);
      return event;
    },

    async listEvents(conversationId, afterId, limit) {
      // Both usually come from a client (Last-Event-ID); NaN would silently match nothing.
      if (!Number.isInteger(afterId)) throw new RangeError(`listEvents afterId must be an integer, got ${afterId}`);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
        throw new RangeError(`listEvents limit must be a positive integer, got ${limit}`);
      }
      let query = db
        .selectFrom('events')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('id', '>', afterId)
        .orderBy('id');
      if (limit !== undefined) query = query.limit(limit);
      const rows = await query.execute();
      return rows.map(toEvent);
    },

    onEventStored(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },

    async ping() {
      await sql`select 1`.execute(db);
    },

    close() {
      closing ??= db.destroy();
      return closing;
    },
  }, { db, dialect: support.dialect, encodeBoolean: support.encodeBoolean });
}
