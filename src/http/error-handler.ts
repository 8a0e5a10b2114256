import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UnknownConversationError } from '../core/conversation/conversation.js';
import { ParleyError } from '../core/conversation/conversation-errors.js';
import { validationFailure } from './parse-input.js';

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

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (Fastify's own answer has another
 * shape): written straight to the socket, which is then closed.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: Error & { code?: string },
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request_timeout', 'The request took too long to arrive; send it again.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'headers_too_large',
            'The request headers are too large (16 KiB at most, the URL included).',
          ]
        : [400, 'invalid_request', 'The request is not valid HTTP/1.1.'];
  this.log.debug({ errorCode: error.code }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(errorBody(code, message));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Errors Fastify's router raises before any handler (a malformed URL, a path parameter over the limit). */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    reply.status(414).send(errorBody('uri_too_long', 'A part of the URL is too long.'));
    return;
  }
  reply
    .status(400)
    .send(errorBody('invalid_request', 'The URL is malformed (check its percent-encoding).'));
}

/**
 * While the server shuts down, new requests get a 503 in the contract's shape (Fastify's built-in
 * one has another) and the connection closes, so a load balancer sends the retry elsewhere.
 */
export function refuseRequestsWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    return reply
      .status(503)
      .header('connection', 'close')
      .header('retry-after', '1')
      .send(
        errorBody(
          'shutting_down',
          'This server is shutting down; send the request again in a moment.',
        ),
      );
  });
}

/** Every error leaves as {"error":{"code","message"}}; internals never reach the client. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ParleyError) {
      return reply.status(error.status).send(errorBody(error.code, error.message));
    }
    if ((error as unknown) instanceof UnknownConversationError) {
      return reply.status(404).send(errorBody('not_found', 'This conversation does not exist.'));
    }
    // A route schema refused the request: the same field-by-field 400 as every other input check.
    const invalid = validationFailure(error, request);
    if (invalid) return reply.status(invalid.status).send(errorBody(invalid.code, invalid.message));
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
