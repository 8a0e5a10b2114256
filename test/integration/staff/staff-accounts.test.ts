import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src/core/staff/password-hash.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { AUTHORIZATION, OPS_TOKEN } from '../ops/ops-test-support.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/** `parley staff …` as a real process (tsx, as `npm run cli` does), with stdin when given. */
async function parley(databaseUrl: string, args: string[], stdin?: string) {
  const child = execFile(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'staff', ...args],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  child.stdin?.end(stdin ?? '');
  const code = await new Promise<number>((done) => child.on('close', (exit) => done(exit ?? -1)));
  return { code, ...output };
}

describe('scrypt password hashes', { timeout: 60_000 }, () => {
  it('verifies the right password only, and salts every hash', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse batterY', first)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'scrypt$1$2$3$x$y')).toBe(false);
  });
});

describe('parley staff (command line, real process)', () => {
  const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'parley-staff-')), 'parley.db')}`;

  it('adds with a generated password printed once, lists, refuses a duplicate, removes', async () => {
    const added = await parley(databaseUrl, ['add', 'Marie Curie']);
    expect(added.code).toBe(0);
    const password = added.stdout.trim().split('\n').at(-1) ?? '';
    expect(password).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const fromStdin = await parley(
      databaseUrl,
      ['add', 'Léa', '--password-stdin'],
      'a long enough password\n',
    );
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).not.toContain('a long enough password');

    const tooShort = await parley(databaseUrl, ['add', 'Bob', '--password-stdin'], 'short\n');
    expect(tooShort.code).toBe(2);
    expect(tooShort.stderr).toMatch(/at least 12 characters/);

    const duplicate = await parley(databaseUrl, ['add', 'marie curie']);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/exists already/);

    const listed = await parley(databaseUrl, ['list']);
    expect(listed.stdout.split('\n').map((line) => line.split('\t')[0])).toEqual([
      'Léa',
      'Marie Curie',
      '',
    ]);
    expect(listed.stdout).not.toContain(password);

    expect((await parley(databaseUrl, ['remove', 'Marie Curie'])).code).toBe(0);
    const missing = await parley(databaseUrl, ['remove', 'Marie Curie']);
    expect(missing.code).toBe(1);
    expect((await parley(databaseUrl, ['list'])).stdout).not.toContain('Marie');
  }, 120_000);
});

describe('/ops login with a staff account', { timeout: 60_000 }, () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ OPS_TOKEN });
    await test.services.staff.add({ name: 'Marie', password: 'marie-password-123' });
  }, 120_000);
  afterAll(async () => {
    await test?.close();
  });

  const login = (fields: Record<string, string>) =>
    test.app.inject({
      method: 'POST',
      url: '/ops/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });

  it('refuses a wrong password, an unknown name, and the ops token given as a staff password', async () => {
    for (const fields of [
      { name: 'Marie', token: 'marie-password-12' },
      { name: 'Nobody', token: 'marie-password-123' },
      { name: 'Marie', token: OPS_TOKEN },
    ]) {
      const response = await login(fields);
      expect(response.statusCode).toBe(401);
      expect(response.body).toContain('do not match a staff account');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('logs in by name (any case): the session names the staff member and ends when the account is removed', async () => {
    const response = await login({
      name: 'marie',
      token: 'marie-password-123',
      next: '/ops/inbox',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/ops/inbox');
    const cookie = String(response.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toMatch(/^parley_ops=\d+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(cookie).not.toContain('marie-password');
    const authorized = await test.app.inject({
      method: 'GET',
      url: '/ops/stats',
      headers: { cookie },
    });
    expect(authorized.statusCode).toBe(200);

    // Someone renaming themselves in the cookie breaks the signature.
    const [expiry, , signature] = cookie.slice('parley_ops='.length).split('.');
    const forged = `parley_ops=${expiry}.${Buffer.from('Boss').toString('base64url')}.${signature}`;
    expect(
      (await test.app.inject({ method: 'GET', url: '/ops/stats', headers: { cookie: forged } }))
        .statusCode,
    ).toBe(401);

    await test.services.staff.remove('Marie');
    expect(
      (await test.app.inject({ method: 'GET', url: '/ops/stats', headers: { cookie } })).statusCode,
    ).toBe(401);
    await test.services.staff.add({ name: 'Marie', password: 'marie-password-123' });
  });

  it('keeps the ops token working, as a bearer header and in the form without a name', async () => {
    expect(
      (await test.app.inject({ method: 'GET', url: '/ops/stats', headers: AUTHORIZATION }))
        .statusCode,
    ).toBe(200);
    expect((await login({ token: OPS_TOKEN })).statusCode).toBe(303);
  });
});
