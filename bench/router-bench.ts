/**
 * Router speed: microseconds per message over every labelled routing set in the repository
 * (test/fixtures/routing/*.jsonl and test/unit/routing/routing-*.jsonl), router alone, one
 * message at a time, after one warm-up pass (the first pass compiles the lexicons' regexes).
 *
 *   npm run bench:router [-- --passes 20] [-- --baseline /path/to/another/checkout]
 *
 * `--baseline` measures that checkout's router (its src/core/routing/route-turn.ts) on the same
 * messages in the same process, interleaved pass by pass, so both see the same machine load.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseRoutingCases, signalsOfCase } from '../src/core/routing/evaluate-routing.js';
import { createRouter } from '../src/core/routing/route-turn.js';
import type { RoutingSignals } from '../src/core/routing/routing-decision.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { passes: { type: 'string', default: '20' }, baseline: { type: 'string' } },
});
const passes = Number(values.passes);

function labelledFiles(): string[] {
  const fixtures = join(ROOT, 'test/fixtures/routing');
  const unit = join(ROOT, 'test/unit/routing');
  return [
    ...readdirSync(fixtures)
      .filter((name) => name.endsWith('.jsonl'))
      .map((name) => join(fixtures, name)),
    ...readdirSync(unit)
      .filter((name) => name.startsWith('routing-') && name.endsWith('.jsonl'))
      .map((name) => join(unit, name)),
  ];
}

const messages: RoutingSignals[] = labelledFiles().flatMap((file) =>
  parseRoutingCases(readFileSync(file, 'utf8')).map(signalsOfCase),
);

type Route = (signals: RoutingSignals) => unknown;
interface Target {
  name: string;
  route: Route;
  samples: number[];
}

const targets: Target[] = [
  { name: 'this checkout', route: createRouter().route, samples: [] },
  // The same router without its classifier: what the lexicon tables alone cost.
  { name: 'tables only', route: createRouter({ classifier: null }).route, samples: [] },
];
if (values.baseline) {
  const moduleUrl = pathToFileURL(resolve(values.baseline, 'src/core/routing/route-turn.ts')).href;
  const baseline = (await import(moduleUrl)) as { createRouter: () => { route: Route } };
  targets.push({
    name: `baseline (${values.baseline})`,
    route: baseline.createRouter().route,
    samples: [],
  });
}

// A fresh copy of the turn for every call: the router remembers its reading of a signals object (the
// pipeline asks route() and smallTalk() about the same turn), and a repeated object would time that
// memory instead of the routing.
for (const target of targets) for (const signals of messages) target.route({ ...signals });
for (let pass = 0; pass < passes; pass += 1) {
  // Alternate which router goes first, so neither always runs on the heap the other left behind.
  for (const target of pass % 2 === 0 ? targets : [...targets].reverse()) {
    for (const signals of messages) {
      const turn = { ...signals };
      const start = process.hrtime.bigint();
      target.route(turn);
      target.samples.push(Number(process.hrtime.bigint() - start) / 1_000);
    }
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

console.log(
  `router: ${messages.length} labelled messages (${labelledFiles().length} sets) × ${passes} passes, after one warm-up pass\n`,
);
console.log('target                         mean µs   p50 µs   p99 µs   max µs   messages/s');
for (const target of targets) {
  const sorted = [...target.samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  console.log(
    `${target.name.slice(0, 30).padEnd(30)} ${mean.toFixed(1).padStart(8)} ${quantile(sorted, 0.5).toFixed(1).padStart(8)} ${quantile(sorted, 0.99).toFixed(1).padStart(8)} ${sorted.at(-1)?.toFixed(0).padStart(8)} ${Math.round(
      1_000_000 / mean,
    )
      .toLocaleString('en')
      .padStart(12)}`,
  );
}
