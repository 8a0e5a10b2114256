import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, type Generated, Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GroupCommitSqliteDialect,
  type GroupCommitStats,
} from '../../../src/core/storage/group-commit-sqlite-dialect.js';
import type { SqliteGroupCommit } from '../../../src/core/storage/sqlite-group-commit.js';

interface TestDatabase {
  notes: { id: Generated<number>; text: string };
}

describe('SQLite group commit', () => {
  let directory: string;
  let path: string;
  let db: Kysely<TestDatabase>;
  let stats: GroupCommitStats;
  let groupCommit: SqliteGroupCommit;
  /** A second connection: it sees only what was committed. */
  let observer: Database.Database;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'parley-group-commit-'));
    path = join(directory, 'test.db');
    const database = new Database(path);
    database.pragma('journal_mode = WAL');
    stats = { units: 0, commits: 0 };
    const dialect = new GroupCommitSqliteDialect({ database, stats });
    groupCommit = dialect.groupCommit;
    db = new Kysely<TestDatabase>({ dialect });
    await sql`create table notes (id integer primary key, text text not null unique)`.execute(db);
    observer = new Database(path, { readonly: true });
  });

  afterEach(async () => {
    observer.close();
    await db.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  const insert = (text: string) =>
    db
      .transaction()
      .execute((transaction) => transaction.insertInto('notes').values({ text }).execute());
  const committedTexts = () =>
    (observer.prepare('select text from notes order by id').all() as Array<{ text: string }>).map(
      (row) => row.text,
    );

  it('makes transactions that arrive together durable with one COMMIT', async () => {
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map(insert));
    expect(stats).toEqual({ units: 5, commits: 1 });
    expect(committedTexts()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('resolves a transaction only once another connection can read it', async () => {
    const seenAtResolution: string[][] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((text) =>
        insert(text).then(() => seenAtResolution.push(committedTexts())),
      ),
    );
    for (const seen of seenAtResolution) expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('rolls back only the transaction that failed, not the others in its batch', async () => {
    await insert('taken');
    const results = await Promise.allSettled([insert('first'), insert('taken'), insert('last')]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(committedTexts()).toEqual(['taken', 'first', 'last']);
  });

  it('waits for the COMMIT also for a plain statement that ran inside an open batch', async () => {
    const transaction = insert('in a transaction');
    const statement = db.insertInto('notes').values({ text: 'plain' }).execute();
    await statement;
    expect(committedTexts()).toEqual(['in a transaction', 'plain']);
    await transaction;
  });

  it('fails every transaction of a batch that SQLite rolled back, and then works again', async () => {
    const earlier = insert('written before the failure');
    const failing = db.transaction().execute(async (transaction) => {
      await transaction.insertInto('notes').values({ text: 'doomed' }).execute();
      // What SQLite does by itself after some I/O errors: the whole open transaction is gone.
      await sql`rollback`.execute(transaction);
      throw new Error('the disk failed');
    });
    await expect(failing).rejects.toThrow('the disk failed');
    await expect(earlier).rejects.toThrow(/rolled back the open write batch/);
    expect(committedTexts()).toEqual([]);

    await insert('after the failure');
    expect(committedTexts()).toEqual(['after the failure']);
  });

  const unitInsert = (text: string) => ({
    query: CompiledQuery.raw('insert into notes (text) values (?)', [text]),
  });

  it('commits write units that arrive together with one COMMIT, with Kysely transactions, and answers them once readable', async () => {
    const seen: string[][] = [];
    await Promise.all([
      groupCommit.unit([unitInsert('a')]).then(() => seen.push(committedTexts())),
      insert('b').then(() => seen.push(committedTexts())),
      groupCommit.unit([unitInsert('c'), unitInsert('d')]).then(() => seen.push(committedTexts())),
    ]);
    expect(stats).toEqual({ units: 3, commits: 1 });
    for (const texts of seen) expect(texts).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rolls back a failing unit alone, its earlier statements included, and builds the error a statement asked for', async () => {
    await groupCommit.unit([unitInsert('taken')]);
    const results = await Promise.allSettled([
      groupCommit.unit([unitInsert('half'), unitInsert('taken')]),
      groupCommit.unit([unitInsert('kept')]),
      groupCommit.unit([
        unitInsert('also half'),
        {
          query: CompiledQuery.raw('update notes set text = text where text = ?', ['nobody']),
          requireRow: () => new Error('no such note'),
        },
      ]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(String((results[2] as PromiseRejectedResult).reason)).toBe('Error: no such note');
    expect(committedTexts()).toEqual(['taken', 'kept']);
  });

  /** A Kysely transaction that inserts `text`, then holds the connection until `release()`; `afterRelease` ends it. */
  async function transactionHeldOpen(text: string, afterRelease: () => void = () => {}) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const transaction = db.transaction().execute(async (trx) => {
      await trx.insertInto('notes').values({ text }).execute();
      await released;
      afterRelease();
    });
    // Long enough for it to have taken the connection and written.
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { transaction, release };
  }

  it('runs a unit after the Kysely transaction holding the connection, never inside it', async () => {
    const { transaction, release } = await transactionHeldOpen('inside', () => {
      throw new Error('changed my mind');
    });
    const unit = groupCommit.unit([unitInsert('meanwhile')]);
    release();
    await expect(transaction).rejects.toThrow('changed my mind');
    await unit;
    expect(committedTexts()).toEqual(['meanwhile']);
  });

  it('lets the transaction in progress finish and commits its batch when the database is closed', async () => {
    const { transaction: inProgress, release } = await transactionHeldOpen('last words');
    const closing = db.destroy();
    release();
    await Promise.all([inProgress, closing]);
    expect(committedTexts()).toEqual(['last words']);
    db = new Kysely<TestDatabase>({
      dialect: new GroupCommitSqliteDialect({ database: new Database(path) }),
    });
  });
});
