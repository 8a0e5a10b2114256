/**
 * Dev aid: routes every case of a JSONL evaluation set with the routing module directly (no
 * server, no models) and prints tier accuracy and per-reason precision/recall.
 *
 *   npx tsx scripts/eval-routing-offline.ts [file.jsonl] [--misses] [--cross-language=none|english|all]
 *
 * Default file: test/fixtures/routing/routing-dev.jsonl. Cases without `retrieval` get
 * {topScore: 0.8, relevantCount: 3} (the knowledge base covers the question).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  evaluateRouting,
  parseRoutingCases,
  signalsOfCase,
} from '../src/core/routing/evaluate-routing.js';
import { createRouter, type RouterOptions } from '../src/core/routing/route-turn.js';

const args = process.argv.slice(2);
const file = resolve(
  args.find((arg) => !arg.startsWith('--')) ??
    fileURLToPath(new URL('../test/fixtures/routing/routing-dev.jsonl', import.meta.url)),
);
const showMisses = args.includes('--misses');
const crossLanguage = args
  .find((arg) => arg.startsWith('--cross-language='))
  ?.split('=')[1] as RouterOptions['crossLanguage'];

const router = createRouter(crossLanguage ? { crossLanguage } : {});
const cases = parseRoutingCases(readFileSync(file, 'utf8'));
const result = evaluateRouting(cases, router.route);
const percent = (value: number | null) =>
  value === null ? '   -  ' : `${(value * 100).toFixed(1).padStart(5)}%`;

console.log(`${file}: ${result.total} cases`);
console.log(
  `tier accuracy    ${percent(result.tierAccuracy)} (${result.tierCorrect}/${result.total})`,
);
console.log(
  `reason precision ${percent(result.reasonPrecision)}   reason recall ${percent(result.reasonRecall)}`,
);
console.log('\nreason               precision  recall   tp  fp  fn');
for (const [reason, score] of Object.entries(result.perReason)) {
  console.log(
    `${reason.padEnd(20)} ${percent(score.precision)}   ${percent(score.recall)} ${String(score.truePositives).padStart(4)}${String(score.falsePositives).padStart(4)}${String(score.falseNegatives).padStart(4)}`,
  );
}
console.log(
  `\n${result.misses.length} case(s) with a different tier or reason set${showMisses ? ':' : ' (--misses to list them)'}`,
);
if (showMisses) {
  for (const { routingCase } of result.misses) {
    const explained = router.explain(signalsOfCase(routingCase));
    console.log(`\n[${routingCase.lang}] ${routingCase.text}`);
    console.log(
      `  expected ${routingCase.tier} [${routingCase.reasons.join(', ')}]  got ${explained.tier} [${explained.reasons.join(', ')}]`,
    );
    for (const item of [...explained.evidence, ...explained.overruled])
      console.log(
        `  - ${item.reason}${item.language ? ` (${item.language})` : ''}: ${item.detail}`,
      );
  }
}
