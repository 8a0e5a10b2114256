import {
  decodeJson,
  decodeTimestamp,
  encodeJson,
  type NullableJsonColumn,
  type TimestampColumn,
} from '../core/database/column-types.js';
import type { Database } from '../core/database/database.js';
import type { HandoffCardContent } from './handoff-card.js';

/** `handoff`: the card thread of a customer conversation; `assistant`: a staff question thread and its internal conversation. */
export type SlackThreadKind = 'handoff' | 'assistant';

export interface SlackThread {
  conversationId: string;
  kind: SlackThreadKind;
  channelId: string;
  /** The `ts` of the thread's first message (the card, or the staff member's question). */
  threadTs: string;
  card: HandoffCardContent | null;
  createdAt: string;
  updatedAt: string;
}

/** Migration `0003_slack_threads` (slack-migrations.ts). */
export type SlackThreadsTable = {
  conversation_id: string;
  kind: string;
  channel_id: string;
  thread_ts: string;
  card: NullableJsonColumn;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
};

/** Type aliases, not interfaces: Kysely's withTables wants an index-compatible record. */
export type SlackTables = {
  slack_threads: SlackThreadsTable;
};

/** Which Slack thread belongs to which conversation, both ways. */
export interface SlackThreadStore {
  /** Stores the link; a conversation has at most one thread, a thread at most one conversation per kind (else it throws). */
  link(input: {
    conversationId: string;
    kind: SlackThreadKind;
    channelId: string;
    threadTs: string;
    card: HandoffCardContent | null;
  }): Promise<SlackThread>;
  /** A handoff thread may also hold a staff-assistant conversation (someone asked the bot in it): hence the kind. */
  findByThread(
    channelId: string,
    threadTs: string,
    kind: SlackThreadKind,
  ): Promise<SlackThread | undefined>;
  findByConversation(conversationId: string): Promise<SlackThread | undefined>;
  updateCard(conversationId: string, card: HandoffCardContent): Promise<void>;
}

/** The Slack tables, in the process's database (same pool as every other module). */
export function createSlackThreadStore(database: Database): SlackThreadStore {
  const db = database.kysely.withTables<SlackTables>();

  return {
    async link(input) {
      const now = new Date().toISOString();
      await db
        .insertInto('slack_threads')
        .values({
          conversation_id: input.conversationId,
          kind: input.kind,
          channel_id: input.channelId,
          thread_ts: input.threadTs,
          card: input.card === null ? null : encodeJson(input.card),
          created_at: now,
          updated_at: now,
        })
        .execute();
      return { ...input, createdAt: now, updatedAt: now };
    },

    async findByThread(channelId, threadTs, kind) {
      const row = await db
        .selectFrom('slack_threads')
        .selectAll()
        .where('channel_id', '=', channelId)
        .where('thread_ts', '=', threadTs)
        .where('kind', '=', kind)
        .executeTakeFirst();
      return row === undefined ? undefined : toSlackThread(row);
    },

    async findByConversation(conversationId) {
      const row = await db
        .selectFrom('slack_threads')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      return row === undefined ? undefined : toSlackThread(row);
    },

    async updateCard(conversationId, card) {
      await db
        .updateTable('slack_threads')
        .set({ card: encodeJson(card), updated_at: new Date().toISOString() })
        .where('conversation_id', '=', conversationId)
        .execute();
    },
  };
}

type SlackThreadRow = {
  conversation_id: string;
  kind: string;
  channel_id: string;
  thread_ts: string;
  card: unknown;
  created_at: string | Date;
  updated_at: string | Date;
};

function toSlackThread(row: SlackThreadRow): SlackThread {
  return {
    conversationId: row.conversation_id,
    kind: row.kind as SlackThreadKind,
    channelId: row.channel_id,
    threadTs: row.thread_ts,
    card: row.card === null ? null : (decodeJson(row.card) as HandoffCardContent),
    createdAt: decodeTimestamp(row.created_at),
    updatedAt: decodeTimestamp(row.updated_at),
  };
}
