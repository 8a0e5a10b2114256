import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer, waitUntilReady } from './fleet-harness.js';

describe('SQLite serves one server process', () => {
  const directory = mkdtempSync(join(tmpdir(), 'parley-sqlite-lock-'));
  const environment = {
    DATABASE_URL: `sqlite:${join(directory, 'parley.db')}`,
    TOKEN_SECRET: 'fleet-test-secret-fleet-test-secret-0001',
  };
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const server of servers) server.kill('SIGKILL');
    await Promise.all(servers.map((server) => server.exited));
    rmSync(directory, { recursive: true, force: true });
  });

  it('stops a second server on the same file naming PostgreSQL, and frees the file when the first dies', async () => {
    const first = await startServer('first', environment);
    servers.push(first);
    await waitUntilReady(first);

    const second = await startServer('second', environment);
    servers.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/Another Parley server already uses the SQLite database/);
    expect(second.output()).toMatch(/PostgreSQL/);

    // kill -9 leaves no stale lock: the operating system drops it with the process.
    first.kill('SIGKILL');
    await first.exited;
    const third = await startServer('third', environment);
    servers.push(third);
    await waitUntilReady(third);
  }, 60_000);
});
