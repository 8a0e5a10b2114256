import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MAX_MESSAGE_CHARACTERS } from '../core/conversation/accepted-text.js';
import { ParleyError } from '../core/conversation/conversation-errors.js';
import type { ConversationQueue } from '../core/conversation/conversation-queue.js';
import type { ConversationService } from '../core/conversation/create-conversation-service.js';
import { toPublicMessage } from '../core/conversation/public-message.js';
import { FALLBACK_LANGUAGE, SUPPORTED_LANGUAGES } from '../core/language/language.js';
import type { LanguageDetector } from '../core/language/language-detector.js';
import type { InboxDrafts } from '../core/staff/inbox-drafts.js';
import {
  customerReplyFor,
  type StaffReplyTranslator,
} from '../core/staff/staff-reply-translator.js';
import { streamConversationEvents } from './conversation-event-stream.js';
import type { OpsPrincipal } from './ops-auth.js';
import { parseInput } from './parse-input.js';
import { openServerSentEvents, type ServerSentEventStream } from './server-sent-events.js';

export interface StaffRouteDeps {
  conversations: ConversationService;
  queue: ConversationQueue;
  /** With a model configured: replies in another language than the customer's are translated. */
  translator?: StaffReplyTranslator;
  detector?: LanguageDetector;
  drafts?: InboxDrafts;
}

const STATES = ['bot', 'handoff_requested', 'human', 'resolved'] as const;
const ACTIONS = ['take_over', 'resolve', 'return_to_bot'] as const;

const listQuery = z
  .object({
    state: z.enum(STATES, { error: `state must be one of ${STATES.join(', ')}` }).optional(),
    language: z
      .enum(SUPPORTED_LANGUAGES, {
        error: `language must be one of ${SUPPORTED_LANGUAGES.join(', ')}`,
      })
      .optional(),
    cursor: z.string().min(1).max(500).optional(),
    limit: z.coerce
      .number({ error: 'limit must be a number from 1 to 100' })
      .int('limit must be a whole number')
      .min(1, 'limit must be from 1 to 100')
      .max(100, 'limit must be from 1 to 100')
      .optional(),
  })
  .strict();

const conversationParams = z.object({ id: z.string().uuid('is not a conversation id') });

const messageBody = z
  .object({
    text: z
      .string({ error: 'text is required and must be a string' })
      .transform((text) => text.trim())
      .refine((text) => text.length > 0, 'text must not be empty')
      .refine(
        (text) => [...text].length <= MAX_MESSAGE_CHARACTERS,
        `text must be at most ${MAX_MESSAGE_CHARACTERS} characters`,
      ),
    internal: z.boolean({ error: 'internal must be true or false' }).optional(),
  })
  .strict();

const stateBody = z
  .object({
    action: z.enum(ACTIONS, { error: `action must be one of ${ACTIONS.join(', ')}` }),
  })
  .strict();

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
export async function staffRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  const { conversations, queue } = deps;
  const openStreams = new Set<ServerSentEventStream>();
  app.addHook('preClose', async () => {
    for (const stream of openStreams) stream.end();
  });

  app.get('/ops/conversations', async (request) => {
    const query = parseInput(listQuery, request.query, 'query');
    const page = await queue.list(
      {
        ...(query.state ? { state: query.state } : {}),
        ...(query.language ? { language: query.language } : {}),
      },
      { limit: query.limit ?? 50, ...(query.cursor ? { cursor: query.cursor } : {}) },
    );
    return {
      items: page.items.map((item) => ({ ...item, draft: deps.drafts?.cached(item.id) ?? null })),
      nextCursor: page.nextCursor,
    };
  });

  app.get('/ops/conversations/:id', async (request) => {
    const { id } = parseInput(conversationParams, request.params, 'conversation id');
    const conversation = await conversations.getConversation(id);
    const [summary, messages, events] = await Promise.all([
      queue.summary(id),
      conversations.listMessages(id),
      conversations.listStaffEvents(id, 0),
    ]);
    const draft =
      deps.drafts && conversation.state === 'handoff_requested'
        ? await deps.drafts.draftFor(id)
        : null;
    return {
      ...summary,
      messages: messages.map(toPublicMessage),
      notes: events.filter((event) => event.type === 'note').map((event) => event.data.note),
      lastEventId: events.at(-1)?.id ?? 0,
      draft,
    };
  });

  app.get('/ops/conversations/:id/events', async (request, reply) => {
    const { id } = parseInput(conversationParams, request.params, 'conversation id');
    await conversations.getConversation(id);
    await streamConversationEvents(request, reply, {
      conversationId: id,
      list: (afterId) => conversations.listStaffEvents(id, afterId),
      subscribe: (afterId, listener) => conversations.subscribeStaff(id, afterId, listener),
      openStreams,
    });
  });

  app.get('/ops/events', async (request, reply) => {
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
              draft: deps.drafts?.cached(summary.id) ?? null,
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
  });

  app.post('/ops/conversations/:id/messages', async (request, reply) => {
    assertWriteAllowed(request);
    const { id } = parseInput(conversationParams, request.params, 'conversation id');
    const body = parseInput(messageBody, request.body, 'message');
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
  });

  app.post('/ops/conversations/:id/state', async (request) => {
    assertWriteAllowed(request);
    const { id } = parseInput(conversationParams, request.params, 'conversation id');
    const body = parseInput(stateBody, request.body, 'state change');
    const updated = await conversations.changeHandoffState(id, body.action, authorOf(request));
    return { state: updated.state };
  });
}
