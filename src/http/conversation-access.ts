import type { FastifyRequest } from 'fastify';
import { ParleyError } from '../core/conversation/conversation-errors.js';
import type { ConversationTokens } from '../core/conversation/conversation-tokens.js';
import { bearerTokenOf } from './bearer-token.js';

/**
 * Checks the bearer token against the conversation in the URL: 401 when the token is missing
 * or not ours, 403 when it belongs to another conversation. EventSource cannot send headers,
 * so the events stream (only it: a token in a URL ends up in browser history and proxy logs)
 * also accepts `?token=`; the logger strips query strings.
 */
export function authorizeConversation(
  request: FastifyRequest,
  tokens: ConversationTokens,
  conversationId: string,
  options: { allowQueryToken?: boolean } = {},
): void {
  const token =
    bearerTokenOf(request) ?? (options.allowQueryToken ? queryTokenOf(request) : undefined);
  if (!token) {
    throw new ParleyError(
      'unauthorized',
      'Missing conversation token. Send "Authorization: Bearer <token>" with the token you got when creating the conversation.',
      401,
    );
  }
  const grantedId = tokens.verify(token);
  if (!grantedId)
    throw new ParleyError(
      'unauthorized',
      'The conversation token is not valid. Start a new conversation to get a fresh token.',
      401,
    );
  if (grantedId !== conversationId)
    throw new ParleyError('forbidden', 'This token belongs to another conversation.', 403);
}

function queryTokenOf(request: FastifyRequest): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  const token = query?.token;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}
