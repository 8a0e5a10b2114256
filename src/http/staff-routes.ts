import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { InternalNote } from '../core/conversation/conversation.js';
import { notFound, ParleyError } from '../core/conversation/conversation-errors.js';
import type { ConversationQueue } from '../core/conversation/conversation-queue.js';
import type { ConversationService } from '../core/conversation/create-conversation-service.js';
import { toPublicMessage } from '../core/conversation/public-message.js';
import type { HandoffDraft } from '../core/handoff/handoff-drafter.js';
import { FALLBACK_LANGUAGE } from '../core/language/language.js';
import type { LanguageDetector } from '../core/language/language-detector.js';
import type { InboxDrafts } from '../core/staff/inbox-drafts.js';
import {
  customerReplyFor,
  type StaffReplyTranslator,
} from '../core/staff/staff-reply-translator.js';
import { streamConversationEvents } from './conversation-event-stream.js';
import {
  errorResponses,
  eventStreamResponse,
  jsonResponse,
  lastEventIdHeaders,
  opsSecurity,
} from './openapi/api-schemas.js';
import type { OpsPrincipal } from './ops-auth.js';
import { openServerSentEvents, type ServerSentEventStream } from './server-sent-events.js';
import {
  conversationDetailSchema,
  conversationPageSchema,
  listQuery,
  staffMessageBody,
  staffMessageResponseSchema,
  stateBody,
  stateResponseSchema,
} from './staff-schemas.js';
import { conversationParams } from './widget-routes.js';

const ID_NAMES = { params: 'conversation id' };

export interface StaffRouteDeps {
  conversations: ConversationService;
  queue: ConversationQueue;
  /** With a model configured: replies in another language than the customer's are translated. */
  translator?: StaffReplyTranslator;
  detector?: LanguageDetector;
  drafts?: InboxDrafts;
}

/** The name customers see on a staff reply; the ops token is nobody in particular. */
function authorOf(request: FastifyRequest): string | null {
  const principal = request.opsPrincipal as OpsPrincipal | null;
  return principal?.kind === 'staff' ? principal.name : null;
}

/**
 * A write authenticated by the session cookie must come from the inbox page itself: the browser
 * always sends Origin on a fetch POST, so a missing or foreign one is refused (CSRF). Bearer
 * calls (scripts) carry no ambient credential and need no such check.
 */
function assertWriteAllowed(request: FastifyRequest): void {
  const principal = request.opsPrincipal as OpsPrincipal | null;
  if (principal?.via !== 'cookie') return;
  const origin = request.headers.origin;
  let host: string | undefined;
  try {
    host = origin ? new URL(origin).host : undefined;
  } catch {
    host = undefined;
  }
  if (host === undefined || host !== request.headers.host)
    throw new ParleyError(
      'forbidden',
      'This request can only be sent from the Parley inbox page itself (its Origin header did not match).',
      403,
    );
  if (!(request.headers['content-type'] ?? '').startsWith('application/json'))
    throw new ParleyError(
      'unsupported_media_type',
      'Send the request body as JSON with "Content-Type: application/json".',
      415,
    );
}

