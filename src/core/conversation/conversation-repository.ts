import type { Kysely, QueryExecutorProvider, Transaction } from 'kysely';
import { v7 as timeOrderedId } from 'uuid';
import { decodeInteger, encodeJson } from '../database/column-types.js';
import type { Database } from '../database/database.js';
import type { Language } from '../language/language.js';
import {
  type Conversation,
  type ConversationChannel,
  type ConversationEvent,
  type ConversationEventType,
  type ConversationPatch,
  type ConversationState,
  type HistoryMessage,
  type Message,
  type NewMessage,
  UnknownConversationError,
} from './conversation.js';
import {
  EMPTY_MESSAGE_COLUMNS,
  messageRow,
  type NewLogRow,
  newMessage,
  toConversation,
  toEvent,
  toHistoryMessage,
  toMessage,
} from './conversation-rows.js';
import type { ConversationTables } from './conversation-tables.js';
import { toPublicMessage } from './public-message.js';

export interface AppendUserMessageResult {
  message: Message;
  /** False when a message with the same clientMessageId already existed (nothing new stored). */
  created: boolean;
  /** The conversation after the patch, when one was given and the message was stored. */
  conversation?: Conversation;
}

/** The conversation module's data access: conversations and their log (messages and events). */
export interface ConversationRepository {
  createConversation(input: {
    localeHint: string | null;
    language: Language | null;
    channel?: ConversationChannel;
  }): Promise<Conversation>;
  getConversation(id: string): Promise<Conversation | undefined>;
  updateConversation(id: string, patch: ConversationPatch): Promise<Conversation>;
  /**
   * Stores a customer message, with the conversation patch if one is given, in one transaction.
   * With a clientMessageId already used in this conversation, returns that message and stores nothing.
   */
  appendUserMessage(input: {
    conversationId: string;
    text: string;
    language: Language | null;
    clientMessageId: string | null;
    conversation?: ConversationPatch;
    /** Who stores the message answers it; a retry elsewhere waits until this instant (ms). */
    answerLeaseUntil?: number;
  }): Promise<AppendUserMessageResult>;
  /**
   * Takes over answering a stored customer message whose lease ran out (its instance died), in
   * one atomic update: of several instances racing for it, exactly one gets true.
   */
  claimAnswer(input: {
    conversationId: string;
    messageId: string;
    now: number;
    leaseUntil: number;
  }): Promise<boolean>;
  /** Extends (leaseUntil) or gives up (null) the lease of a message this instance answers. */
  setAnswerLease(
    conversationId: string,
    messageId: string,
    leaseUntil: number | null,
  ): Promise<void>;
  /** Stores an assistant, staff or system message, with the conversation patch if one is given. */
  appendMessage(input: NewMessage & { conversation?: ConversationPatch }): Promise<Message>;
  /** The first reply stored for a user message of this conversation, if any. */
  findReplyTo(conversationId: string, userMessageId: string): Promise<Message | undefined>;
  /** One message of a conversation; undefined when the id is unknown or belongs to another conversation. */
  getMessage(conversationId: string, messageId: string): Promise<Message | undefined>;
  /** The conversation a message belongs to, if the id names a stored message (feedback's 403). */
  findMessageConversationId(messageId: string): Promise<string | undefined>;
  /** All messages of a conversation, oldest first (transcripts, exports). */
  listMessages(conversationId: string): Promise<Message[]>;
  /** The newest `limit` messages as history entries, oldest first: a long conversation costs no more than a short one. */
  listHistory(conversationId: string, limit: number): Promise<HistoryMessage[]>;
  /** Stores a non-message event (a state change). */
  appendEvent(input: {
    conversationId: string;
    type: ConversationEventType;
    data: Record<string, unknown>;
  }): Promise<ConversationEvent>;
  /** Events with id > afterId, oldest first. */
  listEvents(conversationId: string, afterId: number, limit?: number): Promise<ConversationEvent[]>;
  /** Conversations of a channel by state, optionally only those created from an instant on. */
  countByState(filter: {
    channel: ConversationChannel;
    createdFrom?: string;
  }): Promise<Record<ConversationState, number>>;
  /** Hears every event this process stores, after its transaction commits. Returns the unsubscribe. */
  onEventStored(listener: (event: ConversationEvent) => void): () => void;
}

type Writer = Transaction<ConversationTables>;

