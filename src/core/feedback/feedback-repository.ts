import type { Kysely, Selectable } from 'kysely';
import { decodeBoolean, decodeTimestamp } from '../database/column-types.js';
import type { Database } from '../database/database.js';
import type { Language } from '../language/language.js';
import type { ConversationResolution, FeedbackRating, MessageFeedback } from './feedback.js';
import type { FeedbackTables, MessageFeedbackTable } from './feedback-tables.js';

/** The feedback module's data access: ratings of answers and customers' verdicts. */
export interface FeedbackRepository {
  /** Stores the rating of an answer, replacing an earlier one (comment included). */
  rate(input: Omit<MessageFeedback, 'createdAt' | 'updatedAt'>): Promise<MessageFeedback>;
  /** Stores the customer's verdict on the conversation, replacing an earlier one. */
  resolve(input: { conversationId: string; resolved: boolean }): Promise<ConversationResolution>;
  /** Every rating of these conversations (the outcome figures, the detail page). */
  listFeedback(conversationIds: readonly string[]): Promise<MessageFeedback[]>;
  listResolutions(conversationIds: readonly string[]): Promise<ConversationResolution[]>;
  /** Ratings changed in a time range, oldest first (evaluation material). */
  listFeedbackInRange(range: { from?: string; to?: string }): Promise<MessageFeedback[]>;
}

/** IN lists stay below SQLite's and PostgreSQL's bound-parameter limits. */
const ID_BATCH = 500;

type FeedbackRow = Selectable<MessageFeedbackTable>;

function toFeedback(row: FeedbackRow): MessageFeedback {
  return {
    conversationId: row.conversation_id,
    messageId: row.message_id,
    rating: row.rating as FeedbackRating,
    comment: row.comment,
    language: row.language as Language | null,
    channel: row.channel === 'staff_assistant' ? 'staff_assistant' : 'web',
    createdAt: decodeTimestamp(row.created_at),
    updatedAt: decodeTimestamp(row.updated_at),
  };
}

async function inBatches<T>(
  ids: readonly string[],
  read: (batch: string[]) => Promise<T[]>,
): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < ids.length; start += ID_BATCH)
    results.push(...(await read(ids.slice(start, start + ID_BATCH))));
  return results;
}

export function createFeedbackRepository(
  database: Database,
  clock: () => Date = () => new Date(),
): FeedbackRepository {
  const db: Kysely<FeedbackTables> = database.kysely.withTables<FeedbackTables>();
  return {
    async rate(input) {
      const now = clock().toISOString();
      const row = await db
        .insertInto('message_feedback')
        .values({
          conversation_id: input.conversationId,
          message_id: input.messageId,
          rating: input.rating,
          comment: input.comment,
          language: input.language,
          channel: input.channel,
          created_at: now,
          updated_at: now,
        })
        .onConflict((conflict) =>
          conflict.columns(['conversation_id', 'message_id']).doUpdateSet({
            rating: input.rating,
            comment: input.comment,
            updated_at: now,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toFeedback(row);
    },

    async resolve(input) {
      const now = clock().toISOString();
      const resolved = database.encodeBoolean(input.resolved);
      const row = await db
        .insertInto('conversation_resolutions')
        .values({
          conversation_id: input.conversationId,
          resolved,
          created_at: now,
          updated_at: now,
        })
        .onConflict((conflict) =>
          conflict.column('conversation_id').doUpdateSet({ resolved, updated_at: now }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return {
        conversationId: row.conversation_id,
        resolved: decodeBoolean(row.resolved),
        createdAt: decodeTimestamp(row.created_at),
        updatedAt: decodeTimestamp(row.updated_at),
      };
    },

    listFeedback: (conversationIds) =>
      inBatches(conversationIds, async (batch) =>
        (
          await db
            .selectFrom('message_feedback')
            .selectAll()
            .where('conversation_id', 'in', batch)
            .execute()
        ).map((row) => toFeedback(row)),
      ),

    listResolutions: (conversationIds) =>
      inBatches(conversationIds, async (batch) =>
        (
          await db
            .selectFrom('conversation_resolutions')
            .selectAll()
            .where('conversation_id', 'in', batch)
            .execute()
        ).map((row) => ({
          conversationId: row.conversation_id,
          resolved: decodeBoolean(row.resolved),
          createdAt: decodeTimestamp(row.created_at),
          updatedAt: decodeTimestamp(row.updated_at),
        })),
      ),

    async listFeedbackInRange(range) {
      let query = db.selectFrom('message_feedback').selectAll().orderBy('updated_at');
      if (range.from !== undefined) query = query.where('updated_at', '>=', range.from);
      if (range.to !== undefined) query = query.where('updated_at', '<', range.to);
      return (await query.execute()).map((row) => toFeedback(row));
    },
  };
}
