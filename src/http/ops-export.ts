import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { EscalationFilter, EscalationRecord } from '../core/escalations/escalation-record.js';
import type { EscalationStore } from '../core/escalations/escalation-store.js';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Rows fetched per database round trip. Small on purpose: a page stays alive while it drains
 * into the socket, and with 1,000 rows it outlived two young-generation collections, got
 * promoted, and the old generation grew with the export (+107 MB at 100k rows, +221 MB at 200k,
 * all garbage, but collected late). 200 rows die young: peak RSS stays flat (bench:ops-export).
 */
const EXPORT_PAGE_SIZE = 200;

/** CSV columns, in order: flat values a spreadsheet can sort and sum. */
const CSV_COLUMNS: Array<{
  key: string;
  value(record: EscalationRecord): string | number | boolean | null;
}> = [
  { key: 'id', value: (record) => record.id },
  { key: 'created_at', value: (record) => record.createdAt },
  { key: 'conversation_id', value: (record) => record.conversationId },
  { key: 'source', value: (record) => record.source },
  { key: 'language', value: (record) => record.language },
  { key: 'tier', value: (record) => record.tier },
  { key: 'routed_tier', value: (record) => record.routedTier },
  { key: 'reasons', value: (record) => record.reasons.join(' ') },
  { key: 'outcome', value: (record) => record.outcome },
  { key: 'top_scores', value: (record) => record.topScores.join(' ') },
  { key: 'models', value: (record) => record.models.join(' ') },
  { key: 'input_tokens', value: (record) => record.usage.inputTokens },
  { key: 'output_tokens', value: (record) => record.usage.outputTokens },
  { key: 'cache_read_tokens', value: (record) => record.usage.cacheReadInputTokens },
  { key: 'cache_write_tokens', value: (record) => record.usage.cacheWriteInputTokens },
  { key: 'cost_usd', value: (record) => record.costUsd },
  { key: 'retrieval_ms', value: (record) => record.latencyMs.retrieval },
  { key: 'model_ms', value: (record) => record.latencyMs.model },
  { key: 'total_ms', value: (record) => record.latencyMs.total },
  { key: 'prompt_version', value: (record) => record.promptVersion },
  { key: 'knowledge_base_version', value: (record) => record.knowledgeBaseVersion },
  { key: 'answer_cache_hit', value: (record) => record.answerCacheHit },
  { key: 'excerpt', value: (record) => record.excerpt },
  { key: 'handoff_by', value: (record) => record.handoffBy },
  { key: 'review_verdict', value: (record) => record.review?.verdict ?? null },
  { key: 'review_note', value: (record) => record.review?.note ?? null },
  { key: 'reviewed_at', value: (record) => record.review?.reviewedAt ?? null },
  { key: 'user_message_id', value: (record) => record.userMessageId },
  { key: 'reply_message_id', value: (record) => record.replyMessageId },
  { key: 'model_signal', value: (record) => record.modelSignal },
];

export const CSV_HEADER = CSV_COLUMNS.map((column) => column.key);

export interface EscalationExport {
  contentType: string;
  filename: string;
  body: Readable;
}

/**
 * Streams the matching records, newest first, a database page at a time: the file is never
 * held in memory, and a slow client slows the reads (Readable.from pulls on demand).
 */
export function exportEscalations(input: {
  store: EscalationStore;
  filter: EscalationFilter;
  format: ExportFormat;
  /** Applied to customer text on the way out (REDACT_PERSONAL_DATA). */
  present(record: EscalationRecord): EscalationRecord;
  now?: Date;
}): EscalationExport {
  const stamp = (input.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const records = async function* () {
    for await (const record of input.store.stream(input.filter, EXPORT_PAGE_SIZE))
      yield input.present(record);
  };
  if (input.format === 'jsonl') {
    const lines = async function* () {
      for await (const record of records()) yield `${JSON.stringify(record)}\n`;
    };
    return {
      contentType: 'application/x-ndjson; charset=utf-8',
      filename: `parley-escalations-${stamp}.jsonl`,
      body: Readable.from(lines(), { objectMode: false }),
    };
  }
  const rows = async function* () {
    for await (const record of records()) yield CSV_COLUMNS.map((column) => column.value(record));
  };
  // escape_formulas: an excerpt starting with "=" must not run as a formula when ops open the file in a spreadsheet.
  const csv = stringify({
    header: true,
    columns: CSV_HEADER,
    escape_formulas: true,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
  const body = pipeline(Readable.from(rows()), csv, () => {
    /* errors reach the response through the returned stream */
  });
  return {
    contentType: 'text/csv; charset=utf-8',
    filename: `parley-escalations-${stamp}.csv`,
    body,
  };
}
