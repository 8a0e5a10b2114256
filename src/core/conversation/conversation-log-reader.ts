import { decodeBoolean, decodeJson, decodeTimestamp } from '../database/column-types.js';
import type { Database } from '../database/database.js';
import { isLanguage, type Language } from '../language/language.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';
import type { ConversationChannel, ConversationState, MessageRole } from './conversation.js';
import type { ConversationTables } from './conversation-tables.js';

/** A conversation as the outcome figures see it. */
export interface ConversationSummary {
  id: string;
  language: Language | null;
  state: ConversationState;
  channel: ConversationChannel;
  createdAt: string;
}

/** One entry of a conversation's log, without the texts and citations the figures do not need. */
export type LogEntry =
  | {
      kind: 'message';
      id: string;
      role: MessageRole;
      text: string;
      createdAt: string;
      language: Language | null;
      tier: Tier | null;
      reasons: ReasonCode[];
      handoff: boolean;
      replyToId: string | null;
      /** The reply's turn telemetry (cost, outcome, passages); {} for other messages. */
      meta: Record<string, unknown>;
    }
  | { kind: 'state'; state: ConversationState; createdAt: string; by: string | null };

/** IN lists stay below SQLite's and PostgreSQL's bound-parameter limits. */
const ID_BATCH = 500;

/**
 * Read-only views of the conversation log for figures computed from it (outcomes, knowledge gaps).
 * The conversation module owns these tables; other modules read them through this.
 */
export function createConversationLogReader(database: Database) {
  const db = database.kysely.withTables<ConversationTables>();
  return {
    /** Conversations of a channel created in [from, to), optionally of some languages, oldest first. */
    async listConversations(filter: {
      channel: ConversationChannel;
      from?: string;
      to?: string;
      languages?: readonly Language[];
    }): Promise<ConversationSummary[]> {
      let query = db
        .selectFrom('conversations')
        .select(['id', 'language', 'state', 'channel', 'created_at'])
        .where('channel', '=', filter.channel)
        .orderBy('created_at');
      if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from);
      if (filter.to !== undefined) query = query.where('created_at', '<', filter.to);
      if (filter.languages?.length) query = query.where('language', 'in', [...filter.languages]);
      return (await query.execute()).map((row) => ({
        id: row.id,
        language: isLanguage(row.language) ? row.language : null,
        state: row.state as ConversationState,
        channel: row.channel === 'staff_assistant' ? 'staff_assistant' : 'web',
        createdAt: decodeTimestamp(row.created_at),
      }));
    },

    async getConversation(id: string): Promise<ConversationSummary | undefined> {
      const row = await db
        .selectFrom('conversations')
        .select(['id', 'language', 'state', 'channel', 'created_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : {
            id: row.id,
            language: isLanguage(row.language) ? row.language : null,
            state: row.state as ConversationState,
            channel: row.channel === 'staff_assistant' ? 'staff_assistant' : 'web',
            createdAt: decodeTimestamp(row.created_at),
          };
    },

    /** The logs of these conversations, each oldest first. */
    async listLogs(conversationIds: readonly string[]): Promise<Map<string, LogEntry[]>> {
      const logs = new Map<string, LogEntry[]>(conversationIds.map((id) => [id, []]));
      for (let start = 0; start < conversationIds.length; start += ID_BATCH) {
        const rows = await db
          .selectFrom('conversation_log')
          .select([
            'conversation_id',
            'type',
            'created_at',
            'data',
            'message_id',
            'role',
            'text',
            'language',
            'tier',
            'reasons',
            'handoff',
            'reply_to_id',
            'meta',
          ])
          .where('conversation_id', 'in', conversationIds.slice(start, start + ID_BATCH))
          .where('type', 'in', ['message', 'state'])
          .orderBy('id')
          .execute();
        for (const row of rows) {
          const createdAt = decodeTimestamp(row.created_at);
          const entry: LogEntry =
            row.type === 'message'
              ? {
                  kind: 'message',
                  id: row.message_id ?? '',
                  role: row.role as MessageRole,
                  text: row.text ?? '',
                  createdAt,
                  language: isLanguage(row.language) ? row.language : null,
                  tier: (row.tier as Tier | null) ?? null,
                  reasons: (decodeJson(row.reasons) as ReasonCode[] | null) ?? [],
                  handoff: decodeBoolean(row.handoff as boolean | number | null),
                  replyToId: row.reply_to_id,
                  meta: (decodeJson(row.meta) as Record<string, unknown> | null) ?? {},
                }
              : {
                  kind: 'state',
                  state: (decodeJson(row.data) as { state: ConversationState }).state,
                  createdAt,
                  by: (decodeJson(row.data) as { by?: string | null }).by ?? null,
                };
          logs.get(row.conversation_id)?.push(entry);
        }
      }
      return logs;
    },
  };
}

export type ConversationLogReader = ReturnType<typeof createConversationLogReader>;
