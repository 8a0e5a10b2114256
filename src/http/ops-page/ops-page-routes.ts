import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ParleyError } from '../../core/conversation/conversation-errors.js';
import type { EscalationFilter } from '../../core/escalations/escalation-record.js';
import type { EscalationStore } from '../../core/escalations/escalation-store.js';
import type { StaffRepository } from '../../core/staff/staff-repository.js';
import { errorResponses, opsSecurity, textResponse } from '../openapi/api-schemas.js';
import { OPS_SESSION_COOKIE, OPS_SESSION_SECONDS, type OpsAuth } from '../ops-auth.js';
import type { OpsPresenter } from '../ops-presenter.js';
import { FILTER_PARAMETERS, parseEscalationFilter, parsePage } from '../ops-query.js';
import type { EscalationDetail, OpsStats } from '../ops-routes.js';
import { parseReview } from '../ops-routes.js';
import { escalationListQuery, escalationParams, loginForm, reviewForm } from '../ops-schemas.js';
import { requestOrigin } from '../same-origin.js';
import { html } from './html.js';
import { type RenderedPage, renderLayout } from './ops-page-layout.js';
import { OPS_FORM_RESPONSES, OPS_PAGE_RESPONSES } from './ops-page-responses.js';
import { OPS_PAGE_STRINGS } from './ops-page-strings.js';
import { renderEscalationDetailPage } from './render-escalation-detail-page.js';
import {
  type ListPageFilterValues,
  renderEscalationListPage,
} from './render-escalation-list-page.js';
import { renderLoginPage, safeNextPath } from './render-login-page.js';

export interface OpsPageRouteDeps {
  auth: OpsAuth;
  staff: StaffRepository;
  escalations: EscalationStore;
  presenter: OpsPresenter;
  loadDetail(id: string): Promise<EscalationDetail>;
  loadStats(filter: EscalationFilter): Promise<OpsStats>;
}

/** Login attempts per client per minute: OPS_TOKEN is long, but guessing should still be slow. */
const LOGIN_ATTEMPTS_PER_MINUTE = 10;

function sendPage(reply: FastifyReply, page: RenderedPage, status = 200) {
  return reply
    .status(status)
    .header('content-security-policy', page.contentSecurityPolicy)
    .type('text/html; charset=utf-8')
    .send(page.html);
}

function errorPage(message: string): RenderedPage {
  const strings = OPS_PAGE_STRINGS.en;
  return renderLayout({
    title: strings.escalations,
    strings,
    body: html`<p><a href="/ops">${strings.backToList}</a></p><p class="error" role="alert">${message}</p>`,
    loggedIn: true,
  });
}

/**
 * The login form carries no session yet, but a login posted from another site would log the
 * browser into someone else's session: a form from a known foreign origin is refused. (Changes
 * made with the session cookie are checked for the whole /ops scope in ops-routes.ts.)
 */
function assertNotForeign(request: FastifyRequest): void {
  if (requestOrigin(request) === 'foreign')
    throw new ParleyError('forbidden', 'This form can only be sent from the ops page itself.', 403);
}

