// Bundles the embeddable widget (widget/src → dist/widget/widget.js), writes precompressed
// copies for the asset route, and copies the demo page. `npm run build` runs it after tsc.

import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist/widget');
const localesDir = join(root, 'locales/widget');

/** Every language must have exactly the English keys, or a label would silently be missing. */
async function checkLocales() {
  const files = (await readdir(localesDir)).filter((name) => name.endsWith('.json')).sort();
  const reference = Object.keys(
    JSON.parse(await readFile(join(localesDir, 'en.json'), 'utf8')),
  ).sort();
  const problems = [];
  for (const file of files) {
    const strings = JSON.parse(await readFile(join(localesDir, file), 'utf8'));
    const keys = Object.keys(strings).sort();
    const missing = reference.filter((key) => !keys.includes(key));
    const extra = keys.filter((key) => !reference.includes(key));
    const empty = keys.filter(
      (key) => typeof strings[key] !== 'string' || strings[key].trim() === '',
    );
    if (missing.length || extra.length || empty.length)
      problems.push(`${file}: missing [${missing}] extra [${extra}] empty [${empty}]`);
  }
  for (const language of ['en', 'fr', 'de', 'es', 'it'])
    if (!files.includes(`${language}.json`)) problems.push(`${language}.json is missing`);
  if (problems.length)
    throw new Error(`Widget locales are inconsistent:\n  ${problems.join('\n  ')}`);
}

/** Write-then-rename: a server (or a parallel test run) never reads a half-written file. */
async function writeAtomically(path, content) {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

await checkLocales();
const result = await build({
  entryPoints: [join(root, 'widget/src/main.ts')],
  outfile: join(outDir, 'widget.js'),
  bundle: true,
  format: 'iife',
  minify: true,
  // Browsers from 2021 on (Shadow DOM, fetch body streams); esbuild treats Safari 14's destructuring as buggy.
  target: ['es2020', 'chrome90', 'firefox90', 'safari15', 'edge90'],
  sourcemap: 'external',
  legalComments: 'none',
  tsconfig: join(root, 'widget/tsconfig.json'),
  logLevel: 'warning',
  write: false,
});
let script = Buffer.alloc(0);
for (const file of result.outputFiles) {
  if (file.path.endsWith('widget.js')) script = Buffer.from(file.contents);
  await writeAtomically(file.path, file.contents);
}
await writeAtomically(join(outDir, 'widget.js.gz'), gzipSync(script, { level: 9 }));
await writeAtomically(
  join(outDir, 'widget.js.br'),
  brotliCompressSync(script, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
);
for (const name of await readdir(join(root, 'widget/demo'))) {
  await writeAtomically(
    join(outDir, 'demo', name),
    await readFile(join(root, 'widget/demo', name)),
  );
}
console.log(
  `widget: dist/widget/widget.js ${script.length} bytes, ${gzipSync(script, { level: 9 }).length} gzipped`,
);
