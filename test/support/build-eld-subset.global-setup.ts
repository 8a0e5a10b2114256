import { execFileSync } from 'node:child_process';
import { SUPPORTED_LANGUAGES } from '../../src/core/language/language.js';
import { ROOT } from './server-process.js';

/**
 * Builds eld's five-language database once before the test files run (npm install does it too; a
 * clone whose node_modules came from elsewhere may not have it). Without this, each test worker
 * would build it on its first eld detector, several at once, each briefly holding the 60-language database.
 */
export default function buildEldSubset(): void {
  execFileSync(process.execPath, ['scripts/build-eld-subset.mjs', ...SUPPORTED_LANGUAGES], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
