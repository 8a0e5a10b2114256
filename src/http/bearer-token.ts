import type { FastifyRequest } from 'fastify';

/** The token of an `Authorization: Bearer <token>` header; undefined when absent or another scheme. */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}
