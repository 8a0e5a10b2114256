import { buildApp } from './app.js';
import { type Config, ConfigError, isSlackEnabled, loadConfig } from './config.js';
import { acquireSqliteServerLock } from './sqlite-server-lock.js';

/** The process: configuration, listen, graceful close. Everything else lives in app.ts. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `${error.message}\nFix the variables above (see .env.example and README.md) and start again.\n`,
      );
      process.exit(1);
    }
    throw error;
  }
  // Before anything opens the database: a second server on the same SQLite file stops here.
  const serverLock = acquireSqliteServerLock(config.DATABASE_URL);
  const { app, beginDraining } = await buildApp({ config });
  app.addHook('onClose', async () => serverLock?.release());
  const origin = config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
  app.log.info(
    {
      modelProvider: config.MODEL_PROVIDER,
      retriever: config.RETRIEVER,
      database: config.DATABASE_URL.split(':')[0],
      languageDetector: config.LANGUAGE_DETECTOR,
    },
    'Parley configuration',
  );
  if (!isSlackEnabled(config))
    app.log.info('Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to enable it');
  if (config.DATABASE_URL.startsWith('postgres') && !config.REDIS_URL)
    app.log.warn(
      'PostgreSQL without REDIS_URL: rate limits are counted per instance, so with N instances a client gets N times RATE_LIMIT_PER_MINUTE. Set REDIS_URL to share them.',
    );
  if (!config.OPS_TOKEN)
    app.log.info(
      'OPS_TOKEN is not set: /ops and the staff inbox accept staff accounts only (create one with `npx parley staff add NAME`); set OPS_TOKEN (16+ characters) for bearer access from scripts',
    );

  // In a fleet: /readyz turns 503 at once, the load balancer moves new traffic away during the
  // drain, then event streams end with a retry hint (clients reconnect to another instance) while
  // turns in flight finish. A turn waits at most MODEL_TIMEOUT_MS per model call, which bounds it.
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    beginDraining();
    app.log.info(
      { signal, drainMs: config.SHUTDOWN_DRAIN_MS },
      'closing: /readyz is 503, draining before finishing requests in flight',
    );
    const forced = setTimeout(
      () => {
        app.log.warn('closing took too long: exiting with requests still in flight');
        process.exit(1);
      },
      config.SHUTDOWN_DRAIN_MS + Math.max(10_000, config.MODEL_TIMEOUT_MS + 5_000),
    );
    forced.unref();
    await new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DRAIN_MS));
    // Keep-alive connections that fall idle while requests finish would otherwise hold the
    // close open until the client drops them (server.close() reaps only those idle at its call).
    const reapIdle = setInterval(() => app.server.closeIdleConnections(), 100);
    await app.close();
    clearInterval(reapIdle);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info(`Parley is ready: open ${origin}/ for the demo shop with the chat widget`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Parley failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
