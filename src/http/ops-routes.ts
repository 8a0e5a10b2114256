import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Config } from '../config.js';
import { invalidInput, notFound } from '../core/conversation/conversation-errors.js';
import type { ConversationService } from '../core/conversation/create-conversation-service.js';
import type {
  EscalationFilter,
  EscalationRecord,
  REVIEW_VERDICTS,
} from '../core/escalations/escalation-record.js';
import type { EscalationStore } from '../core/escalations/escalation-store.js';
import type { FeedbackService } from '../core/feedback/create-feedback-service.js';
import type { ConversationOutcome } from '../core/outcomes/conversation-outcome.js';
import type { KnowledgeGapQuery } from '../core/outcomes/create-knowledge-gap-query.js';
import type { OutcomeQuery } from '../core/outcomes/create-outcome-query.js';
import { createRedactor } from '../core/redaction/redact-personal-data.js';
import type { StaffRepository } from '../core/staff/staff-repository.js';
import { errorBody } from './error-handler.js';
import { createFailedAttemptLimiter } from './failed-attempt-limiter.js';
import { createOpsAuth, type OpsPrincipal } from './ops-auth.js';
import { EXPORT_FORMATS, type ExportFormat, exportEscalations } from './ops-export.js';
import { knowledgeGapRoutes } from './ops-page/knowledge-gap-routes.js';
import { opsPageRoutes } from './ops-page/ops-page-routes.js';
import { renderLoginPage } from './ops-page/render-login-page.js';
import { createOpsPresenter, type OpsPresenter, type Transcript } from './ops-presenter.js';
import {
  FILTER_PARAMETERS,
  parseEscalationFilter,
  parsePage,
  rejectUnknownParameters,
} from './ops-query.js';
import { OPS_API_SCHEMAS, reviewBody } from './ops-schemas.js';
import { parseInput } from './parse-input.js';
import { requestOrigin } from './same-origin.js';

