// `node --import ./register.mjs …`: appends the URL of every module the process resolves to the
// file named by PARLEY_MODULE_LOG, one per line (test/integration/process/lazy-modules.test.ts).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url, { data: { logFile: process.env.PARLEY_MODULE_LOG } });
