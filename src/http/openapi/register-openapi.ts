import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { projectPath } from '../../core/project-root.js';
import { zodValidatorCompiler } from '../parse-input.js';
import { jsonResponse, SECURITY_SCHEMES } from './api-schemas.js';

/** The project's package.json, whether this runs from src/ (tests, tsx), tsc's dist/ or the server bundle. */
const PACKAGE = JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as {
  name: string;
  version: string;
  description: string;
  license: string;
};

const DESCRIPTION = `${PACKAGE.description}

Every error is JSON: \`{"error": {"code": "...", "message": "..."}}\`, the message written for a person.
docs/api.md in the repository walks through the flows with copy-paste examples.
The /ops routes are listed when OPS_TOKEN is set; without it they all answer 503 \`ops_disabled\`.`;

const TAGS = [
  { name: 'widget', description: 'The public API the chat widget (or any client) uses.' },
  { name: 'feedback', description: "Customers' ratings of answers and the resolution verdict." },
  { name: 'ops', description: 'Escalation log, statistics and knowledge gaps (ops token).' },
  { name: 'staff', description: 'The staff inbox API (ops token or staff session).' },
  { name: 'pages', description: 'Server-rendered HTML pages and the scripts they load.' },
  { name: 'operations', description: 'Health, readiness and Prometheus metrics.' },
  { name: 'slack', description: 'Where Slack delivers events and interactions.' },
  { name: 'documentation', description: 'This document and its rendered reference.' },
];

interface DocumentWithSchemas {
  paths?: unknown;
  components?: { schemas?: Record<string, unknown> };
}

/**
 * The type provider adds an input and an output variant of every named schema; a shape only ever
 * sent (Message, Error) would show an unused "MessageInput" in the reference. Keeps the schemas
 * the paths reach, directly or through other schemas.
 */
function withoutUnusedSchemas(document: DocumentWithSchemas): DocumentWithSchemas {
  const schemas = document.components?.schemas;
  if (!schemas) return document;
  const referenced = (value: unknown) =>
    [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map(
      (match) => match[1] as string,
    );
  const kept = new Set<string>();
  const pending = referenced(document.paths);
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (kept.has(name) || !(name in schemas)) continue;
    kept.add(name);
    pending.push(...referenced(schemas[name]));
  }
  const used = Object.fromEntries(Object.entries(schemas).filter(([name]) => kept.has(name)));
  return { ...document, components: { ...document.components, schemas: used } };
}

/**
 * One zod schema per shape: route `schema` blocks validate requests, serialize responses, type
 * the handlers and, through @fastify/swagger, make the OpenAPI 3.1 document at GET /openapi.json.
 * Registered before any route, because the document collects routes as they are added.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Parley HTTP API',
        version: PACKAGE.version,
        description: DESCRIPTION,
        license: { name: PACKAGE.license, identifier: PACKAGE.license },
      },
      // Relative: the document is right for whichever host or proxy serves it.
      servers: [{ url: '/' }],
      tags: TAGS,
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) =>
      withoutUnusedSchemas(
        jsonSchemaTransformObject(documentObject) as unknown as DocumentWithSchemas,
      ) as unknown as ReturnType<typeof jsonSchemaTransformObject>,
  });
  app.withTypeProvider<ZodTypeProvider>().get(
    '/openapi.json',
    {
      schema: {
        tags: ['documentation'],
        summary: 'This OpenAPI 3.1 document',
        response: {
          200: jsonResponse('The OpenAPI document.', z.record(z.string(), z.unknown())),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return app.swagger() as unknown as Record<string, unknown>;
    },
  );
}
