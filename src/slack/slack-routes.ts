import type { FastifyInstance } from 'fastify';
import { type Config, isSlackEnabled } from '../config.js';
import type { Services } from '../create-services.js';
import { errorBody } from '../http/error-handler.js';
import { errorResponses } from '../http/openapi/api-schemas.js';
import type { SlackIntegration, SlackIntegrationOptions } from './create-slack-integration.js';
import { SLACK_EVENTS_PATH } from './slack-events-path.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Slack integration, or null when Slack is off (tests wait on `slack.idle()`). */
    slack: SlackIntegration | null;
  }
}

/** POST /slack/events in /openapi.json, whichever of the two routes below serves it. */
const SLACK_EVENTS_DOCUMENTATION = {
  tags: ['slack'],
  summary: 'Slack events and interactions (signed by Slack)',
  description:
    'Called by Slack only: requests must carry a valid X-Slack-Signature. Without SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET it answers 503 `slack_disabled`.',
};

/** How long closing waits for Slack work in flight. */
const SHUTDOWN_WAIT_MS = 5000;

export const SLACK_DISABLED_MESSAGE =
  'Slack is off. Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (and SLACK_HANDOFF_CHANNEL for handoff cards), then restart; docs/slack.md explains how to create the Slack app.';

/**
 * `POST /slack/events`: the Bolt app when Slack is configured, otherwise a 503 that says how to
 * turn it on (whatever the request's content type).
 */
export async function slackRoutes(
  app: FastifyInstance,
  deps: { config: Config; services: Services } & Partial<
    Pick<SlackIntegrationOptions, 'now' | 'translator'>
  >,
): Promise<void> {
  if (!isSlackEnabled(deps.config)) {
    app.decorate('slack', null);
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, _body, done) =>
        done(null, undefined),
      );
      scope.post(
        SLACK_EVENTS_PATH,
        { schema: { ...SLACK_EVENTS_DOCUMENTATION, response: errorResponses(503) } },
        async (_request, reply) =>
          reply.code(503).send(errorBody('slack_disabled', SLACK_DISABLED_MESSAGE)),
      );
    });
    return;
  }
  // Loaded only when Slack is on: Bolt and its Web API client are the largest modules a local server would otherwise load.
  const { createSlackIntegration } = await import('./create-slack-integration.js');
  const slack = await createSlackIntegration({ ...deps, logger: app.log });
  app.decorate('slack', slack);
  // Bolt adds its route itself; only its description is added (no checks: Bolt verifies requests).
  app.addHook('onRoute', (route) => {
    if (route.url === SLACK_EVENTS_PATH && route.schema === undefined)
      route.schema = SLACK_EVENTS_DOCUMENTATION;
  });
  await app.register(slack.plugin);
  // Before the database closes: let listeners and queued card updates finish, but not for longer
  // than a deploy can wait (Slack calls are bounded; a hanging Slack still must not hold it).
  app.addHook('preClose', async () => {
    slack.close();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      slack.idle().then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), SHUTDOWN_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) app.log.warn('closing with Slack calls still in flight (Slack is slow)');
  });
}
