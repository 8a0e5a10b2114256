import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../error-handler.js';
import { errorResponses, textResponse } from './api-schemas.js';

/** Swagger UI's own files, served from node_modules: the reference works with no network at all. */
const SWAGGER_UI_DIR = dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);

/**
 * Starts Swagger UI on this server's document. A file, not an inline script, so the page's
 * Content-Security-Policy allows scripts from this origin only; no validator badge (it would
 * send the document to an outside service).
 */
const INITIALIZER = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley HTTP API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/reference.js"></script>
</body>
</html>
`;

/**
 * Swagger UI sets style attributes from script (allowed by 'unsafe-inline' for styles only);
 * scripts, requests and images stay on this origin.
 */
const REFERENCE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  type: string;
  load(): Promise<Buffer>;
}

/** A Map, not an object literal: "/docs/__proto__" must name no file. */
const ASSETS = new Map<string, Asset>([
  [
    'swagger-ui.css',
    {
      type: 'text/css; charset=utf-8',
      load: () => readFile(join(SWAGGER_UI_DIR, 'swagger-ui.css')),
    },
  ],
  [
    'swagger-ui-bundle.js',
    {
      type: 'application/javascript; charset=utf-8',
      load: () => readFile(join(SWAGGER_UI_DIR, 'swagger-ui-bundle.js')),
    },
  ],
  [
    'reference.js',
    { type: 'application/javascript; charset=utf-8', load: async () => Buffer.from(INITIALIZER) },
  ],
]);

const loaded = new Map<string, { body: Buffer; etag: string }>();

async function loadAsset(name: string, asset: Asset) {
  const cached = loaded.get(name);
  if (cached) return cached;
  const body = await asset.load();
  const file = {
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  };
  loaded.set(name, file);
  return file;
}

/** GET /docs: the rendered reference of /openapi.json (Swagger UI), and the files it loads. */
export async function apiReferenceRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/docs',
    {
      schema: {
        tags: ['documentation'],
        summary: 'The rendered API reference (this document in Swagger UI)',
        response: { 200: textResponse('The reference page.', 'text/html') },
      },
    },
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', REFERENCE_CONTENT_SECURITY_POLICY)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache')
        .send(PAGE),
  );

  // Untyped replies: the files go out as Buffers, and a 304 has no body.
  app.get<{ Params: { file: string } }>(
    '/docs/:file',
    {
      schema: {
        tags: ['documentation'],
        summary: "The reference page's stylesheet and scripts",
        params: z.object({
          file: z.string().meta({
            description: 'swagger-ui.css, swagger-ui-bundle.js or reference.js',
          }),
        }),
        response: {
          200: {
            description: 'The file.',
            content: {
              'text/css': { schema: z.string() },
              'application/javascript': { schema: z.string() },
            },
          },
          304: z.null().meta({ description: 'Not modified (If-None-Match matched the ETag).' }),
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => {
      const asset = ASSETS.get(request.params.file);
      if (!asset) return reply.status(404).send(errorBody('not_found', 'No such reference file.'));
      const file = await loadAsset(request.params.file, asset);
      reply
        .type(asset.type)
        .header('cache-control', 'public, max-age=300')
        .header('etag', file.etag)
        .header('x-content-type-options', 'nosniff');
      if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
      return reply.send(file.body);
    },
  );
}
