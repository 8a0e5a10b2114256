import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import { projectPath } from '../core/project-root.js';
import { errorBody } from './error-handler.js';
import { errorResponses, textResponse } from './openapi/api-schemas.js';
import { escapeHtml } from './ops-page/html.js';

const NOT_MODIFIED = z
  .null()
  .meta({ description: 'Not modified (If-None-Match matched the ETag).' });

/** dist/widget/, whether this runs from src/ (tests, tsx), tsc's dist/ or the server bundle. */
const WIDGET_DIR = `${projectPath('dist', 'widget')}/`;

/**
 * The demo page allows nothing inline: it shows that the widget works on a shop with a strict
 * Content-Security-Policy (its styles are constructed stylesheets, its DOM is built by script).
 */
const DEMO_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A Map, not an object literal: "/demo/__proto__" or "/demo/constructor" must name no file. */
const DEMO_ASSETS = new Map<string, string>([
  ['demo.css', 'text/css; charset=utf-8'],
  ['demo.js', 'application/javascript; charset=utf-8'],
]);

/**
 * Parley's icon (a speech bubble), linked by the demo page and the help center. Also answers
 * /favicon.ico, which browsers ask for on pages that link no icon: a 404 there is console noise.
 */
const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#7a2e4d"/><path d="M9 8h14a3 3 0 0 1 3 3v8a3 3 0 0 1-3 3h-8l-6 5v-5a3 3 0 0 1-3-3v-8a3 3 0 0 1 3-3z" fill="#fff"/></svg>';

interface CachedFile {
  modifiedMs: number;
  body: Buffer;
  etag: string;
}

const cache = new Map<string, CachedFile>();

/** Reads a built file, re-reading only when it changed on disk (a rebuild needs no restart). */
async function loadFile(name: string): Promise<CachedFile | undefined> {
  const path = `${WIDGET_DIR}${name}`;
  try {
    const { mtimeMs } = await stat(path);
    const cached = cache.get(path);
    if (cached && cached.modifiedMs === mtimeMs) return cached;
    const body = await readFile(path);
    const file = {
      modifiedMs: mtimeMs,
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    };
    cache.set(path, file);
    return file;
  } catch {
    return undefined;
  }
}

function notBuilt(reply: FastifyReply) {
  return reply
    .status(503)
    .send(
      errorBody(
        'widget_not_built',
        'The widget bundle is missing: run "npm run build" (or "node scripts/build-widget.mjs") first.',
      ),
    );
}

function preferredEncoding(request: FastifyRequest): 'br' | 'gzip' | undefined {
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return undefined;
}

/** Serves the bundled widget (precompressed when the client accepts it), the demo shop page and the favicon. */
export async function widgetAssetRoutes(
  app: FastifyInstance,
  deps: { config: Config },
): Promise<void> {
  app.get(
    '/widget.js',
    {
      schema: {
        tags: ['pages'],
        summary: 'The chat widget script to embed in a page',
        description:
          'Brotli or gzip when Accept-Encoding allows; cached five minutes, then revalidated with its ETag.',
        response: {
          200: textResponse('The widget bundle.', 'application/javascript'),
          304: NOT_MODIFIED,
          ...errorResponses(503),
        },
      },
    },
    async (request, reply) => {
      const script = await loadFile('widget.js');
      if (!script) return notBuilt(reply);
      const encoding = preferredEncoding(request);
      const encoded = encoding
        ? await loadFile(`widget.js.${encoding === 'br' ? 'br' : 'gz'}`)
        : undefined;
      // The URL is not versioned, so caches revalidate after five minutes; the ETag makes that cheap.
      reply
        .type('application/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .header('vary', 'accept-encoding')
        .header('x-content-type-options', 'nosniff')
        .header('cross-origin-resource-policy', 'cross-origin');
      const etag = encoded && encoding ? `${script.etag.slice(0, -1)}-${encoding}"` : script.etag;
      reply.header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      if (encoded && encoding) return reply.header('content-encoding', encoding).send(encoded.body);
      return reply.send(script.body);
    },
  );

  for (const path of ['/favicon.svg', '/favicon.ico'])
    app.get(
      path,
      {
        schema: {
          tags: ['pages'],
          summary: 'The favicon (SVG, also at /favicon.ico for browsers that ask for it there)',
          response: { 200: textResponse('The icon.', 'image/svg+xml') },
        },
      },
      async (_request, reply) =>
        reply
          .type('image/svg+xml')
          .header('cache-control', 'public, max-age=86400')
          .header('x-content-type-options', 'nosniff')
          .send(FAVICON_SVG),
    );

  app.get<{ Params: { file: string } }>(
    '/demo/:file',
    {
      schema: {
        tags: ['pages'],
        summary: "The demo page's stylesheet and script",
        params: z.object({ file: z.string().meta({ description: 'demo.css or demo.js' }) }),
        response: {
          200: {
            description: 'The file.',
            content: {
              'text/css': { schema: z.string() },
              'application/javascript': { schema: z.string() },
            },
          },
          ...errorResponses(404, 503),
        },
      },
    },
    async (request, reply) => {
      const type = DEMO_ASSETS.get(request.params.file);
      if (!type) return reply.status(404).send(errorBody('not_found', 'No such demo file.'));
      const file = await loadFile(`demo/${request.params.file}`);
      if (!file) return notBuilt(reply);
      return reply
        .type(type)
        .header('cache-control', 'no-cache')
        .header('etag', file.etag)
        .header('x-content-type-options', 'nosniff')
        .send(file.body);
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags: ['pages'],
        summary: 'A demo shop page with the widget embedded',
        response: { 200: textResponse('The demo page.', 'text/html'), ...errorResponses(503) },
      },
    },
    async (request, reply) => {
      const page = await loadFile('demo/index.html');
      if (!page) return notBuilt(reply);
      const origin =
        deps.config.PUBLIC_URL?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', DEMO_CONTENT_SECURITY_POLICY)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'strict-origin-when-cross-origin')
        .send(page.body.toString('utf8').replaceAll('{{ORIGIN}}', escapeHtml(origin)));
    },
  );
}
