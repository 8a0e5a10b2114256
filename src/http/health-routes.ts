import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { ConversationEventBus } from '../core/conversation/conversation-event-bus.js';
import type { Database } from '../core/database/database.js';
import { errorBody } from './error-handler.js';

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
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
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
  });

  app.get('/metrics', async (_request, reply) => {
    reply.type(deps.registry.contentType);
    return deps.registry.metrics();
  });
}
