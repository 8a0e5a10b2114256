import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { createServices, type ServiceOverrides, type Services } from './create-services.js';
import { errorBody, registerErrorHandling } from './http/error-handler.js';
import { healthRoutes } from './http/health-routes.js';
import { inboxPageRoutes } from './http/inbox-page/inbox-page-routes.js';
import { createMetrics } from './http/metrics.js';
import { opsRoutes } from './http/ops-routes.js';
import { staffRoutes } from './http/staff-routes.js';
import { widgetAssetRoutes } from './http/widget-asset-routes.js';
import { widgetRoutes } from './http/widget-routes.js';
import { slackRoutes } from './slack/slack-routes.js';

export interface BuildAppOptions {
  config: Config;
  overrides?: ServiceOverrides;
  /** Fastify logger options; tests pass false. */
  logger?: FastifyServerOptions['logger'];
}

/** A 4,000-character message is at most 16,000 bytes of UTF-8 (4 per character); the rest is room for JSON. */
const BODY_LIMIT_BYTES = 20 * 1024;

/**
 * Builds the whole application without listening, so tests drive it with inject() or a
 * random port. server.ts adds the process concerns (signals, listen).
 */
export async function buildApp(
  options: BuildAppOptions,
): Promise<{ app: FastifyInstance; services: Services }> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? {
      level: config.LOG_LEVEL,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-slack-signature"]',
        ],
        censor: '[redacted]',
      },
      serializers: {
        // Query strings may carry a conversation token (EventSource); log the path only.
        req: (request) => ({
          method: request.method,
          url: String(request.url).split('?')[0],
          remoteAddress: request.ip,
        }),
      },
    },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: true,
    requestTimeout: 0,
    genReqId: () => crypto.randomUUID(),
  });
  const services = await createServices(config, {
    ...options.overrides,
    logger: options.overrides?.logger ?? app.log,
  });
  const metrics = createMetrics({
    answerCacheStats: services.answerCacheStats,
    waiting: () => services.conversationQueue.waiting(),
  });
  services.conversations.onTurn(metrics.onTurn);

  registerErrorHandling(app);
  // The API speaks JSON only; Fastify's built-in text/plain parser would let "hello" through as a body.
  app.removeContentTypeParser('text/plain');
  // Bearer tokens, not cookies, authorize the widget API, so any origin may call it.
  await app.register(cors, {
    origin: '*',
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Last-Event-ID'],
    maxAge: 86400,
  });
  await app.register(rateLimit, {
    global: false,
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      ...errorBody(
        'rate_limited',
        `Too many requests. Wait ${Math.ceil(context.ttl / 1000)} seconds and try again.`,
      ),
    }),
  });
  await app.register(async (scoped) => {
    scoped.addHook('onRequest', scoped.rateLimit());
    await widgetRoutes(scoped, { conversations: services.conversations, tokens: services.tokens });
  });
  await healthRoutes(app, { database: services.database, registry: metrics.registry });
  await widgetAssetRoutes(app, { config });
  // Slack: the Bolt app at POST /slack/events, or a 503 saying how to enable it (src/slack/).
  await slackRoutes(app, { config, services });
  // Ops: escalation log API and review page at /ops, behind OPS_TOKEN (src/http/ops-routes.ts).
  await opsRoutes(app, {
    config,
    escalations: services.escalations,
    conversations: services.conversations,
    staff: services.staff,
    // The staff inbox and its API (src/http/staff-routes.ts), behind the same login.
    extraRoutes: async (scoped) => {
      await staffRoutes(scoped, {
        conversations: services.conversations,
        queue: services.conversationQueue,
        ...(services.staffReplyTranslator
          ? { translator: services.staffReplyTranslator, detector: services.languageDetector }
          : {}),
        ...(services.inboxDrafts ? { drafts: services.inboxDrafts } : {}),
      });
      await inboxPageRoutes(scoped);
    },
  });

  app.addHook('onClose', async () => {
    await services.close();
  });
  return { app, services };
}