export interface OpsRouteDeps {
  config: Pick<Config, 'OPS_TOKEN' | 'REDACT_PERSONAL_DATA'>;
  escalations: EscalationStore;
  conversations: Pick<ConversationService, 'getConversation' | 'listMessages'>;
  outcomes: OutcomeQuery;
  feedback: Pick<FeedbackService, 'listFeedback'>;
  knowledgeGaps: KnowledgeGapQuery;
  staff: StaffRepository;
  /** The deployment's secret (TOKEN_SECRET or the generated one): signs ops and staff sessions. */
  sessionSecret: string;
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
  'Nobody can log in to the ops review and the staff inbox yet. Create a staff account with `npx parley staff add NAME` (it prints the password) and log in at /ops, or Set OPS_TOKEN to a secret of at least 16 characters (e.g. `openssl rand -hex 32`) and restart Parley to use "Authorization: Bearer <OPS_TOKEN>".';
const UNAUTHORIZED_MESSAGE =
  'This route needs the ops token or a staff login: send "Authorization: Bearer <OPS_TOKEN>", or log in at /ops.';
const NO_BEARER_MESSAGE =
  'Bearer access to /ops needs OPS_TOKEN, which is not set on this server: log in at /ops with a staff account, or set OPS_TOKEN (16+ characters) and restart Parley.';

/** Wrong bearer tokens per client address per minute before /ops answers 429 to that address. */
const FAILED_TOKENS_PER_MINUTE = 10;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CROSS_ORIGIN_MESSAGE =
  'Changes with the ops session cookie are accepted only from the ops page itself (same origin). Scripts send "Authorization: Bearer <OPS_TOKEN>" instead.';

function hasAuthorizationHeader(request: FastifyRequest): boolean {
  return request.headers.authorization !== undefined;
}

type Review = { verdict: (typeof REVIEW_VERDICTS)[number]; note: string | null };

/** A review as stored: an empty note is no note. */
function toReview(review: z.output<typeof reviewBody>): Review {
  return { verdict: review.verdict, note: review.note ? review.note : null };
}

/** The review form's fields, checked as the JSON API checks its body. */
export function parseReview(body: unknown): Review {
  return toReview(parseInput(reviewBody, body, 'review'));
}

/** 503 while neither OPS_TOKEN nor a staff account exists; a browser gets the login form with it. */
function refuseUntilSomeoneCanLogIn(request: FastifyRequest, reply: FastifyReply) {
  if (!request.routeOptions.config.opsPage || hasAuthorizationHeader(request))
    return reply.status(503).send(errorBody('ops_disabled', OPS_DISABLED_MESSAGE));
  // The form stays: an account added with the CLI can log in without a restart.
  const page = renderLoginPage({
    next: request.url,
    error: OPS_DISABLED_MESSAGE,
    opsTokenEnabled: false,
  });
  return reply
    .status(503)
    .header('content-security-policy', page.contentSecurityPolicy)
    .type('text/html; charset=utf-8')
    .send(page.html);
}

/** /ops: the escalation log API and the review page, behind OPS_TOKEN (DESIGN.md HTTP contract). */
export async function opsRoutes(app: FastifyInstance, deps: OpsRouteDeps): Promise<void> {
  await app.register(async (scoped) => {
    // Without OPS_TOKEN the inbox still exists: staff accounts log in (a handoff always has a
    // screen where a person can answer). Only a server nobody can log in to says how to open it.
    const auth = createOpsAuth({
      ...(deps.config.OPS_TOKEN ? { opsToken: deps.config.OPS_TOKEN } : {}),
      sessionSecret: deps.sessionSecret,
    });
    const nobodyCanLogIn = async () => !auth.opsTokenEnabled && (await deps.staff.count()) === 0;
    // The login form has its own limit (ops-page-routes.ts); this one is for scripts' bearer headers.
    const failedTokens = createFailedAttemptLimiter({
      maxFailures: FAILED_TOKENS_PER_MINUTE,
      windowMs: 60_000,
    });
    const presenter = createOpsPresenter(createRedactor(deps.config.REDACT_PERSONAL_DATA));
    await scoped.register(cookie);

    scoped.decorateRequest('opsPrincipal', null);
    scoped.addHook('onRequest', async (request, reply) => {
      // Ops answers carry customer text: never cached, never framed.
      reply
        .header('cache-control', 'no-store')
        .header('x-frame-options', 'DENY')
        .header('referrer-policy', 'no-referrer')
        .header('x-content-type-options', 'nosniff');
      const config = request.routeOptions.config;
      if (config.opsPublic) {
        if (await nobodyCanLogIn()) return refuseUntilSomeoneCanLogIn(request, reply);
        return;
      }
      if (hasAuthorizationHeader(request) && failedTokens.isBlocked(request.ip)) {
        const seconds = failedTokens.retryAfterSeconds(request.ip);
        return reply
          .status(429)
          .header('retry-after', String(seconds))
          .send(
            errorBody(
              'rate_limited',
              `Too many wrong ops tokens from this address. Wait ${seconds} seconds and try again.`,
            ),
          );
      }
      const principal = auth.principalOf(request);
      // A removed staff account's session ends with it.
      if (principal?.kind === 'ops' || (principal && (await deps.staff.find(principal.name)))) {
        // A session cookie rides along with any request the browser makes, so a change made with
        // it must come from the ops page itself; a bearer header cannot be forged by a page.
        const changesState = !SAFE_METHODS.has(request.method);
        if (
          changesState &&
          !hasAuthorizationHeader(request) &&
          requestOrigin(request) !== 'same-origin'
        )
          return reply.status(403).send(errorBody('forbidden', CROSS_ORIGIN_MESSAGE));
        request.opsPrincipal = principal;
        return;
      }
      // Counted only for requests without a valid credential: a logged-in request never pays it.
      if (await nobodyCanLogIn()) return refuseUntilSomeoneCanLogIn(request, reply);
      if (hasAuthorizationHeader(request)) failedTokens.recordFailure(request.ip);
      if (config.opsPage) {
        const page = renderLoginPage({
          next: request.url,
          error: null,
          opsTokenEnabled: auth.opsTokenEnabled,
        });
        return reply
          .status(401)
          .header('content-security-policy', page.contentSecurityPolicy)
          .type('text/html; charset=utf-8')
          .send(page.html);
      }
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="parley-ops"')
        .send(
          errorBody(
            'unauthorized',
            hasAuthorizationHeader(request) && !auth.opsTokenEnabled
              ? NO_BEARER_MESSAGE
              : UNAUTHORIZED_MESSAGE,
          ),
        );
    });

    scoped.get(
      '/ops/escalations',
      {
        schema: OPS_API_SCHEMAS.escalationList,
      },
      async (request) => {
        const query = request.query as Query;
        rejectUnknownParameters(query, [...FILTER_PARAMETERS, 'limit', 'cursor']);
        const filter = parseEscalationFilter(query);
        const page = await deps.escalations.list(filter, parsePage(query));
        return { items: page.items.map(presenter.record), nextCursor: page.nextCursor };
      },
    );

    scoped.get(
      '/ops/escalations/export',
      {
        schema: OPS_API_SCHEMAS.escalationExport,
      },
      async (request, reply) => {
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
      },
    );

    scoped.get(
      '/ops/escalations/:id',
      {
        schema: OPS_API_SCHEMAS.escalationDetail,
      },
      async (request) => {
        const { id } = request.params as { id: string };
        return escalationWithTranscript(deps, presenter, id);
      },
    );

    scoped.post(
      '/ops/escalations/:id/review',
      {
        config: { inputNames: { body: 'review' } },
        schema: OPS_API_SCHEMAS.review,
      },
      async (request) => {
        const { id } = request.params as { id: string };
        const review = toReview(request.body as z.output<typeof reviewBody>);
        const updated = await deps.escalations.review(id, review);
        if (!updated) throw notFound('This escalation');
        return presenter.record(updated);
      },
    );

    scoped.get(
      '/ops/stats',
      {
        schema: OPS_API_SCHEMAS.stats,
      },
      async (request) => {
        const query = request.query as Query;
        rejectUnknownParameters(query, FILTER_PARAMETERS);
        return statsFor(deps, parseEscalationFilter(query));
      },
    );

    await knowledgeGapRoutes(scoped, { knowledgeGaps: deps.knowledgeGaps });
    // Form bodies only for the page's own forms: the JSON API answers 415 to them, so a page that
    // cannot send JSON cross-origin without a preflight cannot reach the API with a plain form.
    await scoped.register(async (forms) => {
      forms.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 8 * 1024 },
        (_request, body, done) => {
          done(null, Object.fromEntries(new URLSearchParams(String(body))));
        },
      );
      await opsPageRoutes(forms, {
        auth,
        staff: deps.staff,
        escalations: deps.escalations,
        presenter,
        loadStats: (filter) => statsFor(deps, filter),
        loadDetail: (id) => escalationWithTranscript(deps, presenter, id),
      });
    });
    if (deps.extraRoutes) await deps.extraRoutes(scoped);
  });
}

