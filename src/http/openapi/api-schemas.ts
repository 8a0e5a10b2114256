import { z } from 'zod';

/**
 * Shapes shared by many routes' `schema` blocks: the one error body, the event-stream and page
 * responses, and the security requirements. Each zod schema here both checks or serializes at
 * run time and describes the route in /openapi.json.
 */

/** Every error leaves as this (error-handler.ts); `id` makes it one named component in the document. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: 'Stable, machine-readable code, e.g. invalid_request.' }),
      message: z.string().meta({ description: 'What went wrong and what to do, for a person.' }),
    }),
  })
  .meta({ id: 'Error' });

const ERROR_DESCRIPTIONS = {
  400: 'Invalid input (`invalid_request`, `invalid_json`): the message names every problem.',
  401: 'Missing or wrong credentials (`unauthorized`).',
  403: 'Valid credentials for something else, or a cookie write from another origin (`forbidden`).',
  404: 'No such resource (`not_found`).',
  409: 'Conflicts with the current state (`conflict`), e.g. a message id reused with other text.',
  413: 'The body is larger than 20 KiB (`payload_too_large`).',
  415: 'The body is not JSON (`unsupported_media_type`).',
  429: 'Too many requests from this address (`rate_limited`); wait the time the message says.',
  503: 'A feature is off or not built, or the instance is shutting down (see the code).',
} as const;

export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** The error responses a route can give, each with the project's error shape. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  const responses = {} as Record<
    S,
    { description: string; content: { 'application/json': { schema: typeof errorBodySchema } } }
  >;
  for (const status of statuses)
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status],
      content: { 'application/json': { schema: errorBodySchema } },
    };
  return responses;
}

/** A JSON body, with the description the reference shows. */
export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } };
}

/** A body that is not JSON (a page, a script, CSV): documented by its media type. */
export function textResponse(description: string, mediaType: string) {
  return { description, content: { [mediaType]: { schema: z.string() } } };
}

/** A text/event-stream: one `event:` name and a JSON `data:` line per event, `id:` where resumable. */
export function eventStreamResponse(description: string) {
  return textResponse(description, 'text/event-stream');
}

/** Last-Event-ID, as EventSource sends it on reconnect; `lastEventId` in the query does the same. */
export const lastEventIdHeaders = z.looseObject({
  'last-event-id': z.string().optional().meta({
    description:
      'Resume after this event id (digits only, at most 2^53 - 1): events up to it are not sent again.',
  }),
});

type SecurityRequirements = Array<Record<string, string[]>>;

export const conversationSecurity: SecurityRequirements = [{ conversationToken: [] }];
/** Either the ops token as a bearer header or the session cookie of the login form. */
export const opsSecurity: SecurityRequirements = [{ opsToken: [] }, { opsSession: [] }];

/** The securitySchemes the `security` lists above name. */
export const SECURITY_SCHEMES = {
  conversationToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'The `token` returned by POST /v1/conversations; it grants access to that conversation only.',
  },
  conversationTokenQuery: {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description:
      'The conversation token in the URL, accepted on the event stream only (EventSource cannot send headers).',
  },
  opsToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'OPS_TOKEN, for scripts calling the ops and staff API.',
  },
  opsSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'parley_ops',
    description:
      'The session cookie set by POST /ops/login (ops token or staff name and password); writes with it must come from the same origin.',
  },
} as const;
