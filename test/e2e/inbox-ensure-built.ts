import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCES = ['inbox/src', 'scripts/build-inbox.mjs'];

function newestModification(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(
    info.mtimeMs,
    ...readdirSync(path).map((name) => newestModification(join(path, name))),
  );
}

/** Builds dist/inbox/inbox.js when it is missing or older than its sources. */
export function ensureInboxBuilt(): void {
  let builtAt = 0;
  try {
    builtAt = statSync(join(ROOT, 'dist/inbox/inbox.js')).mtimeMs;
  } catch {
    builtAt = 0;
  }
  const sourcesAt = Math.max(...SOURCES.map((source) => newestModification(join(ROOT, source))));
  if (builtAt < sourcesAt)
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-inbox.mjs')], {
      cwd: ROOT,
      stdio: 'pipe',
    });
}
