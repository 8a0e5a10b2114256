import type { Database } from '../database/database.js';

type SettingsTables = {
  settings: { key: string; value: string; created_at: string };
};

/** Shared values of a fleet (settings-migrations.ts), e.g. the generated token secret. */
export interface SettingsStore {
  /**
   * The stored value of `key`, or `create()`'s stored now. When instances race, the first insert
   * wins and every instance returns that one (the primary key decides, not a read-then-write).
   */
  getOrCreate(key: string, create: () => string): Promise<string>;
}

export function createSettingsStore(database: Database): SettingsStore {
  const db = database.kysely.withTables<SettingsTables>();
  const read = async (key: string) =>
    (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())
      ?.value;
  return {
    async getOrCreate(key, create) {
      const existing = await read(key);
      if (existing !== undefined) return existing;
      await db
        .insertInto('settings')
        .values({ key, value: create(), created_at: new Date().toISOString() })
        .onConflict((conflict) => conflict.column('key').doNothing())
        .execute();
      const stored = await read(key);
      if (stored === undefined) throw new Error(`The setting "${key}" could not be stored`);
      return stored;
    },
  };
}
