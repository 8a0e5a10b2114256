import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

function newestModification(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs,
    );
  }
  return newest;
}

/**
 * The fleet and end-to-end tests run `node dist/server.js` as production does; a dist/ older
 * than src/ would test yesterday's code, so it is rebuilt first when stale.
 */
export default function ensureBuilt(): void {
  const server = join(ROOT, 'dist/server.js');
  if (existsSync(server) && statSync(server).mtimeMs >= newestModification(join(ROOT, 'src')))
    return;
  process.stdout.write('dist/ is older than src/: running npm run build for the process tests\n');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}
