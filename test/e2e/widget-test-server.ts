import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
// @ts-expect-error: a plain ES module script shared with `npm start`, without type declarations.
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { ServiceOverrides, Services } from '../../src/create-services.js';

/**
 * Builds dist/ (widget, demo page, inbox, server) when it is missing or older than its sources:
 * the same check as `npm start` and the process tests' global setup.
 */
export function ensureWidgetBuilt(): void {
  buildIfStale();
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  services: Services;
  close(): Promise<void>;
}

/** The real server on the embedded defaults (local KB, local answerer, SQLite in a temp dir) on a free port. */
export async function startServer(
  options: { overrides?: ServiceOverrides; environment?: Record<string, string> } = {},
): Promise<RunningServer> {
  const directory = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(directory, 'x.db')}`,
    TOKEN_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-secret',
    LOG_LEVEL: 'silent',
    // Replies must not depend on the hour the suite runs (tests of the hours set their own).
    SUPPORT_HOURS: 'always',
    RATE_LIMIT_PER_MINUTE: '1000',
    ...options.environment,
  });
  const { app, services } = await buildApp({
    config,
    logger: false,
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return {
      url,
      app,
      services,
      async close() {
        const closing = app.close();
        // Event streams stay open until their client leaves; a test server need not wait for that.
        app.server.closeAllConnections();
        await closing;
        rmSync(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await app.close();
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}
