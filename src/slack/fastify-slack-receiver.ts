import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { AuthorizationError, ReceiverMultipleAckError } from '@slack/bolt';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../http/error-handler.js';
import type { SlackDeliveryStore } from './slack-delivery-store.js';
import { SLACK_EVENTS_PATH } from './slack-events-path.js';
import { createSlackRequestVerifier } from './slack-request-verifier.js';

export interface FastifySlackReceiverOptions {
  signingSecret: string;
  /** Signatures and delivery ids already taken, shared by every instance (the database). */
  deliveries: SlackDeliveryStore;
  logger: FastifyBaseLogger;
  /** Slack waits three seconds for the HTTP answer; after that it counts a failure (and retries events). */
  ackTimeoutMs?: number;
  /** Slack payloads (block_actions carry the whole message) outgrow the widget API's 20 KiB limit. */
  bodyLimitBytes?: number;
  /** Milliseconds since the epoch; tests move the clock. */
  now?: () => number;
}

export interface FastifySlackReceiver {
  /** What Bolt's App takes as `receiver`. */
  readonly receiver: Receiver;
  /** Registers `POST /slack/events`; register it with `app.register` so its body parsers stay scoped. */
  plugin(scope: FastifyInstance): Promise<void>;
  /** Resolves when every listener started so far has finished (tests; graceful close). */
  idle(): Promise<void>;
}

type AckOutcome =
  | { kind: 'acked'; response: unknown }
  | { kind: 'finished_without_ack' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'timed_out' };

/**
 * How long a delivery id is remembered. Slack retries an event three times, about at once, after
 * 1 min and after 5 min; an hour leaves room for a slow retry queue on Slack's side at the cost
 * of one short row per delivery (expired rows are deleted every minute).
 */
export const DELIVERY_MEMORY_MS = 60 * 60 * 1000;

/**
 * A Bolt Receiver that lives inside Fastify (Fastify owns the port). It verifies every request
 * with Bolt's verifySlackRequest before anything is parsed, answers url_verification, drops
 * Slack's retries of events any instance already took, hands the rest to `App#processEvent`, and
 * answers Slack as soon as a listener (or Bolt, for events) calls `ack()` — listeners keep
 * running after.
 */
export function createFastifySlackReceiver(
  options: FastifySlackReceiverOptions,
): FastifySlackReceiver {
  const ackTimeoutMs = options.ackTimeoutMs ?? 3000;
  const bodyLimit = options.bodyLimitBytes ?? 1024 * 1024;
  const { deliveries } = options;
  const verifier = createSlackRequestVerifier({
    signingSecret: options.signingSecret,
    deliveries,
    ...(options.now ? { now: options.now } : {}),
  });
  const inFlight = new Set<Promise<void>>();
  let bolt: App | undefined;

  const receiver: Receiver = {
    init(app) {
      bolt = app;
    },
    // Fastify listens; Bolt's start/stop have nothing to open or close.
    async start() {
      return undefined;
    },
    async stop() {
      await idle();
    },
  };

  async function idle(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  async function handle(request: FastifyRequest, reply: FastifyReply) {
    const rawBody = typeof request.body === 'string' ? request.body : '';
    const verification = await verifier.verify({
      rawBody,
      signature: headerOf(request, 'x-slack-signature'),
      timestamp: headerOf(request, 'x-slack-request-timestamp'),
    });
    if (!verification.ok) {
      request.log.warn({ code: verification.code }, 'rejected a Slack request');
      return reply.code(401).send(errorBody(verification.code, verification.message));
    }

    const body = parseSlackBody(rawBody, String(request.headers['content-type'] ?? ''));
    if (!body)
      return reply
        .code(400)
        .send(errorBody('invalid_request', 'The Slack request body could not be parsed.'));
    if (body.ssl_check === '1') return reply.code(200).send();
    if (body.type === 'url_verification')
      return reply.code(200).send({ challenge: String(body.challenge ?? '') });

    const deliveryId = deliveryIdOf(body);
    const retryNum = Number(headerOf(request, 'x-slack-retry-num') ?? Number.NaN);
    if (deliveryId !== undefined && !(await deliveries.claim(deliveryId, DELIVERY_MEMORY_MS))) {
      request.log.info(
        { deliveryId, retryNum: Number.isNaN(retryNum) ? undefined : retryNum },
        'dropped a repeated Slack delivery',
      );
      return reply.code(200).send();
    }
    if (!bolt) throw new Error('The Slack receiver was not given to a Bolt App');

    let settle: (outcome: AckOutcome) => void = () => {};
    const outcome = new Promise<AckOutcome>((resolve) => {
      settle = resolve;
    });
    // An Events API callback needs no answer but 200: it is acknowledged before any work (Bolt's
    // authorization calls Slack, which may be the slow part), so a slow Slack never makes Slack
    // count a failure. Clicks and commands may answer with content, so their listener acks.
    const ackFirst = body.type === 'event_callback';
    let acknowledged = ackFirst;
    const retryReason = headerOf(request, 'x-slack-retry-reason');
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => {
        if (ackFirst) return;
        if (acknowledged) throw new ReceiverMultipleAckError();
        acknowledged = true;
        settle({ kind: 'acked', response });
      },
      ...(Number.isNaN(retryNum) ? {} : { retryNum }),
      ...(retryReason ? { retryReason } : {}),
    };
    if (ackFirst) settle({ kind: 'acked', response: undefined });
    const processing = bolt.processEvent(event).then(
      () => settle({ kind: 'finished_without_ack' }),
      async (error: unknown) => {
        // Not handled: a retry of this delivery (Slack's, after a lost answer) must get through,
        // so it is forgotten before Slack hears of the failure.
        if (deliveryId !== undefined)
          await deliveries
            .release(deliveryId)
            .catch((releaseError: unknown) =>
              options.logger.error(
                { err: releaseError, deliveryId },
                "could not forget a failed Slack delivery; Slack's retry of it will be dropped",
              ),
            );
        if (acknowledged)
          options.logger.error({ err: error }, 'a Slack listener failed after acknowledging');
        settle({ kind: 'failed', error });
      },
    );
    inFlight.add(processing);
    void processing.finally(() => inFlight.delete(processing));
    const timer = setTimeout(() => settle({ kind: 'timed_out' }), ackTimeoutMs);
    const result = await outcome;
    clearTimeout(timer);

    switch (result.kind) {
      case 'acked':
        return sendAck(reply, result.response);
      case 'finished_without_ack':
        return reply
          .code(404)
          .send(errorBody('not_handled', 'No listener handled this Slack request.'));
      case 'timed_out':
        options.logger.error(
          { deliveryId },
          'a Slack request was not acknowledged within three seconds',
        );
        return reply
          .code(500)
          .send(errorBody('not_acknowledged', 'The request was not acknowledged in time.'));
      case 'failed':
        if (result.error instanceof AuthorizationError) {
          options.logger.error(
            { err: result.error },
            'Slack authorization failed (check SLACK_BOT_TOKEN)',
          );
          return reply
            .code(401)
            .send(
              errorBody(
                'slack_authorization_failed',
                'The bot token could not be verified with Slack.',
              ),
            );
        }
        options.logger.error(
          { err: result.error },
          'a Slack request failed before it was acknowledged',
        );
        return reply.code(500).send(errorBody('internal_error', 'The Slack request failed.'));
    }
  }

  return {
    receiver,
    idle,
    async plugin(scope) {
      // The signature covers the exact bytes Slack sent: keep the body as a string on this route only.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(
        ['application/json', 'application/x-www-form-urlencoded'],
        { parseAs: 'string', bodyLimit },
        (_request, body, done) => {
          done(null, body);
        },
      );
      scope.post(SLACK_EVENTS_PATH, { bodyLimit }, handle);
    },
  };
}

