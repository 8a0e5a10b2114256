import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { invalidInput } from '../../core/conversation/conversation-errors.js';
import { SUPPORTED_LANGUAGES } from '../../core/language/language.js';
import type {
  KnowledgeGap,
  KnowledgeGapQuery,
} from '../../core/outcomes/create-knowledge-gap-query.js';
import { errorResponses, jsonResponse, opsSecurity, textResponse } from '../openapi/api-schemas.js';
import { parseEscalationFilter, parseTimeRange, rejectUnknownParameters } from '../ops-query.js';
import { knowledgeGapListSchema, knowledgeGapQuery } from '../ops-schemas.js';
import { html } from './html.js';
import { type RenderedPage, renderLayout } from './ops-page-layout.js';
import { OPS_PAGE_RESPONSES } from './ops-page-responses.js';
import { OPS_PAGE_STRINGS } from './ops-page-strings.js';
import { OUTCOME_PAGE_STRINGS as words } from './outcome-page-strings.js';
import { percent } from './render-outcome-figures.js';

type Query = Record<string, string | string[] | undefined>;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const GAP_PARAMETERS = ['from', 'to', 'language', 'limit'] as const;

function parseGapQuery(query: Query) {
  const range = parseTimeRange(query);
  const languages = parseEscalationFilter({ language: query.language }).languages;
  const limitText = typeof query.limit === 'string' ? query.limit : undefined;
  const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
  if (!/^\d+$/.test(limitText ?? '1') || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw invalidInput(
      `Query parameter "limit" must be a whole number from 1 to ${MAX_LIMIT} (got "${limitText}").`,
    );
  return { ...range, ...(languages ? { languages } : {}), limit };
}

function toCsv(items: KnowledgeGap[]): string {
  return stringify(
    items.map((item) => ({
      language: item.language,
      topic: item.topic,
      count: item.count,
      unresolved_share: item.unresolvedShare.toFixed(3),
      best_passage: item.bestPassage?.id ?? '',
      best_passage_score: item.bestPassage?.score ?? '',
      low_retrieval: item.signals.low_retrieval,
      model_uncertain: item.signals.model_uncertain,
      rated_down: item.signals.rated_down,
      handoff: item.signals.handoff,
      examples: item.examples.join(' | '),
    })),
    // A question starting with "=" must not run as a spreadsheet formula.
    { header: true, escape_formulas: true },
  );
}

function renderGapsPage(input: {
  items: KnowledgeGap[];
  query: Query;
  ascending: boolean;
  error: string | null;
}): RenderedPage {
  const value = (name: string) =>
    typeof input.query[name] === 'string' ? String(input.query[name]) : '';
  const exportParams = new URLSearchParams();
  for (const name of GAP_PARAMETERS) if (value(name)) exportParams.set(name, value(name));
  const sortParams = new URLSearchParams(exportParams);
  sortParams.set('sort', input.ascending ? 'count-desc' : 'count-asc');
  const items = input.ascending ? [...input.items].reverse() : input.items;
  const body = html`<p><a href="/ops">${OPS_PAGE_STRINGS.en.backToList}</a></p>
<h1>${words.gapsTitle}</h1>
<p class="note">${words.gapsIntro}</p>
${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ''}
<section aria-label="${OPS_PAGE_STRINGS.en.filters}">
<form method="get" action="/ops/gaps" class="filters">
<label for="gaps-from">${OPS_PAGE_STRINGS.en.from}<input id="gaps-from" type="date" name="from" value="${value('from')}"></label>
<label for="gaps-to">${OPS_PAGE_STRINGS.en.to}<input id="gaps-to" type="date" name="to" value="${value('to')}"></label>
<label for="gaps-language">${words.language}<select id="gaps-language" name="language"><option value="">${OPS_PAGE_STRINGS.en.any}</option>${SUPPORTED_LANGUAGES.map((language) => html`<option value="${language}" ${value('language') === language ? html`selected` : ''}>${language}</option>`)}</select></label>
<button type="submit">${words.apply}</button>
</form>
<p class="actions"><a href="/ops/knowledge-gaps/export?${exportParams.toString()}" download>${words.exportCsv}</a></p>
</section>
<section aria-labelledby="gaps-table-title">
<h2 id="gaps-table-title">${words.gapsTitle}</h2>
${
  items.length === 0
    ? html`<p>${words.noGaps}</p>`
    : html`<div class="fit"><table class="compact stack">
<thead><tr><th scope="col">${words.language}</th><th scope="col">${words.topic}</th><th scope="col" aria-sort="${input.ascending ? 'ascending' : 'descending'}"><a href="/ops/gaps?${sortParams.toString()}">${words.count} ${input.ascending ? '▲' : '▼'}<span class="skip-text"> (${words.sortByCount}: ${input.ascending ? words.sortByCountDescending : words.sortByCountAscending})</span></a></th><th scope="col">${words.unresolvedShare}</th><th scope="col">${words.examples}</th><th scope="col">${words.bestPassage}</th></tr></thead>
<tbody>${items.map((item) => html`<tr><td data-label="${words.language}">${item.language}</td><td data-label="${words.topic}"><strong>${item.topic}</strong></td><td data-label="${words.count}">${item.count}</td><td data-label="${words.unresolvedShare}">${percent(item.unresolvedShare)}</td><td data-label="${words.examples}" class="excerpt"><ul>${item.examples.map((example) => html`<li>${example}</li>`)}</ul></td><td data-label="${words.bestPassage}">${item.bestPassage ? html`<code>${item.bestPassage.id}</code> (${item.bestPassage.score})` : words.none}</td></tr>`)}</tbody>
</table></div>`
}
</section>`;
  return renderLayout({
    title: words.gapsTitle,
    strings: OPS_PAGE_STRINGS.en,
    body,
    loggedIn: true,
  });
}

function sendPage(reply: FastifyReply, page: RenderedPage, status = 200) {
  return reply
    .status(status)
    .header('content-security-policy', page.contentSecurityPolicy)
    .type('text/html; charset=utf-8')
    .send(page.html);
}

/** GET /ops/knowledge-gaps (JSON), its CSV export, and the page /ops/gaps; behind the ops auth. */
export async function knowledgeGapRoutes(
  app: FastifyInstance,
  deps: { knowledgeGaps: KnowledgeGapQuery },
): Promise<void> {
  app.get(
    '/ops/knowledge-gaps',
    {
      schema: {
        tags: ['ops'],
        summary: 'Questions the help center did not answer, grouped by topic',
        security: opsSecurity,
        querystring: knowledgeGapQuery,
        response: {
          200: jsonResponse('The topics, most frequent first.', knowledgeGapListSchema),
          ...errorResponses(400, 401, 429, 503),
        },
      },
    },
    async (request) => {
      const query = request.query as Query;
      rejectUnknownParameters(query, GAP_PARAMETERS);
      return { items: await deps.knowledgeGaps.list(parseGapQuery(query)) };
    },
  );

  app.get(
    '/ops/knowledge-gaps/export',
    {
      schema: {
        tags: ['ops'],
        summary: 'The knowledge gaps as a CSV download',
        security: opsSecurity,
        querystring: knowledgeGapQuery,
        response: {
          200: textResponse('knowledge-gaps.csv, as an attachment.', 'text/csv'),
          ...errorResponses(400, 401, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const query = request.query as Query;
      rejectUnknownParameters(query, GAP_PARAMETERS);
      const items = await deps.knowledgeGaps.list(parseGapQuery(query));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="knowledge-gaps.csv"')
        .send(toCsv(items));
    },
  );

  app.get(
    '/ops/gaps',
    {
      config: { opsPage: true },
      schema: {
        tags: ['pages'],
        summary: 'The knowledge gaps page',
        security: opsSecurity,
        querystring: knowledgeGapQuery.extend({
          sort: z.string().optional().meta({ description: 'count-desc (default) or count-asc.' }),
        }),
        response: OPS_PAGE_RESPONSES,
      },
    },
    async (request, reply) => {
      const query = request.query as Query;
      const ascending = query.sort === 'count-asc';
      const filterQuery: Query = {};
      for (const name of GAP_PARAMETERS)
        if (typeof query[name] === 'string' && query[name] !== '') filterQuery[name] = query[name];
      try {
        const items = await deps.knowledgeGaps.list(parseGapQuery(filterQuery));
        return sendPage(
          reply,
          renderGapsPage({ items, query: filterQuery, ascending, error: null }),
        );
      } catch (error) {
        if (!(error instanceof Error) || (error as { status?: number }).status !== 400) throw error;
        return sendPage(
          reply,
          renderGapsPage({ items: [], query: filterQuery, ascending, error: error.message }),
          400,
        );
      }
    },
  );
}
