import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CLIENT_MESSAGE_ID_RULES, MESSAGE_TEXT_RULES } from '../core/conversation/accepted-text.js';
import type { ConversationTokens } from '../core/conversation/conversation-tokens.js';
import type { ConversationService } from '../core/conversation/create-conversation-service.js';
import { acceptedText } from './accepted-text-schema.js';
import { authorizeConversation } from './conversation-access.js';
import { streamConversationEvents } from './conversation-event-stream.js';
import { errorBody } from './error-handler.js';
import {
  conversationSecurity,
  errorResponses,
  eventStreamResponse,
  jsonResponse,
  lastEventIdHeaders,
} from './openapi/api-schemas.js';
import { rejectInvalidInput } from './parse-input.js';
import { transcriptSchema, turnResponseSchema } from './public-message-schema.js';
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

export const conversationParams = z.object({
  id: z.uuid('is not a conversation id').meta({ description: 'The conversation id.' }),
});

const createdConversationSchema = z.object({
  id: z.uuid(),
  token: z.string().meta({
    description: 'Bearer token for this conversation only; keep it with the id.',
  }),
});

/** Query parameters for EventSource, which can send neither headers nor a Last-Event-ID of its own choosing. */
const eventsQuery = z.looseObject({
  token: z.string().optional().meta({ description: 'The conversation token (EventSource only).' }),
  lastEventId: z
    .string()
    .optional()
    .meta({ description: 'Same as the Last-Event-ID header; the header wins when both are sent.' }),
});

const TURN_STREAM_DESCRIPTION =
  'With `Accept: text/event-stream`: `route` (tier, reasons, language), `delta` ({text}) as the answer is written, `reset` ({reason}) when the text so far is withdrawn, then `reply` (the stored reply message) or `error` ({code, message}); then the stream ends.';

const EVENTS_DESCRIPTION =
  'First `ready` ({conversationId}); then every event after Last-Event-ID, each with an `id:` line: `message` ({message: a Message}) and `state` ({state, previous, reasons, by}); then live events as they happen. A comment line every 15 s keeps the connection open.';

function wantsEventStream(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/event-stream');
}

export interface WidgetRouteDeps {
  conversations: ConversationService;
  tokens: ConversationTokens;
}

/** The public widget API (DESIGN.md, HTTP contract v1). Routes only translate HTTP to core calls. */
export async function widgetRoutes(
  untypedApp: FastifyInstance,
  deps: WidgetRouteDeps,
): Promise<void> {
  const app = untypedApp.withTypeProvider<ZodTypeProvider>();
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

  app.post(
    '/v1/conversations',
    {
      config: { inputNames: { body: 'conversation' } },
      schema: {
        tags: ['widget'],
        summary: 'Start a conversation',
        description:
          'Returns the conversation id and a token that authorizes every later call about it.',
        body: createConversationBody,
        response: {
          201: jsonResponse('The new conversation and its token.', createdConversationSchema),
          ...errorResponses(400, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const conversation = await conversations.createConversation({ locale: body.locale ?? null });
      return reply.status(201).send({ id: conversation.id, token: tokens.issue(conversation.id) });
    },
  );

  app.get(
    '/v1/conversations/:id',
    {
      attachValidation: true,
      config: { inputNames: { params: 'conversation id' } },
      schema: {
        tags: ['widget'],
        summary: 'The transcript',
        security: conversationSecurity,
        params: conversationParams,
        response: {
          200: jsonResponse('The conversation, its state and its messages.', transcriptSchema),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => {
      rejectInvalidInput(request);
      const { id } = request.params;
      authorizeConversation(request, tokens, id);
      return conversations.getTranscript(id);
    },
  );

  app.post(
    '/v1/conversations/:id/messages',
    {
      // Credentials are checked between the id and the body: see rejectInvalidInput.
      attachValidation: true,
      config: { inputNames: { params: 'conversation id', body: 'message' } },
      schema: {
        tags: ['widget'],
        summary: 'Send a message and get the reply (JSON, or streamed)',
        description:
          'Send `Accept: text/event-stream` to receive the reply as it is written. A repeated `clientMessageId` returns the stored turn instead of answering twice; the same id with other text is a 409.',
        security: conversationSecurity,
        params: conversationParams,
        body: postMessageBody,
        response: {
          200: {
            description: 'The stored message and the reply; or, streamed, the turn as events.',
            content: {
              'application/json': { schema: turnResponseSchema },
              'text/event-stream': {
                schema: z.string().meta({ description: TURN_STREAM_DESCRIPTION }),
              },
            },
          },
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      rejectInvalidInput(request, 'params');
      const { id } = request.params;
      authorizeConversation(request, tokens, id);
      rejectInvalidInput(request);
      const body = request.body;
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

  app.get(
    '/v1/conversations/:id/events',
    {
      attachValidation: true,
      config: { inputNames: { params: 'conversation id' } },
      schema: {
        tags: ['widget'],
        summary: "Follow the conversation's events (server-sent events)",
        description:
          'Reconnect with `Last-Event-ID` (EventSource does it by itself) to get only what you missed.',
        security: [...conversationSecurity, { conversationTokenQuery: [] }],
        params: conversationParams,
        querystring: eventsQuery,
        headers: lastEventIdHeaders,
        response: {
          200: eventStreamResponse(EVENTS_DESCRIPTION),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      rejectInvalidInput(request, 'params');
      const { id } = request.params;
      authorizeConversation(request, tokens, id, { allowQueryToken: true });
      rejectInvalidInput(request);
      await conversations.getConversation(id);
      await streamConversationEvents(request, reply, {
        conversationId: id,
        list: (afterId) => conversations.listEvents(id, afterId),
        subscribe: (afterId, listener) => conversations.subscribe(id, afterId, listener),
        openStreams,
      });
    },
  );
}

/** Says whether the message was stored, because the customer decides from it whether to send it again. */
function streamFailureMessage(kept: boolean): string {
  return kept
    ? 'Something went wrong on our side while answering. Your message was kept: send it again with the same clientMessageId to get the reply.'
    : 'Something went wrong on our side and your message was not kept; please send it again.';
}
