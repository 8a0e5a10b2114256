import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { ServiceOverrides, Services } from '../../src/create-services.js';

export const TEST_TOKEN_SECRET = 'test-secret-test-secret-test-secret-0123';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  close(): Promise<void>;
}

/** The real application on the embedded defaults, with an in-memory SQLite database. */
export async function createTestApp(
  environment: Record<string, string> = {},
  overrides: ServiceOverrides = {},
): Promise<TestApp> {
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'silent',
    // Replies must not depend on the hour the suite runs (tests of the hours set their own).
    SUPPORT_HOURS: 'always',
    TOKEN_SECRET: TEST_TOKEN_SECRET,
    ...environment,
  });
  const { app, services } = await buildApp({ config, logger: false, overrides });
  await app.ready();
  return { app, services, close: () => app.close() };
}

export async function createConversation(
  app: FastifyInstance,
  locale?: string,
): Promise<{ id: string; token: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/conversations',
    payload: locale ? { locale } : {},
  });
  if (response.statusCode !== 201)
    throw new Error(`create conversation failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

export async function postMessage(
  app: FastifyInstance,
  conversation: { id: string; token: string },
  text: string,
  extra: Record<string, unknown> = {},
) {
  return app.inject({
    method: 'POST',
    url: `/v1/conversations/${conversation.id}/messages`,
    headers: { authorization: `Bearer ${conversation.token}`, accept: 'application/json' },
    payload: { text, ...extra },
  });
}

/** Parses a text/event-stream body into its events. */
export function parseServerSentEvents(
  body: string,
): Array<{ event: string; data: unknown; id?: string }> {
  return body
    .split('\n\n')
    .map((block) => block.trim())
    .filter((block) => block.length > 0 && !block.startsWith(':'))
    .map((block) => {
      const lines = block.split('\n');
      const field = (name: string) =>
        lines.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
      const id = field('id');
      return {
        event: field('event') ?? 'message',
        data: JSON.parse(field('data') ?? 'null'),
        ...(id ? { id } : {}),
      };
    });
}
