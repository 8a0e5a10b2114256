import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import { errorBody } from './error-handler.js';

/** Serves the bundled widget and the demo page. The widget issue replaces the placeholder demo. */
export async function widgetAssetRoutes(app: FastifyInstance, _deps: { config: Config }): Promise<void> {
  const widgetPath = resolve('dist/widget/widget.js');
  app.get('/widget.js', async (_request, reply) => {
    try {
      const script = await readFile(widgetPath);
      return reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(script);
    } catch {
      return reply.status(503).send(errorBody('widget_not_built', 'The widget bundle is missing: run "npm run build" first.'));
    }
  });
  app.get('/', async (_request, reply) => {
    return reply.type('text/html; charset=utf-8').send('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parley</title></head><body><h1>Parley</h1><script src="/widget.js" async></script></body></html>');
  });
}
