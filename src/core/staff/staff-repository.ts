import type { Kysely } from 'kysely';
import type { TimestampColumn } from '../database/column-types.js';
import { decodeTimestamp } from '../database/column-types.js';
import type { Database } from '../database/database.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import type { StaffAccount } from './staff-account.js';

type StaffTables = {
  staff_accounts: {
    name_key: string;
    name: string;
    password_hash: string;
    created_at: TimestampColumn;
  };
};

/** The staff module's data access: named accounts with scrypt password hashes. */
export interface StaffRepository {
  /** False when an account with that name (any case) exists already. */
  add(input: { name: string; password: string }): Promise<boolean>;
  list(): Promise<StaffAccount[]>;
  /** How many accounts exist (zero means nobody can log in without OPS_TOKEN). */
  count(): Promise<number>;
  /** False when there was no such account. */
  remove(name: string): Promise<boolean>;
  find(name: string): Promise<StaffAccount | undefined>;
  /** The account when name and password match; undefined otherwise (also for unknown names). */
  authenticate(name: string, password: string): Promise<StaffAccount | undefined>;
}

const nameKey = (name: string) => name.trim().normalize('NFC').toLocaleLowerCase('en');

/** Checked against when the name is unknown, so that a wrong name costs as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

export function createStaffRepository(database: Database): StaffRepository {
  const db: Kysely<StaffTables> = database.kysely.withTables<StaffTables>();
  const toAccount = (row: { name: string; created_at: unknown }): StaffAccount => ({
    name: row.name,
    createdAt: decodeTimestamp(row.created_at as string | Date),
  });

  return {
    async add({ name, password }) {
      const passwordHash = await hashPassword(password);
      try {
        await db
          .insertInto('staff_accounts')
          .values({
            name_key: nameKey(name),
            name: name.trim().normalize('NFC'),
            password_hash: passwordHash,
            created_at: new Date().toISOString(),
          })
          .execute();
        return true;
      } catch (error) {
        if (database.isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async list() {
      const rows = await db
        .selectFrom('staff_accounts')
        .select(['name', 'created_at'])
        .orderBy('name_key')
        .execute();
      return rows.map(toAccount);
    },
    async count() {
      const row = await db
        .selectFrom('staff_accounts')
        .select((eb) => eb.fn.countAll<number | string | bigint>().as('accounts'))
        .executeTakeFirstOrThrow();
      return Number(row.accounts);
    },
    async remove(name) {
      const result = await db
        .deleteFrom('staff_accounts')
        .where('name_key', '=', nameKey(name))
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async find(name) {
      const row = await db
        .selectFrom('staff_accounts')
        .select(['name', 'created_at'])
        .where('name_key', '=', nameKey(name))
        .executeTakeFirst();
      return row === undefined ? undefined : toAccount(row);
    },
    async authenticate(name, password) {
      const row = await db
        .selectFrom('staff_accounts')
        .select(['name', 'created_at', 'password_hash'])
        .where('name_key', '=', nameKey(name))
        .executeTakeFirst();
      if (row === undefined) {
        decoyHash ??= hashPassword('parley-decoy-password');
        await verifyPassword(password, await decoyHash);
        return undefined;
      }
      return (await verifyPassword(password, row.password_hash)) ? toAccount(row) : undefined;
    },
  };
}
