// `npm start`: builds only when dist/ is stale, then runs the built server in this same process
// (one Node start instead of two: about 140 ms on a small VM).
//   node scripts/start.mjs
import { buildIfStale } from './build-if-stale.mjs';

buildIfStale();
await import('../dist/server.js');
