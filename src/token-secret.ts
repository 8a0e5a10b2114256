import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from './config.js';

/**
 * TOKEN_SECRET, or a random one generated on first start and kept in the data directory, so
 * tokens survive restarts without anyone having to invent a secret for the embedded defaults.
 */
export function loadTokenSecret(config: Config): string {
  if (config.TOKEN_SECRET) return config.TOKEN_SECRET;
  const dataDirectory = dataDirectoryOf(config.DATABASE_URL);
  if (dataDirectory === null) return randomBytes(32).toString('base64url');
  const path = join(dataDirectory, 'token-secret');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    mkdirSync(dataDirectory, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    // 'wx' fails if another process created it first; then read theirs.
    try {
      writeFileSync(path, `${secret}\n`, { flag: 'wx', mode: 0o600 });
      return secret;
    } catch {
      return readFileSync(path, 'utf8').trim();
    }
  }
}

/** The SQLite file's folder, ./data for PostgreSQL, null for an in-memory database (tests). */
function dataDirectoryOf(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('sqlite:')) return './data';
  const path = databaseUrl.slice('sqlite:'.length).replace(/^\/\//, '');
  if (path === ':memory:') return null;
  return dirname(path);
}
