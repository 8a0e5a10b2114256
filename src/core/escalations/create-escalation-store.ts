import type { Expression, ExpressionBuilder, Insertable, Kysely, SqlBool } from 'kysely';
import { v7 as timeOrderedId } from 'uuid';
import type { Database } from '../database/database.js';
import { decodeCursor, encodeCursor } from './escalation-cursor.js';
import {
  type EscalationFilter,
  type EscalationRecord,
  isEscalationId,
  type NewEscalationRecord,
} from './escalation-record.js';
import { escalationRow, toEscalationRecord, turnRow } from './escalation-row-codec.js';
import { queryEscalationStats } from './escalation-stats-query.js';
import type { EscalationStore } from './escalation-store.js';
import type { EscalationReasonsTable, EscalationTables } from './escalation-tables.js';

/** Rows per multi-row INSERT: 31 columns × 500 stays under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const INSERT_BATCH = 500;
const DEFAULT_STREAM_PAGE = 500;

type Executor = Pick<Kysely<EscalationTables>, 'insertInto'>;

/**
 * The escalation log, in the process's database (SQLite or PostgreSQL, whichever DATABASE_URL
 * names), through the module's own tables.
 */
export function createEscalationStore(database: Database): EscalationStore {
  const db = database.kysely.withTables<EscalationTables>();
  const { encodeBoolean } = database;

  async function insertEscalations(
    executor: Executor,
    records: Array<NewEscalationRecord & { id: string }>,
  ): Promise<void> {
    for (let start = 0; start < records.length; start += INSERT_BATCH) {
      const batch = records.slice(start, start + INSERT_BATCH);
      await executor
        .insertInto('escalations')
        .values(batch.map((record) => escalationRow(record, encodeBoolean)))
        .execute();
      const reasonRows = batch.flatMap(reasonRowsOf);
      // Reason rows have 3 columns: a batch of records never has more than 9 × 500 of them.
      if (reasonRows.length > 0)
        await executor.insertInto('escalation_reasons').values(reasonRows).execute();
    }
  }

  const withId = (
    record: NewEscalationRecord,
  ): NewEscalationRecord & { id: string; modelSignal: EscalationRecord['modelSignal'] } => ({
    ...record,
    id: record.id ?? timeOrderedId(),
    modelSignal: record.modelSignal ?? null,
  });

  function conditions(
    eb: ExpressionBuilder<EscalationTables, 'escalations'>,
    filter: EscalationFilter,
  ): Expression<SqlBool>[] {
    const list: Expression<SqlBool>[] = [];
    if (filter.from !== undefined) list.push(eb('created_at', '>=', filter.from));
    if (filter.to !== undefined) list.push(eb('created_at', '<', filter.to));
    if (filter.languages?.length) list.push(eb('language', 'in', filter.languages));
    if (filter.tiers?.length) list.push(eb('tier', 'in', filter.tiers));
    if (filter.outcomes?.length) list.push(eb('outcome', 'in', filter.outcomes));
    if (filter.reviewed !== undefined)
      list.push(eb('review_verdict', filter.reviewed ? 'is not' : 'is', null));
    if (filter.reasons?.length) {
      const reasons = filter.reasons;
      list.push(
        eb(
          'id',
          'in',
          eb
            .selectFrom('escalation_reasons')
            .select('escalation_reasons.escalation_id')
            .where('escalation_reasons.reason', 'in', reasons),
        ),
      );
    }
    return list;
  }

  async function page(
    filter: EscalationFilter,
    limit: number,
    after: { createdAt: string; id: string } | null,
  ): Promise<EscalationRecord[]> {
    const rows = await db
      .selectFrom('escalations')
      .selectAll()
      .where((eb) => {
        const list = conditions(eb, filter);
        if (after !== null) {
          // A row-value comparison, not "a < x or (a = x and b < y)": both databases seek the
          // (created_at, id) index with it, where the OR form rescans from the newest row on every page.
          list.push(eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)));
        }
        return eb.and(list);
      })
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toEscalationRecord);
  }

  async function get(id: string): Promise<EscalationRecord | undefined> {
    if (!isEscalationId(id)) return undefined;
    const row = await db
      .selectFrom('escalations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toEscalationRecord(row);
  }

  return {
    async recordTurn(turn, escalation) {
      const record = escalation === null ? null : withId(escalation);
      await db.transaction().execute(async (transaction) => {
        await transaction.insertInto('turns').values(turnRow(turn, encodeBoolean)).execute();
        if (record !== null) await insertEscalations(transaction, [record]);
      });
      return record === null ? null : { ...record, review: null };
    },

    async recordEscalation(escalation) {
      const record = withId(escalation);
      await db.transaction().execute((transaction) => insertEscalations(transaction, [record]));
      return { ...record, review: null };
    },

    async recordMany(input) {
      await db.transaction().execute(async (transaction) => {
        await insertEscalations(transaction, (input.escalations ?? []).map(withId));
        const turns = input.turns ?? [];
        for (let start = 0; start < turns.length; start += INSERT_BATCH) {
          await transaction
            .insertInto('turns')
            .values(
              turns.slice(start, start + INSERT_BATCH).map((turn) => turnRow(turn, encodeBoolean)),
            )
            .execute();
        }
      });
    },

    get,

    async list(filter, options) {
      const after = options.cursor ? decodeCursor(options.cursor) : null;
      // One extra row tells whether another page exists without a count query.
      const rows = await page(filter, options.limit + 1, after);
      const items = rows.slice(0, options.limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > options.limit && last ? encodeCursor(last) : null };
    },

    async *stream(filter, pageSize = DEFAULT_STREAM_PAGE) {
      let after: { createdAt: string; id: string } | null = null;
      for (;;) {
        const rows = await page(filter, pageSize, after);
        yield* rows;
        const last = rows.at(-1);
        if (rows.length < pageSize || last === undefined) return;
        after = { createdAt: last.createdAt, id: last.id };
      }
    },

    stats: (filter) => queryEscalationStats(database, filter, conditions),

    async review(id, input) {
      if (!isEscalationId(id)) return undefined;
      const result = await db
        .updateTable('escalations')
        .set({
          review_verdict: input.verdict,
          review_note: input.note,
          reviewed_at: new Date().toISOString(),
        })
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return undefined;
      return get(id);
    },
  };
}

/** One row per distinct reason, so that filtering by reason is an indexed lookup. */
function reasonRowsOf(
  record: NewEscalationRecord & { id: string },
): Array<Insertable<EscalationReasonsTable>> {
  return [...new Set(record.reasons)].map((reason) => ({
    escalation_id: record.id,
    reason,
    created_at: record.createdAt,
  }));
}
