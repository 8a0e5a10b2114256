import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from './config.js';
import type { Database } from './core/database/database.js';
import { createSettingsStore } from './core/settings/settings-store.js';

const TOKEN_SECRET_SETTING = 'token_secret';

const generateSecret = () => randomBytes(32).toString('base64url');

/**
 * TOKEN_SECRET, or one generated once so tokens survive restarts without anyone having to invent
 * a secret. On PostgreSQL several instances share the database, so the generated secret is a
 * settings row created by the first instance and read by all (a per-instance file would make a
 * token issued by one instance fail on the next). On SQLite it is a file beside the database.
 */
export async function loadTokenSecret(config: Config, database: Database): Promise<string> {
  if (config.TOKEN_SECRET) return config.TOKEN_SECRET;
  if (database.dialect === 'postgres')
    return createSettingsStore(database).getOrCreate(TOKEN_SECRET_SETTING, generateSecret);
  if (!config.DATABASE_URL.startsWith('sqlite:')) return generateSecret();
  const dataDirectory = dataDirectoryOf(config.DATABASE_URL);
  if (dataDirectory === null) return generateSecret();
  const path = join(dataDirectory, 'token-secret');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    mkdirSync(dataDirectory, { recursive: true });
    const secret = generateSecret();
    // 'wx' fails if another process created it first; then read theirs.
    try {
      writeFileSync(path, `${secret}\n`, { flag: 'wx', mode: 0o600 });
      return secret;
    } catch {
      return readFileSync(path, 'utf8').trim();
    }
  }
}

/** The SQLite file's folder, null for an in-memory database (tests). */
function dataDirectoryOf(databaseUrl: string): string | null {
  const path = databaseUrl.slice('sqlite:'.length).replace(/^\/\//, '');
  if (path === ':memory:') return null;
  return dirname(path);
}
