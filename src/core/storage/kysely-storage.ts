import { timeOrderedId } from '../ids/time-ordered-ids.js';
import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { StorageDialect } from './migrations.js';
import { precompile, type CompiledQueryRunner } from './precompiled-query.js';
import { toPublicMessage } from './public-message.js';
import { decodeSerial, encodeJson, toConversation, toEvent, toHistoryMessage, toMessage } from './row-codec.js';
import type { ConversationEvent, ConversationEventType, Conversation, Message, Storage } from './storage.js';
import type { ConversationsTable, MessagesTable, StorageDatabase } from './storage-database.js';
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

const MESSAGE_COLUMNS = [
  'id', 'conversation_id', 'role', 'text', 'language', 'client_message_id', 'reply_to_id', 'citations',
  'tier', 'reasons', 'handoff', 'author', 'meta', 'created_at', 'event_id',
] as const satisfies ReadonlyArray<keyof MessagesTable>;
const CONVERSATION_COLUMNS = ['id', 'locale_hint', 'language', 'state', 'offline_notice_given', 'created_at', 'updated_at'] as const satisfies ReadonlyArray<keyof ConversationsTable>;
type ConversationPatch = Partial<Pick<Conversation, 'language' | 'state' | 'offlineNoticeGiven'>>;

/** The Storage implementation shared by SQLite and PostgreSQL: the SQL is the same, the drivers differ. */
export function createKyselyStorage(db: Kysely<StorageDatabase>, support: DialectSupport): Storage {
  let closing: Promise<void> | undefined;
  const queries = buildQueries(db);
  const updateQueries = new Map<string, ReturnType<typeof buildConversationUpdate>>();
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
  async function touchConversation(runner: CompiledQueryRunner, conversationId: string, now: string): Promise<void> {
    const result = await queries.touchConversation.execute(runner, { id: conversationId, updated_at: now });
    if ((result.numAffectedRows ?? 0n) === 0n) throw new UnknownConversationError(conversationId);
  }

  async function insertEvent(
    runner: CompiledQueryRunner,
    input: { conversationId: string; type: ConversationEventType; data: Record<string, unknown> },
    createdAt: string,
  ): Promise<ConversationEvent> {
    const result = await queries.insertEvent.execute(runner, { conversation_id: input.conversationId, type: input.type, data: encodeJson(input.data), created_at: createdAt });
    const row = result.rows[0];
    if (row === undefined) throw new Error('The database returned no id for the stored event');
    return { id: decodeSerial(row.id), conversationId: input.conversationId, type: input.type, data: input.data, createdAt };
  }

  async function insertMessageWithEvent(message: Message): Promise<void> {
    const event = await db.transaction().execute(async (transaction) => {
      await touchConversation(transaction, message.conversationId, message.createdAt);
      const event = await insertEvent(transaction, { conversationId: message.conversationId, type: 'message', data: { message: toPublicMessage(message) } }, message.createdAt);
      await queries.insertMessage.execute(transaction, {
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
        });
      return event;
    });
    announce(event);
  }

  async function findByClientMessageId(conversationId: string, clientMessageId: string): Promise<Message | undefined> {
    const row = (await queries.findByClientMessageId.execute(db, { conversationId, clientMessageId })).rows[0];
    return row === undefined ? undefined : toMessage(row);
  }

  function conversationUpdate(patch: ConversationPatch) {
    const key = `${patch.language !== undefined}${patch.state !== undefined}${patch.offlineNoticeGiven !== undefined}`;
    let query = updateQueries.get(key);
    if (query === undefined) {
      query = buildConversationUpdate(db, patch);
      updateQueries.set(key, query);
    }
    return query;
  }

  return registerSqlAccess({
    dialect: support.dialect,

    migrate: () => support.migrate(),

    async createConversation(input) {
      const now = new Date().toISOString();
      // Time-ordered like every other id: the conversations being talked in are the recent ones, so
      // their rows and every index keyed by conversation sit together at the end of the B-trees
      // (a random id dirtied a page per index per turn). Access still needs the signed token.
      const conversation = { id: timeOrderedId(), localeHint: input.localeHint, language: input.language, state: 'bot' as const, offlineNoticeGiven: false, createdAt: now, updatedAt: now };
      await queries.insertConversation.execute(db, {
        id: conversation.id,
        locale_hint: conversation.localeHint,
        language: conversation.language,
        state: conversation.state,
        offline_notice_given: support.encodeBoolean(false),
        created_at: now,
        updated_at: now,
      });
      return conversation;
    },

    async getConversation(id) {
      const row = (await queries.getConversation.execute(db, { id })).rows[0];
      return row === undefined ? undefined : toConversation(row);
    },

    async updateConversation(id, patch) {
      const result = await conversationUpdate(patch).execute(db, {
        id,
        updated_at: new Date().toISOString(),
        language: patch.language ?? null,
        state: patch.state ?? 'bot',
        offline_notice_given: support.encodeBoolean(patch.offlineNoticeGiven ?? false),
      });
      const row = result.rows[0];
      if (row === undefined) throw new UnknownConversationError(id);
      return toConversation(row);
    },

    async appendUserMessage(input) {
      const { conversationId, clientMessageId } = input;
      // No read before the write: retries are rare, and the unique index on (conversation,
      // clientMessageId) rolls a duplicate back, also under races; the stored one is read then.
      const message: Message = {
        id: timeOrderedId(),
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
        // An earlier or concurrent call with the same clientMessageId won: its message is the one to return.
        if (clientMessageId !== null && support.isUniqueViolation(error)) {
          const existing = await findByClientMessageId(conversationId, clientMessageId);
          if (existing !== undefined) return { message: existing, created: false };
        }
        throw error;
      }
    },

    async appendMessage(input) {
      const message: Message = {
        id: timeOrderedId(),
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
      const row = (await queries.findReplyTo.execute(db, { userMessageId })).rows[0];
      return row === undefined ? undefined : toMessage(row);
    },

    async getMessage(conversationId, messageId) {
      const row = (await queries.getMessage.execute(db, { conversationId, messageId })).rows[0];
      return row === undefined ? undefined : toMessage(row);
    },

    async listMessages(conversationId) {
      const { rows } = await queries.allMessages.execute(db, { conversationId });
      return rows.map(toMessage);
    },

    async listHistory(conversationId, limit) {
      if (!(Number.isInteger(limit) && limit > 0)) throw new RangeError(`listHistory limit must be a positive integer, got ${limit}`);
      // Newest first with a limit (an index walk), then back to oldest first.
      const { rows } = await queries.history.execute(db, { conversationId, limit });
      return rows.reverse().map(toHistoryMessage);
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
      const { rows } =
        limit === undefined
          ? await queries.eventsAfter.execute(db, { conversationId, afterId })
          : await queries.eventsAfterLimited.execute(db, { conversationId, afterId, limit });
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

/** Every query of the hot paths, built and compiled once per storage (see precompiled-query.ts). */
function buildQueries(db: Kysely<StorageDatabase>) {
  return {
    touchConversation: precompile(['id', 'updated_at'], (input: { id: string; updated_at: string }) =>
      db.updateTable('conversations').set({ updated_at: input.updated_at }).where('id', '=', input.id),
    ),
    insertEvent: precompile(['conversation_id', 'type', 'data', 'created_at'], (input: { conversation_id: string; type: string; data: string; created_at: string }) =>
      db.insertInto('events').values(input).returning('id'),
    ),
    insertMessage: precompile(MESSAGE_COLUMNS, (input: Insertable<MessagesTable>) => db.insertInto('messages').values(input)),
    insertConversation: precompile(CONVERSATION_COLUMNS, (input: Insertable<ConversationsTable>) => db.insertInto('conversations').values(input)),
    getConversation: precompile(['id'], (input: { id: string }) => db.selectFrom('conversations').selectAll().where('id', '=', input.id)),
    findByClientMessageId: precompile(['conversationId', 'clientMessageId'], (input: { conversationId: string; clientMessageId: string }) =>
      db.selectFrom('messages').selectAll().where('conversation_id', '=', input.conversationId).where('client_message_id', '=', input.clientMessageId),
    ),
    getMessage: precompile(['conversationId', 'messageId'], (input: { conversationId: string; messageId: string }) =>
      db.selectFrom('messages').selectAll().where('id', '=', input.messageId).where('conversation_id', '=', input.conversationId),
    ),
    findReplyTo: precompile(['userMessageId'], (input: { userMessageId: string }) =>
      db.selectFrom('messages').selectAll().where('reply_to_id', '=', input.userMessageId).orderBy('created_at').orderBy('event_id').limit(1),
    ),
    // Only a system notice's meta is read (the state it announced); a reply's telemetry stays in the row.
    history: precompile(['conversationId', 'limit'], (input: { conversationId: string; limit: number }) =>
      db
        .selectFrom('messages')
        .select((expression) => ['id', 'role', 'text', expression.case().when('role', '=', 'system').then(expression.ref('meta')).else(null).end().as('system_meta')])
        .where('conversation_id', '=', input.conversationId)
        .orderBy('created_at', 'desc')
        .orderBy('event_id', 'desc')
        .limit(input.limit),
    ),
    allMessages: precompile(['conversationId'], (input: { conversationId: string }) =>
      db.selectFrom('messages').selectAll().where('conversation_id', '=', input.conversationId).orderBy('created_at').orderBy('event_id'),
    ),
    eventsAfter: precompile(['conversationId', 'afterId'], (input: { conversationId: string; afterId: number }) =>
      db.selectFrom('events').selectAll().where('conversation_id', '=', input.conversationId).where('id', '>', input.afterId).orderBy('id'),
    ),
    eventsAfterLimited: precompile(['conversationId', 'afterId', 'limit'], (input: { conversationId: string; afterId: number; limit: number }) =>
      db.selectFrom('events').selectAll().where('conversation_id', '=', input.conversationId).where('id', '>', input.afterId).orderBy('id').limit(input.limit),
    ),
  };
}

interface ConversationUpdateInput {
  id: string;
  updated_at: string;
  language: string | null;
  state: string;
  offline_notice_given: boolean | number;
}

/** One compiled UPDATE per combination of patched fields: a patch never writes a field it does not name. */
function buildConversationUpdate(db: Kysely<StorageDatabase>, patch: ConversationPatch) {
  const names: Array<keyof ConversationUpdateInput> = ['id', 'updated_at'];
  if (patch.language !== undefined) names.push('language');
  if (patch.state !== undefined) names.push('state');
  if (patch.offlineNoticeGiven !== undefined) names.push('offline_notice_given');
  return precompile(names, (input: ConversationUpdateInput) =>
    db
      .updateTable('conversations')
      .set({
        updated_at: input.updated_at,
        ...(patch.language === undefined ? {} : { language: input.language }),
        ...(patch.state === undefined ? {} : { state: input.state }),
        ...(patch.offlineNoticeGiven === undefined ? {} : { offline_notice_given: input.offline_notice_given }),
      })
      .where('id', '=', input.id)
      .returningAll(),
  );
}
