import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CLIENT_MESSAGE_ID_RULES, MESSAGE_TEXT_RULES } from '../core/conversation/accepted-text.js';
import type { ConversationTokens } from '../core/conversation/conversation-tokens.js';
import type { ConversationService } from '../core/conversation/create-conversation-service.js';
import { acceptedText } from './accepted-text-schema.js';
import { authorizeConversation } from './conversation-access.js';
import { streamConversationEvents } from './conversation-event-stream.js';
import { errorBody } from './error-handler.js';
import { parseInput } from './parse-input.js';
import { turnResponseSchema } from './public-message-schema.js';
import { openServerSentEvents, type ServerSentEventStream } from './server-sent-events.js';

const RECONNECT_AFTER_CLOSE_MS = 1000;

const createConversationBody = z
  .object({
    locale: z
      .string()
      .trim()
      .min(2)
      .max(35)
      .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, 'must be a locale such as "fr" or "de-CH"')
      .optional(),
  })
  .strict();

const postMessageBody = z
  .object({
    text: acceptedText(MESSAGE_TEXT_RULES, 'text is required and must be a string'),
    clientMessageId: acceptedText(
      CLIENT_MESSAGE_ID_RULES,
      'clientMessageId must be a string',
    ).optional(),
  })
  .strict();

const conversationParams = z.object({ id: z.string().uuid('is not a conversation id') });

function wantsEventStream(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/event-stream');
}

export interface WidgetRouteDeps {
  conversations: ConversationService;
  tokens: ConversationTokens;
}

/** The public widget API (DESIGN.md, HTTP contract v1). Routes only translate HTTP to core calls. */
export async function widgetRoutes(app: FastifyInstance, deps: WidgetRouteDeps): Promise<void> {
  const { conversations, tokens } = deps;
  // Open event streams never end on their own; closing the server ends them so a deploy does not
  // wait out the shutdown timeout. Clients reconnect elsewhere with Last-Event-ID.
  // The retry hint brings EventSource clients back within about a second, spread so that a
  // closing instance's streams do not all land on the others at the same moment.
  const openStreams = new Set<ServerSentEventStream>();
  app.addHook('preClose', async () => {
    for (const stream of openStreams)
      stream.end({ retryMs: RECONNECT_AFTER_CLOSE_MS * (0.5 + Math.random()) });
  });

  app.post('/v1/conversations', async (request, reply) => {
    const body = parseInput(createConversationBody, request.body, 'conversation');
    const conversation = await conversations.createConversation({ locale: body.locale ?? null });
    return reply.status(201).send({ id: conversation.id, token: tokens.issue(conversation.id) });
  });

  app.get('/v1/conversations/:id', async (request) => {
    const { id } = parseInput(conversationParams, request.params, 'conversation id');
    authorizeConversation(request, tokens, id);
    return conversations.getTranscript(id);
  });

  app.post(
    '/v1/conversations/:id/messages',
    { schema: { response: { 200: turnResponseSchema } } },
    async (request, reply) => {
      const { id } = parseInput(conversationParams, request.params, 'conversation id');
      authorizeConversation(request, tokens, id);
      const body = parseInput(postMessageBody, request.body, 'message');
      const input = {
        conversationId: id,
        text: body.text,
        clientMessageId: body.clientMessageId ?? null,
      };

      if (!wantsEventStream(request)) {
        const turn = await conversations.postMessage(input);
        return reply.status(200).send({ message: turn.message, reply: turn.reply });
      }
      // Unknown conversation must still be a JSON 404, so check before the stream opens.
      await conversations.getConversation(id);
      const stream = openServerSentEvents(request, reply);
      let kept = false;
      try {
        const turn = await conversations.postMessage({
          ...input,
          stream: true,
          onStored: () => {
            kept = true;
          },
          channel: {
            onRoute: (route) => stream.send('route', route),
            onDelta: (text) => stream.send('delta', { text }),
            onReset: (reason) => stream.send('reset', { reason }),
          },
        });
        if (!turn.created) {
          stream.send('route', {
            tier: turn.reply.tier,
            reasons: turn.reply.reasons,
            language: turn.reply.language,
          });
          stream.send('delta', { text: turn.reply.text });
        }
        stream.send('reply', turn.reply);
      } catch (error) {
        const known = error as { status?: number; code?: string; message?: string };
        request.log.error({ err: error }, 'turn failed while streaming');
        const clientError = known.status !== undefined && known.status < 500;
        stream.send(
          'error',
          errorBody(
            clientError ? (known.code ?? 'error') : 'internal_error',
            clientError ? (known.message ?? 'error') : streamFailureMessage(kept),
          ).error,
        );
      } finally {
        stream.end();
      }
    },
  );

  app.get('/v1/conversations/:id/events', async (request, reply) => {
    const { id } = parseInput(conversationParams, request.params, 'conversation id');
    authorizeConversation(request, tokens, id, { allowQueryToken: true });
    await conversations.getConversation(id);
    await streamConversationEvents(request, reply, {
      conversationId: id,
      list: (afterId) => conversations.listEvents(id, afterId),
      subscribe: (afterId, listener) => conversations.subscribe(id, afterId, listener),
      openStreams,
    });
  });
}

/** Says whether the message was stored, because the customer decides from it whether to send it again. */
function streamFailureMessage(kept: boolean): string {
  return kept
    ? 'Something went wrong on our side while answering. Your message was kept: send it again with the same clientMessageId to get the reply.'
    : 'Something went wrong on our side and your message was not kept; please send it again.';
}
