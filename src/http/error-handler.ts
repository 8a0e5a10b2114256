import type { FastifyError, FastifyInstance } from 'fastify';
import { UnknownConversationError } from '../core/conversation/conversation.js';
import { ParleyError } from '../core/conversation/conversation-errors.js';

export interface ErrorBody {
  error: { code: string; message: string };
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Fastify's own error codes, translated into messages a person (or widget developer) can act on. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    message: 'The request body is too large. Messages are limited to 4,000 characters.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Send the request body as JSON with "Content-Type: application/json".',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'invalid_json',
    message: 'The request body is empty; send a JSON object.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'invalid_json',
    message: 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'invalid_request',
    message: 'The Content-Length header does not match the body.',
  },
};

/** Every error leaves as {"error":{"code","message"}}; internals never reach the client. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ParleyError) {
      return reply.status(error.status).send(errorBody(error.code, error.message));
    }
    if ((error as unknown) instanceof UnknownConversationError) {
      return reply.status(404).send(errorBody('not_found', 'This conversation does not exist.'));
    }
    const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
    if (known) return reply.status(known.status).send(errorBody(known.code, known.message));
    if (error instanceof SyntaxError || error.statusCode === 400) {
      return reply
        .status(400)
        .send(errorBody('invalid_json', 'The request body is not valid JSON.'));
    }
    if (error.statusCode === 429) {
      return reply
        .status(429)
        .send(
          errorBody(
            'rate_limited',
            error.message || 'Too many requests; wait a moment and try again.',
          ),
        );
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody('invalid_request', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send(
        errorBody(
          'internal_error',
          'Something went wrong on our side; please try again in a moment.',
        ),
      );
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(
        errorBody('not_found', `There is no ${request.method} ${request.url.split('?')[0]} route.`),
      );
  });
}