export interface ConversationRepositoryOptions {
  /**
   * Runs inside the transaction that inserts an event, after the insert: the PostgreSQL event
   * bus sends its NOTIFY here so that it goes out exactly when the event commits.
   */
  onEventInserted?(
    writer: QueryExecutorProvider,
    event: { conversationId: string; id: number },
  ): Promise<void>;
}

export function createConversationRepository(
  database: Database,
  options: ConversationRepositoryOptions = {},
): ConversationRepository {
  const db: Kysely<ConversationTables> = database.kysely.withTables<ConversationTables>();
  const listeners = new Set<(event: ConversationEvent) => void>();

  function announce(event: ConversationEvent): void {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        /* a listener's failure must not fail a write that already committed */
      }
    }
  }

  /*
   * Every write that adds an event first updates its conversation's row (last activity, and the
   * patch if any). On PostgreSQL that row lock makes writes to one conversation take turns until
   * commit, so its events become visible in id order and a reader resuming after id N never
   * skips a late-committing N+1. It is also the check that the conversation exists.
   */
  async function touch(
    writer: Writer,
    conversationId: string,
    now: string,
    patch: ConversationPatch = {},
  ): Promise<Conversation> {
    const row = await writer
      .updateTable('conversations')
      .set({
        updated_at: now,
        ...(patch.language === undefined ? {} : { language: patch.language }),
        ...(patch.state === undefined ? {} : { state: patch.state }),
        ...(patch.offlineNoticeGiven === undefined
          ? {}
          : { offline_notice_given: database.encodeBoolean(patch.offlineNoticeGiven) }),
      })
      .where('id', '=', conversationId)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) throw new UnknownConversationError(conversationId);
    return toConversation(row);
  }

  async function insertEvent(writer: Writer, row: NewLogRow): Promise<number> {
    const inserted = await writer
      .insertInto('conversation_log')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = decodeInteger(inserted.id);
    await options.onEventInserted?.(writer, { conversationId: row.conversation_id, id });
    return id;
  }

  /** Stores a message and its conversation patch in one transaction; returns the conversation after it. */
  async function insertMessage(
    message: Message,
    patch: ConversationPatch | undefined,
    answerLeaseUntil: number | null = null,
  ) {
    const { conversation, eventId } = await db.transaction().execute(async (writer) => {
      const conversation = await touch(writer, message.conversationId, message.createdAt, patch);
      if (message.replyToId !== null) {
        const target = await writer
          .selectFrom('conversation_log')
          .select('id')
          .where('conversation_id', '=', message.conversationId)
          .where('message_id', '=', message.replyToId)
          .executeTakeFirst();
        if (target === undefined) {
          throw new Error(
            `Cannot store the reply: replyToId ${message.replyToId} names no stored message of this conversation`,
          );
        }
      }
      const eventId = await insertEvent(writer, {
        ...messageRow(message, database.encodeBoolean),
        ...(answerLeaseUntil === null ? {} : { answer_lease_until: answerLeaseUntil }),
      });
      return { conversation, eventId };
    });
    announce({
      id: eventId,
      conversationId: message.conversationId,
      type: 'message',
      data: { message: toPublicMessage(message) },
      createdAt: message.createdAt,
    });
    return conversation;
  }

  const messages = (conversationId: string) =>
    db
      .selectFrom('conversation_log')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('type', '=', 'message');

  return {
    async createConversation(input) {
      const now = new Date().toISOString();
      const conversation: Conversation = {
        id: timeOrderedId(),
        localeHint: input.localeHint,
        language: input.language,
        state: 'bot',
        channel: input.channel ?? 'web',
        offlineNoticeGiven: false,
        createdAt: now,
        updatedAt: now,
      };
      await db
        .insertInto('conversations')
        .values({
          id: conversation.id,
          locale_hint: conversation.localeHint,
          language: conversation.language,
          state: conversation.state,
          channel: conversation.channel,
          offline_notice_given: database.encodeBoolean(false),
          created_at: now,
          updated_at: now,
        })
        .execute();
      return conversation;
    },

    async getConversation(id) {
      const row = await db
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toConversation(row);
    },

    updateConversation: (id, patch) =>
      db.transaction().execute((writer) => touch(writer, id, new Date().toISOString(), patch)),

    async appendUserMessage(input) {
      const message = newMessage({
        conversationId: input.conversationId,
        role: 'user',
        text: input.text,
        language: input.language,
        clientMessageId: input.clientMessageId,
      });
      try {
        const conversation = await insertMessage(
          message,
          input.conversation,
          input.answerLeaseUntil ?? null,
        );
        return input.conversation === undefined
          ? { message, created: true }
          : { message, created: true, conversation };
      } catch (error) {
        if (database.isForeignKeyViolation(error))
          throw new UnknownConversationError(input.conversationId);
        // The unique index on (conversation, clientMessageId) rolled a repeat back, also under
        // races: the message stored first is the one to return.
        if (input.clientMessageId !== null && database.isUniqueViolation(error)) {
          const existing = await messages(input.conversationId)
            .where('client_message_id', '=', input.clientMessageId)
            .executeTakeFirst();
          if (existing !== undefined) return { message: toMessage(existing), created: false };
        }
        throw error;
      }
    },

    async appendMessage(input) {
      const message = newMessage(input);
      await insertMessage(message, input.conversation);
      return message;
    },

    async claimAnswer(input) {
      const result = await db
        .updateTable('conversation_log')
        .set({ answer_lease_until: input.leaseUntil })
        .where('conversation_id', '=', input.conversationId)
        .where('message_id', '=', input.messageId)
        .where((row) =>
          row.or([
            row('answer_lease_until', 'is', null),
            row('answer_lease_until', '<=', input.now),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async setAnswerLease(conversationId, messageId, leaseUntil) {
      await db
        .updateTable('conversation_log')
        .set({ answer_lease_until: leaseUntil })
        .where('conversation_id', '=', conversationId)
        .where('message_id', '=', messageId)
        .execute();
    },

    async findReplyTo(conversationId, userMessageId) {
      // The first reply is the one the customer was given; a retry must see that one again.
      const row = await messages(conversationId)
        .where('reply_to_id', '=', userMessageId)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : toMessage(row);
    },

    async getMessage(conversationId, messageId) {
      const row = await messages(conversationId)
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return row === undefined ? undefined : toMessage(row);
    },

    async findMessageConversationId(messageId) {
      const row = await db
        .selectFrom('conversation_log')
        .select('conversation_id')
        .where('message_id', '=', messageId)
        .where('type', '=', 'message')
        .executeTakeFirst();
      return row?.conversation_id;
    },

    async listMessages(conversationId) {
      return (await messages(conversationId).orderBy('id').execute()).map(toMessage);
    },

    async listHistory(conversationId, limit) {
      if (!(Number.isInteger(limit) && limit > 0))
        throw new RangeError(`listHistory limit must be a positive integer, got ${limit}`);
      const rows = await db
        .selectFrom('conversation_log')
        .select(['message_id', 'role', 'text', 'meta'])
        .where('conversation_id', '=', conversationId)
        .where('type', '=', 'message')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.reverse().map(toHistoryMessage);
    },

    async appendEvent(input) {
      const createdAt = new Date().toISOString();
      const id = await db.transaction().execute(async (writer) => {
        await touch(writer, input.conversationId, createdAt);
        return insertEvent(writer, {
          ...EMPTY_MESSAGE_COLUMNS,
          conversation_id: input.conversationId,
          type: input.type,
          created_at: createdAt,
          data: encodeJson(input.data),
        });
      });
      const event: ConversationEvent = {
        id,
        conversationId: input.conversationId,
        type: input.type,
        data: input.data,
        createdAt,
      };
      announce(event);
      return event;
    },

    async listEvents(conversationId, afterId, limit) {
      // Both usually come from a client (Last-Event-ID); NaN would silently match nothing.
      if (!Number.isInteger(afterId))
        throw new RangeError(`listEvents afterId must be an integer, got ${afterId}`);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
        throw new RangeError(`listEvents limit must be a positive integer, got ${limit}`);
      let query = db
        .selectFrom('conversation_log')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('id', '>', afterId)
        .orderBy('id');
      if (limit !== undefined) query = query.limit(limit);
      return (await query.execute()).map(toEvent);
    },

    async countByState(filter) {
      let query = db
        .selectFrom('conversations')
        .select(['state', (expression) => expression.fn.countAll().as('count')])
        .where('channel', '=', filter.channel)
        .groupBy('state');
      if (filter.createdFrom !== undefined)
        query = query.where('created_at', '>=', filter.createdFrom);
      const counts: Record<ConversationState, number> = {
        bot: 0,
        handoff_requested: 0,
        human: 0,
        resolved: 0,
      };
      for (const row of await query.execute())
        counts[row.state as ConversationState] = decodeInteger(row.count as number | string);
      return counts;
    },

    onEventStored(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
