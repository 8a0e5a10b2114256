import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createConversation, TEST_TOKEN_SECRET } from '../../support/test-app.js';
import { OPS_TOKEN } from '../ops/ops-test-support.js';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}
interface OperationObject {
  parameters?: Array<{ in: string; name: string }>;
  responses: Record<string, { content?: Record<string, unknown> }>;
  security?: Array<Record<string, string[]>>;
}

/**
 * Routes the document leaves out on purpose, each with why. Anything else the app registers must
 * be in `paths`, so a route added without a schema (or a new page) fails here.
 */
const NOT_IN_DOCUMENT: Array<{ method: string; path: string; reason: string }> = [
  { method: 'OPTIONS', path: '*', reason: 'CORS preflight answered by @fastify/cors for any path' },
];

/** Fastify answers HEAD for every GET route by itself; the document lists the GET. */
const isImplicitHead = (method: string) => method === 'HEAD';

async function startApp(environment: Record<string, string>) {
  const routes: Array<{ method: string; path: string; hidden: boolean }> = [];
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'silent',
    SUPPORT_HOURS: 'always',
    TOKEN_SECRET: TEST_TOKEN_SECRET,
    ...environment,
  });
  const { app } = await buildApp({
    config,
    logger: false,
    onRoute: (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true;
      for (const method of methods) routes.push({ method, path: route.url, hidden });
    },
  });
  await app.ready();
  return { app, routes };
}

async function documentOf(app: FastifyInstance): Promise<OpenApiDocument> {
  const response = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return response.json();
}

/** `/v1/conversations/:id` → `/v1/conversations/{id}`, as OpenAPI writes path parameters. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('GET /openapi.json', () => {
  let app: FastifyInstance;
  let routes: Array<{ method: string; path: string; hidden: boolean }>;
  let document: OpenApiDocument;

  beforeAll(async () => {
    ({ app, routes } = await startApp({ OPS_TOKEN }));
    document = await documentOf(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator)', async () => {
    const validator = new Validator();
    const result = await validator.validate(
      document as unknown as Parameters<Validator['validate']>[0],
    );
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.openapi).toBe('3.1.0');
  });

  it('lists every route the app registers, by method and path', () => {
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    const excluded = new Set(NOT_IN_DOCUMENT.map((route) => `${route.method} ${route.path}`));
    const missing = routes
      .filter((route) => !isImplicitHead(route.method))
      .map((route) => `${route.method} ${openApiPath(route.path)}`)
      .filter((route) => !excluded.has(route) && !documented.has(route));
    expect(missing).toEqual([]);
    // Nothing is hidden but the exclusions above, and each exclusion still exists.
    expect(routes.filter((route) => route.hidden).map((route) => route.method)).toEqual([
      'OPTIONS',
    ]);
    for (const route of NOT_IN_DOCUMENT)
      expect(routes.some((r) => r.method === route.method && r.path === route.path)).toBe(true);
    // The count the report quotes: every documented operation is a registered route too.
    const registered = new Set(
      routes
        .filter((route) => !isImplicitHead(route.method))
        .map((route) => `${route.method} ${openApiPath(route.path)}`),
    );
    expect([...documented].filter((route) => !registered.has(route))).toEqual([]);
    expect(documented.size).toBeGreaterThanOrEqual(37);
  });

  it('describes the error shape, the security schemes and the event streams', () => {
    // Named shapes once each: no unused input twin of a shape that is only ever sent.
    expect(Object.keys(document.components.schemas).sort()).toEqual([
      'ConversationDetail',
      'ConversationSummary',
      'Error',
      'EscalationRecord',
      'Message',
    ]);
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
      'conversationToken',
      'conversationTokenQuery',
      'opsSession',
      'opsToken',
    ]);
    const create = document.paths['/v1/conversations']?.post;
    expect(Object.keys(create?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '400', '413', '415', '429']),
    );
    const post = document.paths['/v1/conversations/{id}/messages']?.post;
    expect(Object.keys(post?.responses['200']?.content ?? {}).sort()).toEqual([
      'application/json',
      'text/event-stream',
    ]);
    expect(post?.security).toEqual([{ conversationToken: [] }]);
    for (const path of ['/v1/conversations/{id}/events', '/ops/conversations/{id}/events']) {
      const events = document.paths[path]?.get;
      expect(Object.keys(events?.responses['200']?.content ?? {}), path).toEqual([
        'text/event-stream',
      ]);
      expect(events?.parameters, path).toContainEqual(
        expect.objectContaining({ in: 'header', name: 'last-event-id' }),
      );
    }
    expect(Object.keys(document.paths['/ops/inbox']?.get?.responses['200']?.content ?? {})).toEqual(
      ['text/html'],
    );
  });

  it('still answers bad input with the same field-by-field message now that the schemas check it', async () => {
    const conversation = await createConversation(app);
    const headers = { authorization: `Bearer ${conversation.token}` };
    const empty = await app.inject({
      method: 'POST',
      url: `/v1/conversations/${conversation.id}/resolution`,
      headers,
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({
      error: {
        code: 'invalid_request',
        message: 'Invalid resolution: resolved must be true or false.',
      },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: `/v1/conversations/${conversation.id}/messages`,
      headers,
      payload: { text: 'hello', colour: 'blue' },
    });
    expect(unknown.json().error.message).toBe('Invalid message: unknown field(s) "colour".');
    const badId = await app.inject({ method: 'GET', url: '/v1/conversations/not-an-id' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.message).toBe(
      'Invalid conversation id: id: is not a conversation id.',
    );
    // The token is checked before the body: a stranger learns nothing about what the body lacks.
    const stranger = await app.inject({
      method: 'POST',
      url: `/v1/conversations/${conversation.id}/messages`,
      payload: { colour: 'blue' },
    });
    expect(stranger.statusCode).toBe(401);
  });
});

describe('GET /openapi.json without OPS_TOKEN', () => {
  it('is still valid and still lists /ops: staff accounts log in without OPS_TOKEN', async () => {
    const { app, routes } = await startApp({});
    try {
      const document = await documentOf(app);
      const result = await new Validator().validate(
        document as unknown as Parameters<Validator['validate']>[0],
      );
      expect(result.valid).toBe(true);
      const hidden = routes.filter((route) => route.hidden && route.method !== 'OPTIONS');
      expect(hidden).toEqual([]);
      expect(document.paths['/ops/inbox']).toBeDefined();
      expect(document.paths['/ops/conversations']).toBeDefined();
      expect(document.paths['/v1/conversations']).toBeDefined();
    } finally {
      await app.close();
    }
  });
});
