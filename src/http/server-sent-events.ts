import type { FastifyReply, FastifyRequest } from 'fastify';

export interface ServerSentEventStream {
  send(event: string, data: unknown, id?: number | string): void;
  /** Resolves when the client goes away. */
  readonly closed: Promise<void>;
  /** Ends the stream; with retryMs, first tells the client how soon to reconnect (elsewhere). */
  end(options?: { retryMs?: number }): void;
}

const HEARTBEAT_MS = 15_000;

/**
 * Takes over the raw response for text/event-stream. A comment line every 15 s keeps proxies
 * (and load balancers with idle timeouts) from cutting a quiet stream.
 */
export function openServerSentEvents(
  request: FastifyRequest,
  reply: FastifyReply,
): ServerSentEventStream {
  reply.hijack();
  const response = reply.raw;
  // A stream may stay open for hours: the server's idle-connection limit is not for it (the
  // heartbeat keeps proxies' idle limits happy, and a client that goes away closes it).
  // (Fastify's inject() gives a stand-in socket without setTimeout.)
  const socket = request.raw.socket as { setTimeout?: (milliseconds: number) => unknown } | null;
  if (typeof socket?.setTimeout === 'function') socket.setTimeout(0);
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...corsHeadersOf(reply),
  });
  response.flushHeaders();
  let closed = false;
  let resolveClosed: () => void = () => {};
  const closedPromise = new Promise<void>((resolve) => (resolveClosed = resolve));
  const heartbeat = setInterval(() => {
    if (!closed) response.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const markClosed = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    resolveClosed();
  };
  request.raw.on('close', markClosed);
  response.on('close', markClosed);

  return {
    send(event, data, id) {
      if (closed) return;
      const idLine = id === undefined ? '' : `id: ${id}\n`;
      response.write(`${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    closed: closedPromise,
    end(options) {
      if (!closed && options?.retryMs !== undefined)
        response.write(`retry: ${Math.max(0, Math.round(options.retryMs))}\n\n`);
      if (!closed) response.end();
      markClosed();
    },
  };
}

/** Hijacked replies skip Fastify's onSend hooks, so CORS headers already set are copied over. */
function corsHeadersOf(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (name.startsWith('access-control-') && value !== undefined) headers[name] = String(value);
  }
  return headers;
}
