import type { Insertable, Kysely } from 'kysely';
import { sql } from 'kysely';
import { timeOrderedId } from '../ids/time-ordered-ids.js';
import type { ConversationCache } from './conversation-cache.js';
import type { StorageDialect } from './migrations.js';
import { newMessage } from './new-message.js';
import { precompile } from './precompiled-query.js';
import { toPublicMessage } from './public-message.js';
import {
  decodeSerial,
  encodeJson,
  toConversation,
  toEvent,
  toHistoryMessage,
  toMessage,
} from './row-codec.js';
import type { SqlRunner, StatementResult, UnitStatement } from './sql-runner.js';
import type {
  Conversation,
  ConversationEvent,
  ConversationEventType,
  ConversationPatch,
  ConversationState,
  HistoryMessage,
  Message,
  Storage,
} from './storage.js';
import type {
  ConversationLogTable,
  ConversationsTable,
  StorageDatabase,
} from './storage-database.js';
import { registerSqlAccess } from './storage-sql-access.js';
import { UnknownConversationError } from './unknown-conversation-error.js';

/** What differs between the dialects once a Kysely instance exists. */
export interface DialectSupport {
  readonly dialect: StorageDialect;
  /** Runs the compiled queries: synchronous group-commit units on SQLite, transactions on PostgreSQL. */
  readonly runner: SqlRunner;
  /** better-sqlite3 cannot bind JS booleans; pg binds them natively. */
  encodeBoolean(value: boolean): boolean | number;
  isUniqueViolation(error: unknown): boolean;
  isForeignKeyViolation(error: unknown): boolean;
  /**
   * PostgreSQL: every event write first locks its conversation's row (see touchConversation).
   * SQLite's single writer gives the same order without it.
   */
  lockConversationOnWrite: boolean;
  /** For a database only this process writes through one connection (SQLite): see conversation-cache.ts. */
  conversationCache?: ConversationCache;
  migrate(): Promise<void>;
}

