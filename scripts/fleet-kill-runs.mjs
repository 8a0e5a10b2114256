#!/usr/bin/env node
/**
 * Runs the fleet's kill -9 test (test/fleet/fleet.test.ts) several times and prints, per run, the
 * line the test logs: acknowledged messages lost, events missed by reconnecting clients and
 * duplicate answers. Needs PostgreSQL and Redis as the fleet test does.
 *
 *   node scripts/fleet-kill-runs.mjs [runs]   (default 3)
 */
import { spawnSync } from 'node:child_process';

const runs = Number(process.argv[2] ?? 3);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(
    'usage: node scripts/fleet-kill-runs.mjs [runs]   (runs: a whole number, at least 1)',
  );
  process.exit(2);
}

let failed = 0;
for (let run = 1; run <= runs; run += 1) {
  const result = spawnSync(
    'npx',
    ['vitest', 'run', 'test/fleet/fleet.test.ts', '-t', 'kill -9', '--reporter', 'default'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const output = `${result.stdout}${result.stderr}`;
  const marker = 'FLEET KILL -9:';
  // The reporter may put colour codes before the logged line.
  const line = output.split('\n').find((candidate) => candidate.includes(marker));
  const summary = line?.slice(line.indexOf(marker));
  // No summary means the test did not run to its counts (or was filtered out): not a pass.
  const passed = result.status === 0 && summary !== undefined;
  if (!passed) failed += 1;
  console.log(
    `run ${run}: ${passed ? 'passed' : 'FAILED'}; ${summary ?? 'no summary line (the test did not reach its counts)'}`,
  );
  if (!passed) console.log(output.split('\n').slice(-60).join('\n'));
}
process.exit(failed === 0 ? 0 : 1);
