import type { Storage } from '../storage/storage.js';
import { sqlAccessOf } from '../storage/storage-sql-access.js';
import type { EscalationStore } from './escalation-store.js';
import { createKyselyEscalationStore } from './kysely-escalation-store.js';

/**
 * The escalation log lives in the conversation database (migration 0002_escalations), so it
 * follows DATABASE_URL: SQLite or PostgreSQL, through the storage's own connection.
 */
export function createEscalationStore(storage: Storage): EscalationStore {
  const access = sqlAccessOf(storage);
  if (access === undefined) {
    throw new Error(
      'The escalation log needs the SQL storage (createStorage); this Storage implementation has no database behind it.',
    );
  }
  return createKyselyEscalationStore(access);
}