const MESSAGE_COLUMNS = [
  'conversation_id',
  'type',
  'created_at',
  'data',
  'message_id',
  'role',
  'text',
  'language',
  'client_message_id',
  'reply_to_id',
  'citations',
  'tier',
  'reasons',
  'handoff',
  'author',
  'meta',
] as const satisfies ReadonlyArray<keyof ConversationLogTable>;
const CONVERSATION_COLUMNS = [
  'id',
  'locale_hint',
  'language',
  'state',
  'offline_notice_given',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof ConversationsTable>;

/** The Storage implementation shared by SQLite and PostgreSQL: the SQL is the same, the runners differ. */
export function createKyselyStorage(db: Kysely<StorageDatabase>, support: DialectSupport): Storage {
  const { runner, conversationCache: cache } = support;
  let closing: Promise<void> | undefined;
  const queries = buildQueries(db, support.dialect);
  const updateQueries = new Map<string, ReturnType<typeof buildConversationUpdate>>();
  const eventListeners = new Set<(event: ConversationEvent) => void>();

  /** Listeners hear an event only after its unit committed, so they never see a rolled-back one. */
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
   * On PostgreSQL every unit that adds an event first bumps the conversation's updated_at: that
   * row lock makes writes to one conversation take turns until commit, so its events become
   * visible in id order and a reader resuming after id N never skips a late-committing N+1. It is
   * also the unit's check that the conversation exists. SQLite gets the order from its single
   * writer and the check from the log's foreign key, so it skips the UPDATE; both dialects read
   * "last activity" as the newer of updated_at and the conversation's last event.
   */
  function touchConversation(conversationId: string, now: string): UnitStatement[] {
    if (!support.lockConversationOnWrite) return [];
    return [
      {
        query: queries.touchConversation.bind({ id: conversationId, updated_at: now }),
        requireRow: () => new UnknownConversationError(conversationId),
      },
    ];
  }

  /** Runs an event-writing unit; an unknown conversation and a lost batch are told apart from other failures. */
  async function eventUnit(conversationId: string, statements: UnitStatement[]) {
    try {
      return await runner.unit(statements);
    } catch (error) {
      if (support.isForeignKeyViolation(error)) throw new UnknownConversationError(conversationId);
      // Reads of this connection may have seen writes that are now gone.
      if (!support.isUniqueViolation(error)) cache?.clear();
      throw error;
    }
  }

  function insertEvent(row: Insertable<ConversationLogTable>): UnitStatement {
    return { query: queries.insertEvent.bind(row as MessageRow) };
  }

  function eventIdOf(result: StatementResult): number {
    const id = result.rows[0]?.id ?? result.lastInsertId;
    if (id === undefined) throw new Error('The database returned no id for the stored event');
    return decodeSerial(id as number | string);
  }

  /** Stores a message (and patches its conversation); returns the patched conversation. */
  async function insertMessage(
    message: Message,
    patch: ConversationPatch | undefined,
  ): Promise<Conversation | undefined> {
    const statements: UnitStatement[] =
      patch === undefined
        ? touchConversation(message.conversationId, message.createdAt)
        : [patchConversation(message.conversationId, patch, message.createdAt)];
    // The reply's target is checked in the database unless the cache knows it is stored.
    if (
      message.replyToId !== null &&
      !cache?.holdsMessage(message.conversationId, message.replyToId)
    ) {
      const replyToId = message.replyToId;
      statements.push({
        query: queries.messageExists.bind({
          conversationId: message.conversationId,
          messageId: replyToId,
        }),
        requireRow: () =>
          new Error(
            `Cannot store the reply: replyToId ${replyToId} names no stored message of this conversation`,
          ),
      });
    }
    statements.push(insertEvent(messageRow(message, support.encodeBoolean)));
    const results = await eventUnit(message.conversationId, statements);
    const eventId = eventIdOf(results.at(-1)!);
    const conversation = patch === undefined ? undefined : patchedConversationOf(results[0]!.rows);
    cache?.appended(
      message.conversationId,
      { eventId, ...historyEntryOf(message) },
      message.createdAt,
    );
    announce({
      id: eventId,
      conversationId: message.conversationId,
      type: 'message',
      data: { message: toPublicMessage(message) },
      createdAt: message.createdAt,
    });
    return conversation;
  }

  async function findByClientMessageId(
    conversationId: string,
    clientMessageId: string,
  ): Promise<Message | undefined> {
    const row = (
      await runner.read(queries.findByClientMessageId.bind({ conversationId, clientMessageId }))
    )[0];
    return row === undefined ? undefined : toMessage(row);
  }

  /** The UPDATE of a patch (it also locks the row, like touchConversation, and checks the conversation exists). */
  function patchConversation(id: string, patch: ConversationPatch, now: string): UnitStatement {
    return {
      query: conversationUpdate(patch).bind({
        id,
        updated_at: now,
        language: patch.language ?? null,
        state: patch.state ?? 'bot',
        offline_notice_given: support.encodeBoolean(patch.offlineNoticeGiven ?? false),
      }),
      requireRow: () => new UnknownConversationError(id),
    };
  }

  function patchedConversationOf(rows: ReadonlyArray<Record<string, unknown>>): Conversation {
    const conversation = toConversation(rows[0] as unknown as Parameters<typeof toConversation>[0]);
    cache?.putConversation(conversation);
    return conversation;
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

  return registerSqlAccess(
    {
      dialect: support.dialect,

      migrate: () => support.migrate(),

      async createConversation(input) {
        const now = new Date().toISOString();
        // Time-ordered like every other id: the conversations being talked in are the recent ones, so
        // their rows and every index keyed by conversation sit together at the end of the B-trees
        // (a random id dirtied a page per index per turn). Access still needs the signed token.
        const conversation = {
          id: timeOrderedId(),
          localeHint: input.localeHint,
          language: input.language,
          state: 'bot' as const,
          offlineNoticeGiven: false,
          createdAt: now,
          updatedAt: now,
        };
        await runner.unit([
          {
            query: queries.insertConversation.bind({
              id: conversation.id,
              locale_hint: conversation.localeHint,
              language: conversation.language,
              state: conversation.state,
              offline_notice_given: support.encodeBoolean(false),
              created_at: now,
              updated_at: now,
            }),
          },
        ]);
        cache?.created(conversation);
        return conversation;
      },

      async getConversation(id) {
        const cached = cache?.conversation(id);
        if (cached !== undefined) return cached;
        const row = (await runner.read(queries.getConversation.bind({ id })))[0];
        if (row === undefined) return undefined;
        const conversation = toConversation(row);
        cache?.putConversation(conversation);
        return conversation;
      },

      async updateConversation(id, patch) {
        const [result] = await runner.unit([
          patchConversation(id, patch, new Date().toISOString()),
        ]);
        return patchedConversationOf(result!.rows);
      },

      async appendUserMessage(input) {
        const { conversationId, clientMessageId } = input;
        // No read before the write: retries are rare, and the unique index on (conversation,
        // clientMessageId) rolls a duplicate back, also under races; the stored one is read then.
        const message = newMessage({
          conversationId,
          role: 'user',
          text: input.text,
          language: input.language,
          clientMessageId,
        });
        try {
          const conversation = await insertMessage(message, input.conversation);
          return conversation === undefined
            ? { message, created: true }
            : { message, created: true, conversation };
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
        const message = newMessage(input);
        await insertMessage(message, input.conversation);
        return message;
      },

      async findReplyTo(conversationId, userMessageId) {
        // The first reply is the one the customer was given; a retry must see that one again.
        const row = (
          await runner.read(queries.findReplyTo.bind({ conversationId, userMessageId }))
        )[0];
        return row === undefined ? undefined : toMessage(row);
      },

      async getMessage(conversationId, messageId) {
        const row = (await runner.read(queries.getMessage.bind({ conversationId, messageId })))[0];
        return row === undefined ? undefined : toMessage(row);
      },

      async listMessages(conversationId) {
        return (await runner.read(queries.allMessages.bind({ conversationId }))).map(toMessage);
      },

      async listHistory(conversationId, limit) {
        if (!(Number.isInteger(limit) && limit > 0))
          throw new RangeError(`listHistory limit must be a positive integer, got ${limit}`);
        const cached = cache?.history(conversationId, limit);
        if (cached !== undefined) return cached;
        // Newest first with a limit (an index walk), then back to oldest first.
        const rows = (await runner.read(queries.history.bind({ conversationId, limit }))).reverse();
        cache?.putHistory(
          conversationId,
          rows.map((row) => ({ eventId: decodeSerial(row.id), ...toHistoryMessage(row) })),
          limit,
        );
        return rows.map(toHistoryMessage);
      },

      async appendEvent(input) {
        const createdAt = new Date().toISOString();
        const results = await eventUnit(input.conversationId, [
          ...touchConversation(input.conversationId, createdAt),
          insertEvent({
            ...EMPTY_MESSAGE_COLUMNS,
            conversation_id: input.conversationId,
            type: input.type,
            created_at: createdAt,
            data: encodeJson(input.data),
          }),
        ]);
        const event: ConversationEvent = {
          id: eventIdOf(results.at(-1)!),
          conversationId: input.conversationId,
          type: input.type,
          data: input.data,
          createdAt,
        };
        cache?.touched(input.conversationId, createdAt);
        announce(event);
        return event;
      },

      async listEvents(conversationId, afterId, limit) {
        // Both usually come from a client (Last-Event-ID); NaN would silently match nothing.
        if (!Number.isInteger(afterId))
          throw new RangeError(`listEvents afterId must be an integer, got ${afterId}`);
        if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
          throw new RangeError(`listEvents limit must be a positive integer, got ${limit}`);
        }
        const rows =
          limit === undefined
            ? await runner.read(queries.eventsAfter.bind({ conversationId, afterId }))
            : await runner.read(
                queries.eventsAfterLimited.bind({ conversationId, afterId, limit }),
              );
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
    },
    { db, dialect: support.dialect, encodeBoolean: support.encodeBoolean, runner },
  );
}

type MessageRow = {
  [Column in (typeof MESSAGE_COLUMNS)[number]]: Insertable<ConversationLogTable>[Column];
};

/** The message columns of a log row that is not a message. */
const EMPTY_MESSAGE_COLUMNS = {
  message_id: null,
  role: null,
  text: null,
  language: null,
  client_message_id: null,
  reply_to_id: null,
  citations: null,
  tier: null,
  reasons: null,
  handoff: null,
  author: null,
  meta: null,
} as const satisfies Partial<MessageRow>;

/** What a turn reads of a message: who said what, and the state a system notice announced. */
function historyEntryOf(message: Message): HistoryMessage {
  const state = message.role === 'system' ? message.meta.state : undefined;
  return {
    id: message.id,
    role: message.role,
    text: message.text,
    announcedState: typeof state === 'string' ? (state as ConversationState) : null,
  };
}

function messageRow(
  message: Message,
  encodeBoolean: (value: boolean) => boolean | number,
): MessageRow {
  return {
    conversation_id: message.conversationId,
    type: 'message' satisfies ConversationEventType,
    created_at: message.createdAt,
    data: null,
    message_id: message.id,
    role: message.role,
    text: message.text,
    language: message.language,
    client_message_id: message.clientMessageId,
    reply_to_id: message.replyToId,
    citations: encodeJson(message.citations),
    tier: message.tier,
    reasons: encodeJson(message.reasons),
    handoff: encodeBoolean(message.handoff),
    author: message.author,
    meta: encodeJson(message.meta),
  };
}

/** Every query of the storage, built and compiled once per storage (see precompiled-query.ts). */
function buildQueries(db: Kysely<StorageDatabase>, dialect: StorageDialect) {
  const log = () => db.selectFrom('conversation_log');
  const messages = (conversationId: string) =>
    log().selectAll().where('conversation_id', '=', conversationId).where('type', '=', 'message');
  return {
    touchConversation: precompile(
      ['id', 'updated_at'],
      (input: { id: string; updated_at: string }) =>
        db
          .updateTable('conversations')
          .set({ updated_at: input.updated_at })
          .where('id', '=', input.id),
    ),
    // SQLite reports the new rowid itself; RETURNING would cost it a result row per insert.
    insertEvent: precompile(MESSAGE_COLUMNS, (input: MessageRow) =>
      dialect === 'sqlite'
        ? db.insertInto('conversation_log').values(input)
        : db.insertInto('conversation_log').values(input).returning('id'),
    ),
    insertConversation: precompile(CONVERSATION_COLUMNS, (input: Insertable<ConversationsTable>) =>
      db.insertInto('conversations').values(input),
    ),
    getConversation: precompile(['id'], (input: { id: string }) =>
      db
        .selectFrom('conversations')
        .selectAll()
        .select((expression) =>
          expression
            .selectFrom('conversation_log')
            .select('created_at')
            .whereRef('conversation_log.conversation_id', '=', 'conversations.id')
            .orderBy('id', 'desc')
            .limit(1)
            .as('last_event_at'),
        )
        .where('id', '=', input.id),
    ),
    // The lookups of one message walk the conversation's part of the (conversation_id, id) index:
    // an index on message ids would cost every write a B-tree to save rare reads a short scan.
    findByClientMessageId: precompile(
      ['conversationId', 'clientMessageId'],
      (input: { conversationId: string; clientMessageId: string }) =>
        messages(input.conversationId).where('client_message_id', '=', input.clientMessageId),
    ),
    getMessage: precompile(
      ['conversationId', 'messageId'],
      (input: { conversationId: string; messageId: string }) =>
        messages(input.conversationId).where('message_id', '=', input.messageId),
    ),
    // Newest first: a reply names the message just before it, so the walk usually stops at once.
    messageExists: precompile(
      ['conversationId', 'messageId'],
      (input: { conversationId: string; messageId: string }) =>
        log()
          .select('id')
          .where('conversation_id', '=', input.conversationId)
          .where('message_id', '=', input.messageId)
          .orderBy('id', 'desc')
          .limit(1),
    ),
    findReplyTo: precompile(
      ['conversationId', 'userMessageId'],
      (input: { conversationId: string; userMessageId: string }) =>
        messages(input.conversationId)
          .where('reply_to_id', '=', input.userMessageId)
          .orderBy('id')
          .limit(1),
    ),
    // Only a system notice's meta is read (the state it announced); a reply's telemetry stays in the row.
    history: precompile(
      ['conversationId', 'limit'],
      (input: { conversationId: string; limit: number }) =>
        log()
          .select((expression) => [
            'id',
            'message_id',
            'role',
            'text',
            expression
              .case()
              .when('role', '=', 'system')
              .then(expression.ref('meta'))
              .else(null)
              .end()
              .as('system_meta'),
          ])
          .where('conversation_id', '=', input.conversationId)
          .where('type', '=', 'message')
          .orderBy('id', 'desc')
          .limit(input.limit),
    ),
    allMessages: precompile(['conversationId'], (input: { conversationId: string }) =>
      messages(input.conversationId).orderBy('id'),
    ),
    eventsAfter: precompile(
      ['conversationId', 'afterId'],
      (input: { conversationId: string; afterId: number }) =>
        log()
          .selectAll()
          .where('conversation_id', '=', input.conversationId)
          .where('id', '>', input.afterId)
          .orderBy('id'),
    ),
    eventsAfterLimited: precompile(
      ['conversationId', 'afterId', 'limit'],
      (input: { conversationId: string; afterId: number; limit: number }) =>
        log()
          .selectAll()
          .where('conversation_id', '=', input.conversationId)
          .where('id', '>', input.afterId)
          .orderBy('id')
          .limit(input.limit),
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
        ...(patch.offlineNoticeGiven === undefined
          ? {}
          : { offline_notice_given: input.offline_notice_given }),
      })
      .where('id', '=', input.id)
      .returningAll(),
  );
}
