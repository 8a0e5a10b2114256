import type { ColumnBuilderCallback, ColumnDataType, ColumnType } from 'kysely';
import type { DatabaseDialect } from './database.js';

/**
 * The column types that differ between the dialects. PostgreSQL gets its native types so that
 * ops queries can filter on time ranges and inside JSON; SQLite stores ISO-8601 text (which
 * sorts chronologically because every value is written by `Date#toISOString()`), 0/1 integers
 * and JSON text.
 */
export interface ColumnTypes {
  timestamp: ColumnDataType;
  json: ColumnDataType;
  boolean: ColumnDataType;
  /** Type of an autoincrementing integer primary key; use it with `autoIncrementPrimaryKey`. */
  serial: ColumnDataType;
  /** Type of a column referencing such a key. */
  serialReference: ColumnDataType;
}

export function columnTypes(dialect: DatabaseDialect): ColumnTypes {
  return dialect === 'postgres'
    ? {
        timestamp: 'timestamptz',
        json: 'jsonb',
        boolean: 'boolean',
        serial: 'bigint',
        serialReference: 'bigint',
      }
    : {
        timestamp: 'text',
        json: 'text',
        boolean: 'integer',
        serial: 'integer',
        serialReference: 'integer',
      };
}

/**
 * SQLite's AUTOINCREMENT never reuses an id (plain rowids may be reused after a delete), and
 * PostgreSQL's identity column is the standard form of a sequence: both give ids that only grow.
 */
export function autoIncrementPrimaryKey(dialect: DatabaseDialect): ColumnBuilderCallback {
  return dialect === 'postgres'
    ? (column) => column.primaryKey().generatedAlwaysAsIdentity()
    : (column) => column.primaryKey().autoIncrement();
}

/*
 * Row shapes as the drivers return them: timestamps are ISO text in SQLite and timestamptz (read
 * back as Date) in PostgreSQL; booleans are 0/1 in SQLite; JSON is text in SQLite and jsonb (read
 * back parsed) in PostgreSQL; bigint identities and sums come back from pg as strings. The
 * decoders below turn either into plain values.
 */
export type TimestampColumn = ColumnType<string | Date, string, string>;
export type NullableTimestampColumn = ColumnType<
  string | Date | null,
  string | null,
  string | null
>;
export type BooleanColumn = ColumnType<boolean | number, boolean | number, boolean | number>;
export type JsonColumn = ColumnType<unknown, string, string>;
export type NullableJsonColumn = ColumnType<unknown, string | null, string | null>;
/** Integers that pg may return as strings (sums, counts and bigint columns). */
export type IntegerColumn = ColumnType<number | string, number, number>;

export function decodeTimestamp(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : value;
}

export function decodeBoolean(value: boolean | number | null): boolean {
  return value === true || value === 1;
}

/** jsonb arrives parsed from pg; SQLite's text arrives as a string. */
export function decodeJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

export function encodeJson(value: unknown): string {
  return JSON.stringify(value);
}

/** pg returns bigint results (ids, sums, counts) as strings; ours stay far below 2^53. */
export function decodeInteger(value: number | string | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
