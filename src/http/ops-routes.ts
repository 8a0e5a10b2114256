import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import { invalidInput, notFound } from '../core/conversation/conversation-errors.js';
import type { ConversationService } from '../core/conversation/create-conversation-service.js';
import { type EscalationRecord, REVIEW_VERDICTS } from '../core/escalations/escalation-record.js';
import type { EscalationStore } from '../core/escalations/escalation-store.js';
import { createRedactor } from '../core/redaction/redact-personal-data.js';
import type { StaffRepository } from '../core/staff/staff-repository.js';
import { errorBody } from './error-handler.js';
import { createOpsAuth, type OpsPrincipal } from './ops-auth.js';
import { EXPORT_FORMATS, type ExportFormat, exportEscalations } from './ops-export.js';
import { opsPageRoutes } from './ops-page/ops-page-routes.js';
import { renderLoginPage } from './ops-page/render-login-page.js';
import { createOpsPresenter, type OpsPresenter, type Transcript } from './ops-presenter.js';
import {
  FILTER_PARAMETERS,
  parseEscalationFilter,
  parsePage,
  parseTimeRange,
  rejectUnknownParameters,
} from './ops-query.js';
import { parseInput } from './parse-input.js';

export interface OpsRouteDeps {
  config: Pick<Config, 'OPS_TOKEN' | 'REDACT_PERSONAL_DATA'>;
  escalations: EscalationStore;
  conversations: Pick<ConversationService, 'getConversation' | 'listMessages'>;
  staff: StaffRepository;
  /** More /ops routes behind the same authentication (the staff inbox and its API). */
  extraRoutes?: (scoped: FastifyInstance) => Promise<void>;
}

type Query = Record<string, string | string[] | undefined>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Who passed the /ops authentication (set by its onRequest hook); null on public routes. */
    opsPrincipal: OpsPrincipal | null;
  }
  interface FastifyContextConfig {
    /** An /ops page: an unauthenticated visit gets the login form (401) instead of a JSON error. */
    opsPage?: boolean;
    /** Reachable without the ops token (the login form's POST). */
    opsPublic?: boolean;
  }
}

const OPS_DISABLED_MESSAGE =
  'The ops review is off. Set OPS_TOKEN to a secret of at least 16 characters (e.g. `openssl rand -hex 32`) and restart Parley; then send it as "Authorization: Bearer <OPS_TOKEN>" or log in at /ops.';
const UNAUTHORIZED_MESSAGE =
  'This route needs the ops token: send "Authorization: Bearer <OPS_TOKEN>", or log in at /ops.';

const reviewBody = z
  .object({
    verdict: z.enum(REVIEW_VERDICTS, {
      error: `verdict must be one of ${REVIEW_VERDICTS.join(', ')}`,
    }),
    note: z
      .string()
      .trim()
      .max(2000, 'note must be at most 2,000 characters')
      .nullable()
      .optional(),
  })
  .strict();

export function parseReview(body: unknown): {
  verdict: (typeof REVIEW_VERDICTS)[number];
  note: string | null;
} {
  const review = parseInput(reviewBody, body, 'review');
  return { verdict: review.verdict, note: review.note ? review.note : null };
}

/** /ops: the escalation log API and the review page, behind OPS_TOKEN (DESIGN.md HTTP contract). */
export async function opsRoutes(app: FastifyInstance, deps: OpsRouteDeps): Promise<void> {
  await app.register(async (scoped) => {
    const opsToken = deps.config.OPS_TOKEN;
    if (!opsToken) {
      const disabled = async (_request: FastifyRequest, reply: FastifyReply) =>
        reply.status(503).send(errorBody('ops_disabled', OPS_DISABLED_MESSAGE));
      scoped.all('/ops', disabled);
      scoped.all('/ops/*', disabled);
      return;
    }
    const auth = createOpsAuth(opsToken);
    const presenter = createOpsPresenter(createRedactor(deps.config.REDACT_PERSONAL_DATA));
    await scoped.register(cookie);
    scoped.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 8 * 1024 },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );

    scoped.decorateRequest('opsPrincipal', null);
    scoped.addHook('onRequest', async (request, reply) => {
      // Ops answers carry customer text: never cached, never framed.
      reply
        .header('cache-control', 'no-store')
        .header('x-frame-options', 'DENY')
        .header('referrer-policy', 'no-referrer')
        .header('x-content-type-options', 'nosniff');
      const config = request.routeOptions.config;
      if (config.opsPublic) return;
      const principal = auth.principalOf(request);
      // A removed staff account's session ends with it.
      if (principal?.kind === 'ops' || (principal && (await deps.staff.find(principal.name)))) {
        request.opsPrincipal = principal;
        return;
      }
      if (config.opsPage) {
        const page = renderLoginPage({ next: request.url, error: null });
        return reply
          .status(401)
          .header('content-security-policy', page.contentSecurityPolicy)
          .type('text/html; charset=utf-8')
          .send(page.html);
      }
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="parley-ops"')
        .send(errorBody('unauthorized', UNAUTHORIZED_MESSAGE));
    });

    scoped.get('/ops/escalations', async (request) => {
      const query = request.query as Query;
      rejectUnknownParameters(query, [...FILTER_PARAMETERS, 'limit', 'cursor']);
      const filter = parseEscalationFilter(query);
      const page = await deps.escalations.list(filter, parsePage(query));
      return { items: page.items.map(presenter.record), nextCursor: page.nextCursor };
    });

    scoped.get('/ops/escalations/export', async (request, reply) => {
      const query = request.query as Query;
      rejectUnknownParameters(query, [...FILTER_PARAMETERS, 'format']);
      const format = (query.format ?? 'csv') as string;
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
        throw invalidInput(
          `Query parameter "format" must be one of ${EXPORT_FORMATS.join(', ')} (got "${String(format)}").`,
        );
      }
      const result = exportEscalations({
        store: deps.escalations,
        filter: parseEscalationFilter(query),
        format: format as ExportFormat,
        present: presenter.record,
      });
      return reply
        .type(result.contentType)
        .header('content-disposition', `attachment; filename="${result.filename}"`)
        .send(result.body);
    });

    scoped.get('/ops/escalations/:id', async (request) => {
      const { id } = request.params as { id: string };
      return escalationWithTranscript(deps, presenter, id);
    });

    scoped.post('/ops/escalations/:id/review', async (request) => {
      const { id } = request.params as { id: string };
      const review = parseReview(request.body);
      const updated = await deps.escalations.review(id, review);
      if (!updated) throw notFound('This escalation');
      return presenter.record(updated);
    });

    scoped.get('/ops/stats', async (request) => {
      const query = request.query as Query;
      rejectUnknownParameters(query, ['from', 'to']);
      return deps.escalations.stats(parseTimeRange(query));
    });

    await opsPageRoutes(scoped, {
      auth,
      staff: deps.staff,
      escalations: deps.escalations,
      presenter,
      loadDetail: (id) => escalationWithTranscript(deps, presenter, id),
    });
    if (deps.extraRoutes) await deps.extraRoutes(scoped);
  });
}

export type EscalationDetail = EscalationRecord & { transcript: Transcript };

async function escalationWithTranscript(
  deps: OpsRouteDeps,
  presenter: OpsPresenter,
  id: string,
): Promise<EscalationDetail> {
  const record = await deps.escalations.get(id);
  if (!record) throw notFound('This escalation');
  const [conversation, messages] = await Promise.all([
    deps.conversations.getConversation(record.conversationId),
    deps.conversations.listMessages(record.conversationId),
  ]);
  return { ...presenter.record(record), transcript: presenter.transcript(conversation, messages) };
}
