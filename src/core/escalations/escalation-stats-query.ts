import type { Expression, ExpressionBuilder, RawBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import { decodeInteger } from '../database/column-types.js';
import type { Database } from '../database/database.js';
import type { Tier } from '../routing/routing-decision.js';
import { TIER_OF_REASON } from '../routing/routing-decision.js';
import type { EscalationFilter, EscalationStats, TierCounts } from './escalation-record.js';
import { fromMicroUsd } from './escalation-row-codec.js';
import type { EscalationTables } from './escalation-tables.js';

const emptyTiers = (): TierCounts => ({ small: 0, large: 0, human: 0 });
const TIERS = new Set<string>(Object.values(TIER_OF_REASON).concat('small'));

/**
 * Counts, sums and percentiles for /ops/stats; aggregates run in the database, never over rows in
 * memory. Customer figures: staff-assistant turns (Slack) are left out, as in every stats view.
 */
export async function queryEscalationStats(
  database: Database,
  filter: EscalationFilter,
  conditions: (
    eb: ExpressionBuilder<EscalationTables, 'escalations'>,
    filter: EscalationFilter,
  ) => Expression<SqlBool>[],
): Promise<EscalationStats> {
  const { dialect, encodeBoolean } = database;
  const db = database.kysely.withTables<EscalationTables>();
  const day: RawBuilder<string> =
    dialect === 'postgres'
      ? sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`
      : sql<string>`substr(created_at, 1, 10)`;

  // Every total honours every filter of the page: escalations match the whole filter; turns
  // match language, tier and outcome, and with a reason or review filter only the escalated
  // turns whose record matches count (a turn has no reason or review of its own).
  const matchingEscalations = () =>
    db
      .selectFrom('escalations')
      .where('channel', '=', 'web')
      .where((eb) => eb.and(conditions(eb, filter)));
  let turns = db.selectFrom('turns').where('channel', '=', 'web');
  const escalations = matchingEscalations();
  const reasons = db
    .selectFrom('escalation_reasons')
    .where('escalation_id', 'in', matchingEscalations().select('id'));
  if (filter.from !== undefined) turns = turns.where('created_at', '>=', filter.from);
  if (filter.to !== undefined) turns = turns.where('created_at', '<', filter.to);
  if (filter.languages?.length) turns = turns.where('language', 'in', filter.languages);
  if (filter.tiers?.length) turns = turns.where('tier', 'in', filter.tiers);
  if (filter.outcomes?.length) turns = turns.where('outcome', 'in', filter.outcomes);
  if (filter.reasons?.length || filter.reviewed !== undefined) {
    turns = turns.where(
      'id',
      'in',
      matchingEscalations()
        .select('reply_message_id')
        .where('reply_message_id', 'is not', null)
        .$narrowType<{ reply_message_id: string }>(),
    );
  }

  const [
    totals,
    turnTiers,
    turnLanguages,
    escalationTiers,
    escalationLanguages,
    escalationOutcomes,
    reasonCounts,
    daily,
    reviewed,
  ] = await Promise.all([
    turns
      .select((eb) => [
        eb.fn.countAll().as('turns'),
        eb.fn.sum('input_tokens').as('input_tokens'),
        eb.fn.sum('output_tokens').as('output_tokens'),
        eb.fn.sum('cache_read_tokens').as('cache_read_tokens'),
        eb.fn.sum('cache_write_tokens').as('cache_write_tokens'),
        eb.fn.sum('small_cost_micro_usd').as('small_cost'),
        eb.fn.sum('large_cost_micro_usd').as('large_cost'),
        eb.fn
          .sum(eb.case().when('answer_cache_hit', '=', encodeBoolean(true)).then(1).else(0).end())
          .as('cache_hits'),
        eb.fn
          .sum(eb.case().when('escalated', '=', encodeBoolean(true)).then(1).else(0).end())
          .as('escalated'),
      ])
      .executeTakeFirstOrThrow(),
    turns
      .select((eb) => ['tier as key', eb.fn.countAll().as('count')])
      .groupBy('tier')
      .execute(),
    turns
      .select((eb) => ['language as key', eb.fn.countAll().as('count')])
      .groupBy('language')
      .execute(),
    escalations
      .select((eb) => ['tier as key', eb.fn.countAll().as('count')])
      .groupBy('tier')
      .execute(),
    escalations
      .select((eb) => ['language as key', eb.fn.countAll().as('count')])
      .groupBy('language')
      .execute(),
    escalations
      .select((eb) => ['outcome as key', eb.fn.countAll().as('count')])
      .groupBy('outcome')
      .execute(),
    reasons
      .select((eb) => ['reason as key', eb.fn.countAll().as('count')])
      .groupBy('reason')
      .execute(),
    escalations
      .select((eb) => [day.as('day'), 'tier', eb.fn.countAll().as('count')])
      .groupBy([day, 'tier'])
      .orderBy(day)
      .execute(),
    escalations
      .select((eb) => eb.fn.countAll().as('count'))
      .where('review_verdict', 'is not', null)
      .executeTakeFirstOrThrow(),
  ]);

  const turnCount = decodeInteger(totals.turns as number | string);
  // Nearest-rank percentiles with ORDER BY … OFFSET: the same SQL on both dialects (SQLite has no percentile_cont).
  async function percentile(fraction: number): Promise<number | null> {
    if (turnCount === 0) return null;
    const offset = Math.max(0, Math.ceil(fraction * turnCount) - 1);
    const row = await turns
      .select('total_ms')
      .orderBy('total_ms')
      .limit(1)
      .offset(offset)
      .executeTakeFirst();
    return row === undefined ? null : decodeInteger(row.total_ms);
  }
  const [p50, p95] = await Promise.all([percentile(0.5), percentile(0.95)]);

  const byKey = (rows: Array<{ key: string | null; count: unknown }>): Record<string, number> =>
    Object.fromEntries(
      rows.map((row) => [row.key ?? 'unknown', decodeInteger(row.count as number | string)]),
    );
  const tierCounts = (rows: Array<{ key: string | null; count: unknown }>): TierCounts => {
    const counts = emptyTiers();
    for (const row of rows)
      if (row.key !== null && TIERS.has(row.key))
        counts[row.key as Tier] += decodeInteger(row.count as number | string);
    return counts;
  };

  const perDay = new Map<string, { day: string } & TierCounts>();
  for (const row of daily) {
    const entry = perDay.get(row.day) ?? { day: row.day, ...emptyTiers() };
    if (TIERS.has(row.tier)) entry[row.tier as Tier] += decodeInteger(row.count as number | string);
    perDay.set(row.day, entry);
  }

  const escalationTotal = Object.values(byKey(escalationTiers)).reduce(
    (sum, count) => sum + count,
    0,
  );
  const smallCost = fromMicroUsd(decodeInteger(totals.small_cost as number | string | null));
  const largeCost = fromMicroUsd(decodeInteger(totals.large_cost as number | string | null));
  return {
    from: filter.from ?? null,
    to: filter.to ?? null,
    turns: {
      total: turnCount,
      byTier: tierCounts(turnTiers),
      byLanguage: byKey(turnLanguages),
      answerCacheHits: decodeInteger(totals.cache_hits as number | string | null),
    },
    escalations: {
      total: escalationTotal,
      byTier: tierCounts(escalationTiers),
      byReason: byKey(reasonCounts),
      byLanguage: byKey(escalationLanguages),
      byOutcome: byKey(escalationOutcomes),
      reviewed: decodeInteger(reviewed.count as number | string),
    },
    escalationRate:
      turnCount === 0
        ? null
        : decodeInteger(totals.escalated as number | string | null) / turnCount,
    tokens: {
      inputTokens: decodeInteger(totals.input_tokens as number | string | null),
      outputTokens: decodeInteger(totals.output_tokens as number | string | null),
      cacheReadInputTokens: decodeInteger(totals.cache_read_tokens as number | string | null),
      cacheWriteInputTokens: decodeInteger(totals.cache_write_tokens as number | string | null),
    },
    costUsd: {
      total: fromMicroUsd(
        decodeInteger(totals.small_cost as number | string | null) +
          decodeInteger(totals.large_cost as number | string | null),
      ),
      small: smallCost,
      large: largeCost,
    },
    latencyMs: { p50, p95 },
    perDay: [...perDay.values()],
  };
}
