import type { Kysely } from 'kysely';
import { decodeJson, decodeTimestamp } from '../database/column-types.js';
import type { Database } from '../database/database.js';
import type { Language } from '../language/language.js';
import type { ReasonCode } from '../routing/routing-decision.js';
import type { ConversationState, MessageRole } from './conversation.js';
import { invalidInput } from './conversation-errors.js';
import { toConversation } from './conversation-rows.js';
import type { ConversationTables } from './conversation-tables.js';

/** One customer conversation as the staff inbox lists it. */
export interface ConversationSummary {
  id: string;
  state: ConversationState;
  language: Language | null;
  createdAt: string;
  updatedAt: string;
  /** When the customer (or the bot for them) last asked for a person; null when never. */
  requestedAt: string | null;
  /** Why the last handoff was requested (human_requested, billing_dispute…). */
  reasons: ReasonCode[];
  /** Who last took the conversation over, resolved it or gave it back. */
  by: string | null;
  lastMessage: { role: MessageRole; text: string; author: string | null; createdAt: string } | null;
}

export interface ConversationListFilter {
  state?: ConversationState;
  language?: Language;
}

export interface ConversationPage {
  items: ConversationSummary[];
  nextCursor: string | null;
}

/** Enough of the last message for a queue row; the transcript has the rest. */
const PREVIEW_CHARACTERS = 280;

const encodeCursor = (updatedAt: string, id: string) =>
  Buffer.from(JSON.stringify([updatedAt, id]), 'utf8').toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string'
    )
      return [value[0], value[1]];
  } catch {
    /* reported below */
  }
  throw invalidInput(
    'Query parameter "cursor" is not a cursor from this API: pass the nextCursor of the previous page unchanged.',
  );
}

/**
 * The staff inbox's reads over the conversation module's tables: customer (`web`) conversations
 * by last activity, newest first, with what a queue row shows; and the queue figures for /metrics.
 */
export function createConversationQueue(database: Database) {
  const db: Kysely<ConversationTables> = database.kysely.withTables<ConversationTables>();

  async function summarize(
    rows: Awaited<ReturnType<typeof conversationRows>>,
  ): Promise<ConversationSummary[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const [stateRows, lastMessageRows] = await Promise.all([
      db
        .selectFrom('conversation_log')
        .select(['conversation_id', 'data', 'created_at'])
        .where('conversation_id', 'in', ids)
        .where('type', '=', 'state')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('conversation_log')
        .select(['conversation_id', 'role', 'text', 'author', 'created_at'])
        .where(
          'id',
          'in',
          db
            .selectFrom('conversation_log')
            .select((expression) => expression.fn.max('id').as('id'))
            .where('conversation_id', 'in', ids)
            .where('type', '=', 'message')
            .groupBy('conversation_id'),
        )
        .execute(),
    ]);
    const handoff = new Map<
      string,
      { requestedAt: string | null; reasons: ReasonCode[]; by: string | null }
    >();
    for (const row of stateRows) {
      const data = decodeJson(row.data) as {
        state?: string;
        reasons?: ReasonCode[];
        by?: string | null;
      };
      const entry = handoff.get(row.conversation_id) ?? {
        requestedAt: null,
        reasons: [],
        by: null,
      };
      if (data.state === 'handoff_requested') {
        entry.requestedAt = decodeTimestamp(row.created_at);
        entry.reasons = data.reasons ?? [];
      }
      entry.by = data.by ?? entry.by;
      handoff.set(row.conversation_id, entry);
    }
    const lastMessages = new Map(lastMessageRows.map((row) => [row.conversation_id, row]));
    return rows.map((row) => {
      const conversation = toConversation(row);
      const last = lastMessages.get(row.id);
      const entry = handoff.get(row.id);
      return {
        id: conversation.id,
        state: conversation.state,
        language: conversation.language,
        createdAt: conversation.createdAt,
        updatedAt: conversation.updatedAt,
        requestedAt: entry?.requestedAt ?? null,
        reasons: entry?.reasons ?? [],
        by: entry?.by ?? null,
        lastMessage: last
          ? {
              role: last.role as MessageRole,
              text: [...(last.text ?? '')].slice(0, PREVIEW_CHARACTERS).join(''),
              author: last.author,
              createdAt: decodeTimestamp(last.created_at),
            }
          : null,
      };
    });
  }

  function conversationRows(filter: ConversationListFilter, limit: number, cursor?: string) {
    let query = db
      .selectFrom('conversations')
      .selectAll()
      .where('channel', '=', 'web')
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (filter.state) query = query.where('state', '=', filter.state);
    if (filter.language) query = query.where('language', '=', filter.language);
    if (cursor !== undefined) {
      const [updatedAt, id] = decodeCursor(cursor);
      query = query.where((expression) =>
        expression.or([
          expression('updated_at', '<', updatedAt),
          expression.and([expression('updated_at', '=', updatedAt), expression('id', '<', id)]),
        ]),
      );
    }
    return query.execute();
  }

  return {
    async list(
      filter: ConversationListFilter,
      page: { limit: number; cursor?: string },
    ): Promise<ConversationPage> {
      const rows = await conversationRows(filter, page.limit + 1, page.cursor);
      const items = await summarize(rows.slice(0, page.limit));
      const last = items.at(-1);
      return {
        items,
        nextCursor: rows.length > page.limit && last ? encodeCursor(last.updatedAt, last.id) : null,
      };
    },

    async summary(id: string): Promise<ConversationSummary | undefined> {
      const rows = await db.selectFrom('conversations').selectAll().where('id', '=', id).execute();
      return (await summarize(rows))[0];
    },

    /** Customers waiting for a person, and since when the longest has waited (null: nobody waits). */
    async waiting(): Promise<{ count: number; oldestRequestedAt: string | null }> {
      const rows = await db
        .selectFrom('conversations')
        .innerJoin('conversation_log', 'conversation_log.conversation_id', 'conversations.id')
        .select([
          'conversations.id',
          (expression) => expression.fn.max('conversation_log.created_at').as('requested_at'),
        ])
        .where('conversations.state', '=', 'handoff_requested')
        .where('conversations.channel', '=', 'web')
        .where('conversation_log.type', '=', 'state')
        .groupBy('conversations.id')
        .execute();
      const times = rows.map((row) => decodeTimestamp(row.requested_at as string | Date)).sort();
      return { count: rows.length, oldestRequestedAt: times[0] ?? null };
    },
  };
}

export type ConversationQueue = ReturnType<typeof createConversationQueue>;
