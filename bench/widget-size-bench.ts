/*
 * Sizes of what a page downloads for the widget. Usage:
 *   npm run bench:widget-size        (builds the widget first)
 * Prints raw, gzip (level 9) and brotli sizes of every widget script in dist/widget (not the demo page's), checks the budget
 * (the script a page loads first: at most 20 KB gzipped; exits 1 when over), and, for the
 * record, what marked + DOMPurify would add if the widget used them instead of its own renderer.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const WIDGET_DIR = join(ROOT, 'dist/widget');
const FIRST_LOAD_BUDGET_BYTES = 20 * 1024;

const gzip = (content: Uint8Array) => gzipSync(content, { level: 9 }).length;
const brotli = (content: Uint8Array) =>
  brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(9);

execFileSync(process.execPath, [join(ROOT, 'scripts/build-widget.mjs')], {
  cwd: ROOT,
  stdio: 'inherit',
});

console.log(
  `\n${'file'.padEnd(34)}${'raw'.padStart(9)}${'gzip'.padStart(9)}${'brotli'.padStart(9)}`,
);
const scripts = readdirSync(WIDGET_DIR, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.js') && !name.startsWith('demo'))
  .sort();
for (const name of scripts) {
  const content = readFileSync(join(WIDGET_DIR, name));
  console.log(
    `${`dist/widget/${name}`.padEnd(34)}${kilobytes(content.length)}${kilobytes(gzip(content))}${kilobytes(brotli(content))}`,
  );
}

// The alternative that was measured and rejected: a general Markdown parser plus a sanitizer.
const alternative = await build({
  stdin: {
    contents:
      "import { marked } from 'marked'; import DOMPurify from 'dompurify'; (globalThis as any).render = (text: string) => DOMPurify.sanitize(marked.parse(text) as string);",
    loader: 'ts',
    resolveDir: ROOT,
  },
  bundle: true,
  minify: true,
  format: 'iife',
  write: false,
  logLevel: 'silent',
});
const alternativeCode = alternative.outputFiles[0]?.contents ?? new Uint8Array();
console.log(
  `${'(not shipped) marked + DOMPurify'.padEnd(34)}${kilobytes(alternativeCode.length)}${kilobytes(gzip(alternativeCode))}${kilobytes(brotli(alternativeCode))}`,
);

const firstLoad = gzip(readFileSync(join(WIDGET_DIR, 'widget.js')));
const verdict = firstLoad <= FIRST_LOAD_BUDGET_BYTES ? 'within' : 'OVER';
console.log(
  `\nFirst load (widget.js, the whole widget): ${firstLoad} bytes gzipped, ${verdict} the ${FIRST_LOAD_BUDGET_BYTES}-byte budget.`,
);
if (firstLoad > FIRST_LOAD_BUDGET_BYTES) process.exit(1);
