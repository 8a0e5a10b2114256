import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { ConversationEventBus } from '../core/conversation/conversation-event-bus.js';
import type { Database } from '../core/database/database.js';
import { errorBody } from './error-handler.js';
import { errorResponses, jsonResponse, textResponse } from './openapi/api-schemas.js';

/** Liveness (process up), readiness (database answers) and Prometheus metrics. */
export async function healthRoutes(
  app: FastifyInstance,
  deps: {
    database: Pick<Database, 'ping'>;
    eventBus: Pick<ConversationEventBus, 'isReady'>;
    registry: Registry;
    /** True once the process is shutting down: the load balancer should stop sending traffic. */
    isClosing?: () => boolean;
  },
): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process answers',
        response: { 200: jsonResponse('Alive.', z.object({ status: z.literal('ok') })) },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database (and the PostgreSQL LISTEN connection) answer',
        response: {
          200: jsonResponse('Ready for traffic.', z.object({ status: z.literal('ready') })),
          ...errorResponses(503),
        },
      },
    },
    async (request, reply) => {
      if (deps.isClosing?.())
        return reply
          .status(503)
          .send(errorBody('shutting_down', 'This instance is shutting down; use another one.'));
      if (!deps.eventBus.isReady())
        return reply
          .status(503)
          .send(
            errorBody(
              'not_ready',
              'The LISTEN connection to PostgreSQL is down, so live events from other instances are not heard; it is reconnecting.',
            ),
          );
      try {
        await deps.database.ping();
        return { status: 'ready' };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply
          .status(503)
          .send(
            errorBody(
              'not_ready',
              'The database does not answer; check DATABASE_URL and that the database is running.',
            ),
          );
      }
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics',
        response: {
          200: textResponse('The Prometheus text exposition format.', 'text/plain'),
        },
      },
    },
    async (_request, reply) => {
      reply.type(deps.registry.contentType);
      return deps.registry.metrics();
    },
  );
}
