import type {
  EscalationFilter,
  EscalationPage,
  EscalationRecord,
  EscalationStats,
  NewEscalationRecord,
  ReviewVerdict,
  TurnSummary,
} from './escalation-record.js';

/** The escalation log and turn counters. Implemented once over Kysely for SQLite and PostgreSQL. */
export interface EscalationStore {
  /** Stores the turn summary and, when the turn escalated, its record, in one transaction. */
  recordTurn(
    turn: TurnSummary,
    escalation: NewEscalationRecord | null,
  ): Promise<EscalationRecord | null>;
  /** Stores an escalation that is not a turn (a handoff started by staff or the widget). */
  recordEscalation(escalation: NewEscalationRecord): Promise<EscalationRecord>;
  /** Bulk insert in batches (imports, benchmarks); one transaction. */
  recordMany(input: { escalations?: NewEscalationRecord[]; turns?: TurnSummary[] }): Promise<void>;
  get(id: string): Promise<EscalationRecord | undefined>;
  /** Newest first, keyset-paginated on (createdAt, id). Throws InvalidCursorError for a cursor it did not issue. */
  list(
    filter: EscalationFilter,
    page: { limit: number; cursor?: string | null },
  ): Promise<EscalationPage>;
  /** Every matching record, newest first, read from the database a page at a time. */
  stream(filter: EscalationFilter, pageSize?: number): AsyncIterable<EscalationRecord>;
  /** Totals over the records and turns that match every filter (reasons and reviews narrow turns to escalated ones). */
  stats(filter: EscalationFilter): Promise<EscalationStats>;
  /** Sets (or replaces) the review; undefined when no record has that id. */
  review(
    id: string,
    input: { verdict: ReviewVerdict; note: string | null },
  ): Promise<EscalationRecord | undefined>;
}
