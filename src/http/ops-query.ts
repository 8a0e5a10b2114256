import { invalidInput } from '../core/conversation/conversation-errors.js';
import {
  ESCALATION_OUTCOMES,
  type EscalationFilter,
} from '../core/escalations/escalation-record.js';
import { type Language, SUPPORTED_LANGUAGES } from '../core/language/language.js';
import {
  REASON_CODES,
  type ReasonCode,
  TIERS,
  type Tier,
} from '../core/routing/routing-decision.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** An instant with a time zone: a bare local time would mean a different range on every server. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export const FILTER_PARAMETERS = [
  'from',
  'to',
  'language',
  'tier',
  'reason',
  'outcome',
  'reviewed',
] as const;

type Query = Record<string, string | string[] | undefined>;

/** The values of a parameter given once, repeated (?tier=large&tier=human) or comma-separated. */
function valuesOf(query: Query, name: string): string[] {
  const raw = query[name];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return list
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

function single(query: Query, name: string): string | undefined {
  const values = valuesOf(query, name);
  if (values.length > 1)
    throw invalidInput(`Query parameter "${name}" takes one value (got ${values.length}).`);
  return values[0];
}

function oneOf<T extends string>(
  query: Query,
  name: string,
  allowed: readonly T[],
): T[] | undefined {
  const values = valuesOf(query, name);
  for (const value of values) {
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidInput(
        `Query parameter "${name}" must be one of ${allowed.join(', ')} (got "${value}").`,
      );
    }
  }
  return values.length === 0 ? undefined : ([...new Set(values)] as T[]);
}

/**
 * A date (YYYY-MM-DD, UTC) or an ISO-8601 instant with a zone. `to` is exclusive for an instant
 * and covers the whole day for a date, which is what "from 2026-03-01 to 2026-03-31" means.
 */
function instant(query: Query, name: 'from' | 'to'): string | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  const valid = DATE_ONLY.test(value) || INSTANT.test(value);
  const time = valid
    ? Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value)
    : Number.NaN;
  if (Number.isNaN(time)) {
    throw invalidInput(
      `Query parameter "${name}" must be a date (2026-03-31) or an ISO-8601 time with a zone (2026-03-31T12:00:00Z) (got "${value}").`,
    );
  }
  const endOfDay = name === 'to' && DATE_ONLY.test(value) ? 24 * 60 * 60 * 1000 : 0;
  return new Date(time + endOfDay).toISOString();
}

export function rejectUnknownParameters(query: Query, allowed: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (!allowed.includes(name))
      throw invalidInput(`Unknown query parameter "${name}". Accepted: ${allowed.join(', ')}.`);
  }
}

export function parseTimeRange(query: Query): { from?: string; to?: string } {
  const from = instant(query, 'from');
  const to = instant(query, 'to');
  if (from !== undefined && to !== undefined && from >= to) {
    throw invalidInput(`Query parameter "from" (${from}) must be before "to" (${to}).`);
  }
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

export function parseEscalationFilter(query: Query): EscalationFilter {
  const languages = oneOf<Language>(query, 'language', SUPPORTED_LANGUAGES);
  const tiers = oneOf<Tier>(query, 'tier', TIERS);
  const reasons = oneOf<ReasonCode>(query, 'reason', REASON_CODES);
  const outcomes = oneOf(query, 'outcome', ESCALATION_OUTCOMES);
  const reviewed = single(query, 'reviewed');
  if (reviewed !== undefined && reviewed !== 'true' && reviewed !== 'false') {
    throw invalidInput(`Query parameter "reviewed" must be true or false (got "${reviewed}").`);
  }
  return {
    ...parseTimeRange(query),
    ...(languages ? { languages } : {}),
    ...(tiers ? { tiers } : {}),
    ...(reasons ? { reasons } : {}),
    ...(outcomes ? { outcomes } : {}),
    ...(reviewed === undefined ? {} : { reviewed: reviewed === 'true' }),
  };
}

export function parsePage(query: Query): { limit: number; cursor: string | null } {
  const limitText = single(query, 'limit');
  const limit = limitText === undefined ? DEFAULT_PAGE_SIZE : Number(limitText);
  if (
    !Number.isInteger(limit) ||
    limit < 1 ||
    limit > MAX_PAGE_SIZE ||
    !/^\d+$/.test(limitText ?? '1')
  ) {
    throw invalidInput(
      `Query parameter "limit" must be a whole number from 1 to ${MAX_PAGE_SIZE} (got "${limitText}").`,
    );
  }
  return { limit, cursor: single(query, 'cursor') ?? null };
}
