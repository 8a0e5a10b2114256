import { readFile, stat } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { projectPath } from '../../core/project-root.js';
import { errorBody } from '../error-handler.js';
import { errorResponses, opsSecurity, textResponse } from '../openapi/api-schemas.js';
import { OPS_PAGE_RESPONSES } from '../ops-page/ops-page-responses.js';
import { INBOX_PAGE_CSP, renderInboxPage } from './render-inbox-page.js';

/** dist/inbox/inbox.js, whether this runs from src/ (tests, tsx), tsc's dist/ or the server bundle. */
const INBOX_SCRIPT = projectPath('dist', 'inbox', 'inbox.js');

let cached: { modifiedMs: number; body: Buffer } | undefined;

/** The built script, re-read only when it changed on disk (a rebuild needs no restart). */
async function loadScript(): Promise<Buffer | undefined> {
  try {
    const { mtimeMs } = await stat(INBOX_SCRIPT);
    if (cached?.modifiedMs !== mtimeMs)
      cached = { modifiedMs: mtimeMs, body: await readFile(INBOX_SCRIPT) };
    return cached.body;
  } catch {
    return undefined;
  }
}

/** GET /ops/inbox (the page) and /ops/inbox.js (its script), behind the ops login. */
export async function inboxPageRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/ops/inbox',
    {
      config: { opsPage: true },
      schema: {
        tags: ['pages'],
        summary: 'The staff inbox page',
        security: opsSecurity,
        response: OPS_PAGE_RESPONSES,
      },
    },
    async (request, reply) => {
      const principal = request.opsPrincipal;
      return reply
        .header('content-security-policy', INBOX_PAGE_CSP)
        .type('text/html; charset=utf-8')
        .send(renderInboxPage({ staffName: principal?.kind === 'staff' ? principal.name : null }));
    },
  );

  app.get(
    '/ops/inbox.js',
    {
      schema: {
        tags: ['pages'],
        summary: "The inbox page's script",
        security: opsSecurity,
        response: {
          200: textResponse('The inbox bundle.', 'application/javascript'),
          ...errorResponses(401, 429, 503),
        },
      },
    },
    async (_request, reply) => {
      const script = await loadScript();
      if (!script)
        return reply
          .status(503)
          .send(
            errorBody(
              'inbox_not_built',
              'The inbox script is not built: run `npm run build` (it writes dist/inbox/inbox.js).',
            ),
          );
      return reply.type('application/javascript; charset=utf-8').send(script);
    },
  );
}