/**
 * What identifies one delivery, so that it is handled once: the event id of an Events API
 * callback (Slack's retries repeat it), and for interactivity and slash commands, which carry no
 * event id, the trigger id Slack gives each click or command (plus the action's time, for a
 * payload that has several actions).
 */
export function deliveryIdOf(body: Record<string, unknown>): string | undefined {
  if (body.type === 'event_callback')
    return typeof body.event_id === 'string' ? `event:${body.event_id}` : undefined;
  const triggerId = typeof body.trigger_id === 'string' ? body.trigger_id : undefined;
  if (typeof body.command === 'string')
    return triggerId ? `command:${body.command}:${triggerId}` : undefined;
  if (typeof body.type === 'string' && (triggerId || typeof body.view === 'object')) {
    const actions = Array.isArray(body.actions)
      ? (body.actions as Array<{ action_ts?: unknown }>)
      : [];
    const actionTs = actions.map((action) => String(action?.action_ts ?? '')).join(',');
    const viewId =
      typeof body.view === 'object' && body.view !== null
        ? String((body.view as { id?: unknown }).id ?? '')
        : '';
    return `interaction:${body.type}:${triggerId ?? ''}:${viewId}:${actionTs}`;
  }
  return undefined;
}

/** Same answers as Bolt's HTTPReceiver: empty 200, text, or JSON. */
function sendAck(reply: FastifyReply, response: unknown) {
  if (response === undefined || response === null || response === '') return reply.code(200).send();
  if (typeof response === 'string')
    return reply.code(200).type('text/plain; charset=utf-8').send(response);
  return reply.code(200).send(response);
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Events come as JSON; interactivity as a form with one `payload` JSON field; slash commands as a plain form. */
export function parseSlackBody(
  rawBody: string,
  contentType: string,
): Record<string, unknown> | undefined {
  try {
    if (contentType.startsWith('application/json')) {
      const parsed: unknown = JSON.parse(rawBody);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : undefined;
    }
    const form = new URLSearchParams(rawBody);
    const payload = form.get('payload');
    if (payload !== null) {
      const parsed: unknown = JSON.parse(payload);
      return typeof parsed === 'object' && parsed !== null
        ? (parsed as Record<string, unknown>)
        : undefined;
    }
    return Object.fromEntries(form.entries());
  } catch {
    return undefined;
  }
}