/** The server-rendered review page: no script, plain forms and links, so it works from the keyboard. */
export async function opsPageRoutes(app: FastifyInstance, deps: OpsPageRouteDeps): Promise<void> {
  app.get(
    '/ops',
    {
      config: { opsPage: true },
      schema: {
        tags: ['pages'],
        summary: 'The escalation review page: filters, figures and the log',
        security: opsSecurity,
        querystring: escalationListQuery,
        response: OPS_PAGE_RESPONSES,
      },
    },
    async (request, reply) => {
      const query = request.query as Record<string, string | string[] | undefined>;
      const values: ListPageFilterValues = {};
      const filterParams = new URLSearchParams();
      for (const name of FILTER_PARAMETERS) {
        const raw = query[name];
        const value = Array.isArray(raw) ? raw[0] : raw;
        if (value !== undefined && value.trim() !== '') {
          values[name] = value.trim();
          filterParams.set(name, value.trim());
        }
      }
      const filterQuery = filterParams.toString();
      const cursor =
        typeof query.cursor === 'string' && query.cursor !== '' ? query.cursor : undefined;
      try {
        const filterQueryObject = Object.fromEntries(filterParams);
        const filter = parseEscalationFilter(filterQueryObject);
        const [page, stats] = await Promise.all([
          deps.escalations.list(filter, parsePage(cursor ? { cursor } : {})),
          deps.loadStats(filter),
        ]);
        const presented = { ...page, items: page.items.map(deps.presenter.record) };
        return sendPage(
          reply,
          renderEscalationListPage({
            values,
            page: presented,
            stats,
            filterQuery,
            isFirstPage: cursor === undefined,
            error: null,
          }),
        );
      } catch (error) {
        if (!(error instanceof ParleyError) || error.status !== 400) throw error;
        return sendPage(
          reply,
          renderEscalationListPage({
            values,
            page: null,
            stats: null,
            filterQuery: '',
            isFirstPage: true,
            error: error.message,
          }),
          400,
        );
      }
    },
  );

  app.get(
    '/ops/view/:id',
    {
      config: { opsPage: true },
      schema: {
        tags: ['pages'],
        summary: 'One escalation, with the review form',
        security: opsSecurity,
        params: escalationParams,
        response: { ...OPS_PAGE_RESPONSES, 404: textResponse('No such escalation.', 'text/html') },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      try {
        return sendPage(reply, renderEscalationDetailPage(await deps.loadDetail(id)));
      } catch (error) {
        if (error instanceof ParleyError && error.status === 404)
          return sendPage(reply, errorPage(error.message), 404);
        throw error;
      }
    },
  );

  app.post(
    '/ops/view/:id/review',
    {
      config: { opsPage: true },
      // The form's fields are read as the page always did; the schema documents them.
      attachValidation: true,
      schema: {
        tags: ['pages'],
        summary: "The review form's post",
        security: opsSecurity,
        consumes: ['application/x-www-form-urlencoded'],
        params: escalationParams,
        body: reviewForm,
        response: { ...OPS_FORM_RESPONSES, 404: textResponse('No such escalation.', 'text/html') },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = (request.body ?? {}) as Record<string, unknown>;
      let review: ReturnType<typeof parseReview>;
      try {
        review = parseReview({
          verdict: body.verdict,
          note: typeof body.note === 'string' ? body.note : null,
        });
      } catch (error) {
        if (error instanceof ParleyError) return sendPage(reply, errorPage(error.message), 400);
        throw error;
      }
      const updated = await deps.escalations.review(id, review);
      if (!updated) return sendPage(reply, errorPage('This escalation does not exist.'), 404);
      return reply.redirect(`/ops/view/${encodeURIComponent(id)}`, 303);
    },
  );

  app.post(
    '/ops/login',
    {
      config: { opsPublic: true },
      attachValidation: true,
      schema: {
        tags: ['pages'],
        summary: 'Log in (ops token, or staff name and password): sets the session cookie',
        consumes: ['application/x-www-form-urlencoded'],
        body: loginForm,
        response: {
          303: textResponse('Logged in: the parley_ops cookie is set; see Location.', 'text/plain'),
          401: textResponse('Wrong token or password: the login form again.', 'text/html'),
          ...errorResponses(403, 415, 429),
        },
      },
      ...(typeof app.rateLimit === 'function'
        ? { onRequest: app.rateLimit({ max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: '1 minute' }) }
        : {}),
    },
    async (request, reply) => {
      assertNotForeign(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const token = typeof body.token === 'string' ? body.token : '';
      const name = typeof body.name === 'string' ? body.name.trim() : '';
      const next = safeNextPath(typeof body.next === 'string' ? body.next : undefined);
      // With a name, the secret is that staff member's password; without, the ops token.
      const account = name ? await deps.staff.authenticate(name, token) : undefined;
      if (name ? !account : !deps.auth.tokenMatches(token)) {
        return sendPage(
          reply,
          renderLoginPage({
            next,
            name,
            error:
              name || !deps.auth.opsTokenEnabled
                ? OPS_PAGE_STRINGS.en.wrongPassword
                : OPS_PAGE_STRINGS.en.wrongToken,
            opsTokenEnabled: deps.auth.opsTokenEnabled,
          }),
          401,
        );
      }
      const session = account
        ? deps.auth.issueStaffSession(account.name)
        : deps.auth.issueSession();
      reply.setCookie(OPS_SESSION_COOKIE, session, {
        path: '/ops',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        maxAge: OPS_SESSION_SECONDS,
      });
      return reply.redirect(next, 303);
    },
  );

  app.post(
    '/ops/logout',
    {
      config: { opsPage: true },
      schema: {
        tags: ['pages'],
        summary: 'Log out: clears the session cookie',
        security: opsSecurity,
        response: OPS_FORM_RESPONSES,
      },
    },
    async (request, reply) => {
      reply.clearCookie(OPS_SESSION_COOKIE, {
        path: '/ops',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
      });
      return reply.redirect('/ops', 303);
    },
  );
}
