// Runs `npm run build` only when dist/ is missing or older than a source it is built from, so a
// second `npm start` starts at once and the process tests never run yesterday's code.
//   node scripts/build-if-stale.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(import.meta.dirname, '..');
const SOURCES = [
  'src',
  'widget/src',
  'widget/demo',
  'locales/widget',
  'inbox/src',
  'scripts/bundle-server.mjs',
  'scripts/build-widget.mjs',
  'scripts/build-inbox.mjs',
  'tsconfig.json',
  'tsconfig.build.json',
];
const OUTPUTS = [
  'dist/server.js',
  'dist/widget/widget.js',
  'dist/widget/demo/index.html',
  'dist/inbox/inbox.js',
];

function newestModification(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path))
    newest = Math.max(newest, newestModification(join(path, entry)));
  return newest;
}

export function isBuildStale() {
  const outputs = OUTPUTS.map((output) => join(ROOT, output));
  if (!outputs.every(existsSync)) return true;
  const oldestOutput = Math.min(...outputs.map((output) => statSync(output).mtimeMs));
  const newestSource = Math.max(...SOURCES.map((source) => newestModification(join(ROOT, source))));
  return newestSource > oldestOutput;
}

export function buildIfStale() {
  if (!isBuildStale()) return false;
  process.stderr.write('dist/ is missing or older than the sources: npm run build\n');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildIfStale();
