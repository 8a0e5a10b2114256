// Bundles the server (src/server.ts → dist/server.js, shared and lazy chunks in dist/chunks/) with
// esbuild: loading ~255 separate module files cost ~400 ms of startup (kysely alone is 280 ESM
// files), one bundle a fraction of that (issue 15). `npm run build` runs it after tsc, whose
// dist/server.js it replaces; tsc's other files stay for the CLI (dist/cli.js imports this bundle
// for `parley serve`) and the benchmarks. Dynamic imports stay lazy chunks: a server on the
// embedded defaults never loads the Bedrock adapters, Slack, PostgreSQL, franc or marked.
//   node scripts/bundle-server.mjs
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');

/**
 * Left in node_modules: native addons (better-sqlite3), packages that read files beside their own
 * code (eld's n-gram databases, swagger-ui-dist's assets), and the large SDKs and drivers that only
 * optional features load (AWS SDK with its Smithy runtime, Slack Bolt, pg, ioredis): bundling those
 * buys no startup time and would copy classes that the SDKs also load from node_modules.
 */
const EXTERNAL = [
  'better-sqlite3',
  'eld',
  'swagger-ui-dist',
  '@aws-sdk/*',
  '@smithy/*',
  '@slack/*',
  'pg',
  'ioredis',
];

// Chunk names carry a content hash: clear yesterday's so they do not pile up.
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { server: 'src/server.ts' },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  // CommonJS packages inside the bundle call require() for Node's built-ins. The alias keeps the
  // banner's import apart from the bundle's own (api-reference-routes.ts imports createRequire).
  banner: {
    js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);",
  },
  // Maps to src/*.ts for `node --enable-source-maps dist/server.js`; without that flag a stack
  // trace names dist/server.js or a chunk, whose code keeps its names and `// src/...` markers.
  sourcemap: true,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
});

// Which sources and packages each output file holds: test/integration/process/lazy-modules.test.ts
// reads it to tell which packages a running server has loaded.
writeFileSync(join(outdir, 'server-bundle.meta.json'), JSON.stringify(result.metafile));

const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
const bytes = outputs.reduce((total, [, output]) => total + output.bytes, 0);
console.log(
  `server: dist/server.js and ${outputs.length - 1} chunks in dist/chunks, ${Math.round(bytes / 1024)} KiB`,
);