/** The escalation figures and the conversation outcome figures, over the same filter. */
export async function statsFor(deps: OpsRouteDeps, filter: EscalationFilter) {
  const [escalations, outcomes] = await Promise.all([
    deps.escalations.stats(filter),
    deps.outcomes.stats(filter),
  ]);
  return { ...escalations, ...outcomes };
}

export type OpsStats = Awaited<ReturnType<typeof statsFor>>;

export type EscalationDetail = EscalationRecord & {
  transcript: Transcript;
  /** The conversation's outcome now and the rule that decided it (null: the customer never wrote). */
  conversationOutcome: ConversationOutcome | null;
  /** The customer's ratings of the answers in the transcript. */
  feedback: Array<{ messageId: string; rating: 'up' | 'down'; comment: string | null }>;
};

async function escalationWithTranscript(
  deps: OpsRouteDeps,
  presenter: OpsPresenter,
  id: string,
): Promise<EscalationDetail> {
  const record = await deps.escalations.get(id);
  if (!record) throw notFound('This escalation');
  const [conversation, messages, judged, feedback] = await Promise.all([
    deps.conversations.getConversation(record.conversationId),
    deps.conversations.listMessages(record.conversationId),
    deps.outcomes.outcomeOf(record.conversationId),
    deps.feedback.listFeedback([record.conversationId]),
  ]);
  return {
    ...presenter.record(record),
    transcript: presenter.transcript(conversation, messages),
    conversationOutcome: judged?.outcome ?? null,
    feedback: feedback.map((item) => ({
      messageId: item.messageId,
      rating: item.rating,
      comment: item.comment,
    })),
  };
}
