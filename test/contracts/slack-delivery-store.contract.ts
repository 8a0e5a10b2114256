import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/database/database.js';
import { parleyMigrations } from '../../src/migrations.js';
import {
  createSlackDeliveryStore,
  type SlackDeliveriesTable,
  type SlackDeliveryStoreOptions,
} from '../../src/slack/slack-delivery-store.js';

export interface SharedDatabase {
  /** A new handle (its own connections) on the same database each call: one per "instance". */
  open(): Promise<Database>;
  /** Removes the database once every handle is closed. */
  cleanup(): Promise<void>;
}

const START = Date.parse('2026-12-01T10:00:00.000Z');

/**
 * The delivery memory every instance of a fleet shares: the same behaviour on each database the
 * service runs on, with two handles standing in for two instances.
 */
export function describeSlackDeliveryStoreContract(
  name: string,
  makeSharedDatabase: () => Promise<SharedDatabase>,
): void {
  describe(`Slack delivery store on ${name}`, () => {
    let shared: SharedDatabase;
    let first: Database;
    let second: Database;
    let clock = START;
    const now = () => clock;
    const storeOn = (database: Database, options: SlackDeliveryStoreOptions = {}) =>
      createSlackDeliveryStore(database, { now, ...options });
    const rows = () =>
      first.kysely
        .withTables<{ slack_deliveries: SlackDeliveriesTable }>()
        .selectFrom('slack_deliveries')
        .select(['key', 'expires_at'])
        .orderBy('key')
        .execute();

    beforeAll(async () => {
      shared = await makeSharedDatabase();
      first = await shared.open();
      await first.migrate(parleyMigrations(first.dialect));
      second = await shared.open();
    });

    afterAll(async () => {
      await first?.close();
      await second?.close();
      await shared?.cleanup();
    });

    beforeEach(async () => {
      clock = START;
      await first.kysely
        .withTables<{ slack_deliveries: SlackDeliveriesTable }>()
        .deleteFrom('slack_deliveries')
        .execute();
    });

    it('lets the first claim of a key win and refuses it to every later claim, on any instance', async () => {
      const onA = storeOn(first);
      const onB = storeOn(second);
      const key = `event:${randomUUID()}`;
      expect(await onA.claim(key, 60_000)).toBe(true);
      expect(await onA.claim(key, 60_000)).toBe(false);
      expect(await onB.claim(key, 60_000)).toBe(false);
      expect(await onB.claim(`event:${randomUUID()}`, 60_000)).toBe(true);
    });

    it('gives a key to exactly one of many simultaneous claims from two instances', async () => {
      const stores = [storeOn(first), storeOn(second)];
      for (let round = 0; round < 5; round += 1) {
        const key = `event:${randomUUID()}`;
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, index) => stores[index % 2]!.claim(key, 60_000)),
        );
        expect(results.filter(Boolean), `round ${round}`).toHaveLength(1);
      }
    });

    it('holds a key until it expires, then lets it be claimed again before any cleanup ran', async () => {
      // A cleanup interval longer than the test: only the claim's own expiry check is at work.
      const store = storeOn(first, { cleanupIntervalMs: 3_600_000 });
      const key = `signature:v0=${'a'.repeat(64)}`;
      expect(await store.claim(key, 1000)).toBe(true);
      clock = START + 999;
      expect(await store.claim(key, 1000)).toBe(false);
      clock = START + 1000;
      expect(await store.claim(key, 1000)).toBe(true);
      // The new claim holds for its own time from now.
      clock = START + 1999;
      expect(await storeOn(second).claim(key, 1000)).toBe(false);
      expect((await rows()).map((row) => Number(row.expires_at))).toEqual([START + 2000]);
    });

    it('forgets a released key, so that a retry gets through', async () => {
      const onA = storeOn(first);
      const key = `event:${randomUUID()}`;
      expect(await onA.claim(key, 60_000)).toBe(true);
      await onA.release(key);
      expect(await storeOn(second).claim(key, 60_000)).toBe(true);
      await onA.release(`event:${randomUUID()}`);
    });

    it('deletes only expired keys, and reports how many', async () => {
      const store = storeOn(first, { cleanupIntervalMs: 3_600_000 });
      await store.claim('event:short-1', 1000);
      await store.claim('event:short-2', 2000);
      await store.claim('event:long', 60_000);
      clock = START + 2000;
      expect(await store.deleteExpired()).toBe(2);
      expect((await rows()).map((row) => row.key)).toEqual(['event:long']);
      expect(await store.claim('event:long', 60_000)).toBe(false);
      expect(await store.deleteExpired()).toBe(0);
    });

    it('cleans up expired keys by itself, at most once per interval', async () => {
      const store = storeOn(first, { cleanupIntervalMs: 10_000 });
      await store.claim('event:old', 1000);
      clock = START + 5000;
      // Within the interval of the first claim's cleanup: the expired row stays.
      await store.claim('event:new-1', 60_000);
      expect((await rows()).map((row) => row.key)).toEqual(['event:new-1', 'event:old']);
      clock = START + 10_000;
      await store.claim('event:new-2', 60_000);
      expect((await rows()).map((row) => row.key)).toEqual(['event:new-1', 'event:new-2']);
    });
  });
}
