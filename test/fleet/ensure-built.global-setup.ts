// @ts-expect-error: a plain ES module script shared with `npm start`, without type declarations.
import { buildIfStale } from '../../scripts/build-if-stale.mjs';

/**
 * The fleet and end-to-end tests run `node dist/server.js` as production does; a dist/ older
 * than its sources would test yesterday's code, so it is rebuilt first when stale.
 */
export default function ensureBuilt(): void {
  buildIfStale();
}
