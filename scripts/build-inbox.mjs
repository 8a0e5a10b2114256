// Bundles the staff inbox page's script (inbox/src → dist/inbox/inbox.js). `npm run build` runs it.

import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'dist/inbox/inbox.js');

const result = await build({
  entryPoints: [join(root, 'inbox/src/main.ts')],
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020', 'chrome90', 'firefox90', 'safari15', 'edge90'],
  legalComments: 'none',
  tsconfig: join(root, 'inbox/tsconfig.json'),
  logLevel: 'warning',
  write: false,
});
const [file] = result.outputFiles;
// Write-then-rename: a server (or a parallel test run) never reads a half-written file.
await mkdir(dirname(outFile), { recursive: true });
const temporary = `${outFile}.${process.pid}.tmp`;
await writeFile(temporary, file.contents);
await rename(temporary, outFile);
console.log(`inbox: dist/inbox/inbox.js ${file.contents.length} bytes`);
