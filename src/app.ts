import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, {
  type FastifyInstance,
  type FastifyServerOptions,
  type RouteOptions,
} from 'fastify';
import type { Config } from './config.js';
import { createServices, type ServiceOverrides, type Services } from './create-services.js';
import {
  clientErrorHandler,
  errorBody,
  frameworkErrors,
  refuseRequestsWhileClosing,
  registerErrorHandling,
} from './http/error-handler.js';
import { feedbackRoutes } from './http/feedback-routes.js';
import { healthRoutes } from './http/health-routes.js';
import { helpCenterRoutes } from './http/help-center-routes.js';
import { inboxPageRoutes } from './http/inbox-page/inbox-page-routes.js';
import { createMetrics } from './http/metrics.js';
import { apiReferenceRoutes } from './http/openapi/api-reference-routes.js';
import { registerOpenApi } from './http/openapi/register-openapi.js';
import { opsRoutes } from './http/ops-routes.js';
import { staffRoutes } from './http/staff-routes.js';
import { widgetAssetRoutes } from './http/widget-asset-routes.js';
import { widgetRoutes } from './http/widget-routes.js';
import { slackRoutes } from './slack/slack-routes.js';
import { fastifyTrustProxy } from './trust-proxy.js';

export interface BuildAppOptions {
  config: Config;
  overrides?: ServiceOverrides;
  /** Fastify logger options; tests pass false. */
  logger?: FastifyServerOptions['logger'];
  /** Called for every route as it is added (the OpenAPI test checks that each one is documented). */
  onRoute?: (route: RouteOptions) => void;
}

/**
 * A connection that sends and receives nothing for this long is closed. Longer than any answer
 * takes (model timeouts and fallbacks included); event streams send a heartbeat every 15 s and
 * switch the limit off for their socket anyway (server-sent-events.ts).
 */
const CONNECTION_IDLE_TIMEOUT_MS = 120_000;

/** A 4,000-character message is at most 16,000 bytes of UTF-8 (4 per character); the rest is room for JSON. */
const BODY_LIMIT_BYTES = 20 * 1024;

/**
 * Builds the whole application without listening, so tests drive it with inject() or a
 * random port. server.ts adds the process concerns (signals, listen).
 */
export async function buildApp(
  options: BuildAppOptions,
): Promise<{ app: FastifyInstance; services: Services; beginDraining(): void }> {
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
    // Off unless TRUST_PROXY says which hops are ours: X-Forwarded-For is whatever a client wrote.
    trustProxy: fastifyTrustProxy(config.TRUST_PROXY),
    // A half-sent request (headers or body) holds its connection only this long, then gets a 408.
    // Event streams are not affected: the limit is on receiving the request, not on the answer.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    connectionTimeout: CONNECTION_IDLE_TIMEOUT_MS,
    http: {
      headersTimeout: config.REQUEST_TIMEOUT_MS,
      // Node checks the two limits above on this interval (30 s by default, far too coarse).
      connectionsCheckingInterval: Math.min(1000, Math.floor(config.REQUEST_TIMEOUT_MS / 2)),
    },
    genReqId: () => crypto.randomUUID(),
    // Our own 503, 408, 431, 414 and bad-URL answers, in the contract's error shape.
    return503OnClosing: false,
    clientErrorHandler,
    frameworkErrors,
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  const services = await createServices(config, {
    ...options.overrides,
    logger: options.overrides?.logger ?? app.log,
  });
  const metrics = createMetrics({
    answerCacheStats: services.answerCacheStats,
    outcomeStats: (from) => services.outcomes.stats({ from }),
    waiting: () => services.conversationQueue.waiting(),
  });
  services.conversations.onTurn(metrics.onTurn);
  services.feedback.onFeedback(metrics.onFeedback);

  registerErrorHandling(app);
  refuseRequestsWhileClosing(app);
  // Before any route: the routes' zod schemas validate, serialize and make GET /openapi.json.
  await registerOpenApi(app);
  await apiReferenceRoutes(app);
  // The API speaks JSON only; Fastify's built-in text/plain parser would let "hello" through as a body.
  app.removeContentTypeParser('text/plain');
  // Bearer tokens, not cookies, authorize the widget API, so any origin may call it.
  await app.register(cors, {
    origin: '*',
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Last-Event-ID'],
    maxAge: 86400,
  });
  // With REDIS_URL the counters live in Redis, so a client's limit holds across every instance.
  const redis =
    config.REDIS_URL === undefined
      ? undefined
      : // Imported only when configured: a single instance never loads the Redis client.
        new (await import('ioredis')).Redis(config.REDIS_URL, {
          connectTimeout: 500,
          maxRetriesPerRequest: 1,
          lazyConnect: true,
        });
  if (redis) {
    redis.on('error', (error) => app.log.warn({ err: error }, 'Redis (rate limits) error'));
    await redis.connect().catch((error: unknown) => {
      redis.disconnect();
      throw new Error(
        `REDIS_URL: cannot connect to Redis (${error instanceof Error ? error.message : String(error)}); check that it runs and the URL is right, or unset REDIS_URL to keep rate limits in memory`,
      );
    });
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
  }
  await app.register(rateLimit, {
    global: false,
    ...(redis
      ? { redis, nameSpace: `${config.REDIS_KEY_PREFIX}rate-limit:`, skipOnError: true }
      : {}),
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
    await feedbackRoutes(scoped, { feedback: services.feedback, tokens: services.tokens });
  });
  // Draining (SIGTERM) or closing: /readyz says 503 so the load balancer sends traffic elsewhere.
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  await healthRoutes(app, {
    database: services.database,
    eventBus: services.eventBus,
    registry: metrics.registry,
    isClosing: () => draining,
  });
  await widgetAssetRoutes(app, { config });
  // kb/ as plain help pages, where the local knowledge base's citations link (/help/:language/:article).
  await helpCenterRoutes(app, { knowledgeBase: services.knowledgeBase });
  // Slack: the Bolt app at POST /slack/events, or a 503 saying how to enable it (src/slack/).
  await slackRoutes(app, { config, services });
  // Ops: escalation log API, review page and staff inbox at /ops, behind OPS_TOKEN or a staff
  // login (src/http/ops-routes.ts).
  await opsRoutes(app, {
    config,
    escalations: services.escalations,
    conversations: services.conversations,
    outcomes: services.outcomes,
    feedback: services.feedback,
    knowledgeGaps: services.knowledgeGaps,
    staff: services.staff,
    sessionSecret: services.deploymentSecret,
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
  return {
    app,
    services,
    beginDraining: () => {
      draining = true;
    },
  };
}