/** The staff API under /ops (docs/api.md, "Staff API"); registered inside the ops authentication. */
export async function staffRoutes(
  untypedApp: FastifyInstance,
  deps: StaffRouteDeps,
): Promise<void> {
  const app = untypedApp.withTypeProvider<ZodTypeProvider>();
  const { conversations, queue } = deps;
  const openStreams = new Set<ServerSentEventStream>();
  app.addHook('preClose', async () => {
    for (const stream of openStreams) stream.end();
  });

  app.get(
    '/ops/conversations',
    {
      schema: {
        tags: ['staff'],
        summary: 'Customer conversations, most recently active first',
        security: opsSecurity,
        querystring: listQuery,
        response: {
          200: jsonResponse('A page of conversation summaries.', conversationPageSchema),
          ...errorResponses(400, 401, 429, 503),
        },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await queue.list(
        {
          ...(query.state ? { state: query.state } : {}),
          ...(query.language ? { language: query.language } : {}),
        },
        { limit: query.limit ?? 50, ...(query.cursor ? { cursor: query.cursor } : {}) },
      );
      return {
        items: page.items.map((item) => ({
          ...item,
          draft: publicDraft(deps.drafts?.cached(item.id)),
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/ops/conversations/:id',
    {
      config: { inputNames: ID_NAMES },
      schema: {
        tags: ['staff'],
        summary: 'One conversation: summary, transcript, internal notes, draft',
        security: opsSecurity,
        params: conversationParams,
        response: {
          200: jsonResponse('The conversation.', conversationDetailSchema),
          ...errorResponses(400, 401, 404, 429, 503),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const conversation = await conversations.getConversation(id);
      const [summary, messages, events] = await Promise.all([
        queue.summary(id),
        conversations.listMessages(id),
        conversations.listStaffEvents(id, 0),
      ]);
      const draft =
        deps.drafts && conversation.state === 'handoff_requested'
          ? publicDraft(await deps.drafts.draftFor(id))
          : null;
      // Customer conversations always have one; a missing one is as unknown as the conversation.
      if (!summary) throw notFound('This conversation');
      return {
        ...summary,
        messages: messages.map(toPublicMessage),
        notes: events
          .filter((event) => event.type === 'note')
          .map((event) => event.data.note as InternalNote),
        lastEventId: events.at(-1)?.id ?? 0,
        draft,
      };
    },
  );

  app.get(
    '/ops/conversations/:id/events',
    {
      config: { inputNames: ID_NAMES },
      schema: {
        tags: ['staff'],
        summary: "One conversation's events, internal notes included (server-sent events)",
        security: opsSecurity,
        params: conversationParams,
        headers: lastEventIdHeaders,
        response: {
          200: eventStreamResponse(
            'As the widget stream, plus `note` events ({note: {id, text, author, createdAt}, source}); resumes after Last-Event-ID (or ?lastEventId=).',
          ),
          ...errorResponses(400, 401, 404, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await conversations.getConversation(id);
      await streamConversationEvents(request, reply, {
        conversationId: id,
        list: (afterId) => conversations.listStaffEvents(id, afterId),
        subscribe: (afterId, listener) => conversations.subscribeStaff(id, afterId, listener),
        openStreams,
      });
    },
  );

  app.get(
    '/ops/events',
    {
      schema: {
        tags: ['staff'],
        summary: 'Every conversation change, for the inbox list (server-sent events)',
        security: opsSecurity,
        response: {
          200: eventStreamResponse(
            '`ready` once, then a `conversation` event (a conversation summary) each time a conversation gets a message or changes state.',
          ),
          ...errorResponses(401, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const stream = openServerSentEvents(request, reply);
      openStreams.add(stream);
      // A conversation's row changes with every message and state change; one summary per event.
      const unsubscribe = conversations.subscribeAll((event) => {
        if (event.type !== 'message' && event.type !== 'state') return;
        void queue.summary(event.conversationId).then(
          (summary) => {
            if (summary)
              stream.send('conversation', {
                ...summary,
                draft: publicDraft(deps.drafts?.cached(summary.id)),
              });
          },
          (error: unknown) => request.log.warn({ err: error }, 'inbox summary failed'),
        );
      });
      try {
        stream.send('ready', {});
        await stream.closed;
      } finally {
        unsubscribe();
        openStreams.delete(stream);
      }
    },
  );

  app.post(
    '/ops/conversations/:id/messages',
    {
      // Before validation: a cookie write from elsewhere learns nothing about its body (403 first).
      preValidation: async (request) => assertWriteAllowed(request),
      config: { inputNames: { ...ID_NAMES, body: 'message' } },
      schema: {
        tags: ['staff'],
        summary: 'Reply to the customer (taking the conversation over) or add an internal note',
        security: opsSecurity,
        params: conversationParams,
        body: staffMessageBody,
        response: {
          201: jsonResponse(
            'The internal note, or the stored reply with its translation.',
            staffMessageResponseSchema,
          ),
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      const author = authorOf(request);
      let conversation = await conversations.getConversation(id);
      if (body.internal) {
        const note = await conversations.postInternalNote({
          conversationId: id,
          text: body.text,
          author,
          source: 'inbox',
        });
        return reply.status(201).send({ ...note, internal: true });
      }
      // Replying is taking over: the bot must stop answering (as a reply in Slack does).
      if (conversation.state === 'bot' || conversation.state === 'handoff_requested') {
        conversation = await conversations.changeHandoffState(id, 'take_over', author);
      }
      const customerLanguage = conversation.language ?? FALLBACK_LANGUAGE;
      const outgoing = await customerReplyFor(
        { detector: deps.detector, translator: deps.translator },
        { text: body.text, customerLanguage },
      );
      if (!outgoing.translated && outgoing.reason === 'translation_failed')
        request.log.warn(
          { err: outgoing.error, conversationId: id },
          'staff reply translation failed; sent as written',
        );
      const message = await conversations.postStaffMessage({
        conversationId: id,
        text: outgoing.text,
        role: 'staff',
        author,
        language: customerLanguage,
        meta: {
          source: 'inbox',
          ...(outgoing.translated
            ? { originalText: body.text, originalLanguage: outgoing.from }
            : {}),
        },
      });
      return reply.status(201).send({
        ...message,
        translation: outgoing.translated
          ? { from: outgoing.from, originalText: body.text }
          : !outgoing.translated && outgoing.reason === 'translation_failed'
            ? { failed: true }
            : null,
      });
    },
  );

  app.post(
    '/ops/conversations/:id/state',
    {
      preValidation: async (request) => assertWriteAllowed(request),
      config: { inputNames: { ...ID_NAMES, body: 'state change' } },
      schema: {
        tags: ['staff'],
        summary: 'Take over, resolve, or give back to the bot',
        security: opsSecurity,
        params: conversationParams,
        body: stateBody,
        response: {
          200: jsonResponse('The new state.', stateResponseSchema),
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const body = request.body;
      const updated = await conversations.changeHandoffState(id, body.action, authorOf(request));
      return { state: updated.state };
    },
  );
}

/** A draft's citations in the public shape: a citation stored before `kind` existed was cited. */
function publicDraft(draft: HandoffDraft | null | undefined) {
  if (!draft) return null;
  return {
    ...draft,
    citations: draft.citations.map((citation) => ({ ...citation, kind: citation.kind ?? 'cited' })),
  };
}
