import type { ColumnType } from 'kysely';
import type { Database } from '../core/database/database.js';

/** Migration `0013_slack_deliveries` (slack-migrations.ts). */
export type SlackDeliveriesTable = {
  /** `signature:v0=…` for a request, `event:Ev…` (or a command's or a click's trigger) for a delivery. */
  key: string;
  /** Milliseconds since the epoch; past it the key may be claimed again (and the row deleted). */
  expires_at: ColumnType<number | string, number, number>;
};

type SlackDeliveryTables = { slack_deliveries: SlackDeliveriesTable };

/**
 * What every instance of a fleet has seen from Slack, shared through the database: request
 * signatures (a captured request replayed to another instance is refused) and delivery ids
 * (Slack's retry of an event reaching another instance is dropped). A key is held until it
 * expires; the first instance to claim it wins, atomically, whatever the others do meanwhile.
 */
export interface SlackDeliveryStore {
  /** True when this call claimed `key` (never seen, or seen but expired); false while another claim holds. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim up before it expires (its handling failed: Slack's retry must get through). */
  release(key: string): Promise<void>;
  /** Deletes the expired keys; returns how many. */
  deleteExpired(): Promise<number>;
}

export interface SlackDeliveryStoreOptions {
  /** Milliseconds since the epoch; tests move the clock. */
  now?: () => number;
  /**
   * Expired keys are deleted at most this often, by the claim that finds the interval passed:
   * no timer to stop, and a server that receives nothing from Slack has nothing to clean.
   */
  cleanupIntervalMs?: number;
  onCleanupError?: (error: unknown) => void;
}

const DEFAULT_CLEANUP_INTERVAL_MS = 60_000;

/** One implementation for SQLite and PostgreSQL: an upsert that only takes over an expired key. */
export function createSlackDeliveryStore(
  database: Database,
  options: SlackDeliveryStoreOptions = {},
): SlackDeliveryStore {
  const db = database.kysely.withTables<SlackDeliveryTables>();
  const now = options.now ?? Date.now;
  const cleanupIntervalMs = options.cleanupIntervalMs ?? DEFAULT_CLEANUP_INTERVAL_MS;
  let lastCleanup = 0;

  async function deleteExpired(): Promise<number> {
    const result = await db
      .deleteFrom('slack_deliveries')
      .where('expires_at', '<=', now())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  return {
    async claim(key, ttlMs) {
      const claimedAt = now();
      if (claimedAt - lastCleanup >= cleanupIntervalMs) {
        lastCleanup = claimedAt;
        // Housekeeping must never refuse a Slack request: a failed cleanup waits for the next interval.
        await deleteExpired().catch((error: unknown) => options.onCleanupError?.(error));
      }
      // Insert, or take over a row whose time is up (cleanup may not have run yet); a live row
      // makes the update's condition false, so nothing is returned: someone else holds the key.
      // PostgreSQL serialises concurrent inserts of one key on the unique index, SQLite on its
      // single writer, so exactly one of two simultaneous claims gets the row back.
      const row = await db
        .insertInto('slack_deliveries')
        .values({ key, expires_at: claimedAt + ttlMs })
        .onConflict((conflict) =>
          conflict
            .column('key')
            .doUpdateSet((update) => ({ expires_at: update.ref('excluded.expires_at') }))
            .where('slack_deliveries.expires_at', '<=', claimedAt),
        )
        .returning('key')
        .executeTakeFirst();
      return row !== undefined;
    },

    async release(key) {
      await db.deleteFrom('slack_deliveries').where('key', '=', key).execute();
    },

    deleteExpired,
  };
}
