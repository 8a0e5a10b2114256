import type {
  EscalationPage,
  EscalationRecord,
  EscalationStats,
} from '../../core/escalations/escalation-record.js';
import { ESCALATION_OUTCOMES } from '../../core/escalations/escalation-record.js';
import { SUPPORTED_LANGUAGES } from '../../core/language/language.js';
import { REASON_CODES, TIERS } from '../../core/routing/routing-decision.js';
import type { OpsStats } from '../ops-routes.js';
import { renderEscalationChart } from './escalation-chart.js';
import { html, type SafeHtml } from './html.js';
import { type RenderedPage, renderLayout } from './ops-page-layout.js';
import { format, OPS_PAGE_STRINGS, type OpsPageStrings } from './ops-page-strings.js';
import { renderOutcomeFigures } from './render-outcome-figures.js';

/** The filter values as the person typed them (dates stay dates), to fill the form back in. */
export interface ListPageFilterValues {
  from?: string;
  to?: string;
  language?: string;
  tier?: string;
  reason?: string;
  outcome?: string;
  reviewed?: string;
}

export interface ListPageInput {
  values: ListPageFilterValues;
  page: EscalationPage | null;
  stats: OpsStats | null;
  /** Query string of the current filters (without cursor), for export and paging links. */
  filterQuery: string;
  isFirstPage: boolean;
  error: string | null;
}

/** An ISO instant as "2026-03-31 12:00:00" (UTC, to the second): compact in a table, still sortable. */
export const timeOf = (iso: string) => iso.replace('T', ' ').slice(0, 19);
export const money = (usd: number) => `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const count = (value: number) => value.toLocaleString('en-US');

function select(
  name: string,
  label: string,
  current: string | undefined,
  options: ReadonlyArray<readonly [string, string]>,
  strings: OpsPageStrings,
): SafeHtml {
  return html`<label for="filter-${name}">${label}
<select id="filter-${name}" name="${name}">
<option value="">${strings.any}</option>
${options.map(([value, text]) => html`<option value="${value}" ${current === value ? html`selected` : ''}>${text}</option>`)}
</select></label>`;
}

function renderFilters(
  values: ListPageFilterValues,
  filterQuery: string,
  strings: OpsPageStrings,
): SafeHtml {
  const pairs = (list: readonly string[]) => list.map((value) => [value, value] as const);
  const exportQuery = filterQuery ? `&${filterQuery}` : '';
  return html`<section aria-labelledby="filters-title">
<h2 id="filters-title">${strings.filters}</h2>
<form method="get" action="/ops" class="filters">
<label for="filter-from">${strings.from}<input id="filter-from" type="date" name="from" value="${values.from ?? ''}"></label>
<label for="filter-to">${strings.to}<input id="filter-to" type="date" name="to" value="${values.to ?? ''}"></label>
${select('language', strings.language, values.language, pairs(SUPPORTED_LANGUAGES), strings)}
${select('tier', strings.tier, values.tier, pairs(TIERS), strings)}
${select('reason', strings.reason, values.reason, pairs(REASON_CODES), strings)}
${select('outcome', strings.outcome, values.outcome, pairs(ESCALATION_OUTCOMES), strings)}
${select(
  'reviewed',
  strings.review,
  values.reviewed,
  [
    ['false', strings.notReviewed],
    ['true', strings.reviewed],
  ],
  strings,
)}
<button type="submit">${strings.apply}</button>
<a href="/ops">${strings.reset}</a>
</form>
<p class="actions"><a href="/ops/escalations/export?format=csv${exportQuery}" download>${strings.exportCsv}</a>
<a href="/ops/escalations/export?format=jsonl${exportQuery}" download>${strings.exportJsonl}</a></p>
</section>`;
}

function renderTotals(stats: EscalationStats, strings: OpsPageStrings): SafeHtml {
  const item = (label: string, value: unknown, id: string) =>
    html`<div><dt id="total-${id}">${label}</dt><dd aria-labelledby="total-${id}">${value}</dd></div>`;
  return html`<section aria-labelledby="totals-title">
<h2 id="totals-title">${strings.totals}</h2>
<dl class="totals">
${item(strings.turns, count(stats.turns.total), 'turns')}
${item(strings.escalations, count(stats.escalations.total), 'escalations')}
${item(strings.escalationRate, percent(stats.escalationRate), 'rate')}
${item(strings.cost, html`${money(stats.costUsd.total)}<br><span class="note">${format(strings.costSplit, { small: money(stats.costUsd.small), large: money(stats.costUsd.large) })}</span>`, 'cost')}
${item(strings.tokens, `${count(stats.tokens.inputTokens)} / ${count(stats.tokens.outputTokens)}`, 'tokens')}
${item(strings.cacheHits, count(stats.turns.answerCacheHits), 'cache')}
${item(strings.latency, stats.latencyMs.p50 === null ? '—' : `${stats.latencyMs.p50} / ${stats.latencyMs.p95} ms`, 'latency')}
</dl>
<p class="note">${strings.totalsNote}</p>
${renderEscalationChart(stats.perDay, strings)}
</section>`;
}

export function tierBadge(tier: string): SafeHtml {
  return html`<span class="tier tier-${tier}">${tier}</span>`;
}

function renderRow(record: EscalationRecord, strings: OpsPageStrings): SafeHtml {
  return html`<tr>
<td><a href="/ops/view/${encodeURIComponent(record.id)}">${timeOf(record.createdAt)}</a></td>
<td>${record.language ?? strings.none}</td>
<td>${record.routedTier === record.tier ? '' : html`${tierBadge(record.routedTier)} → `}${tierBadge(record.tier)}</td>
<td>${record.reasons.length === 0 ? strings.none : record.reasons.map((reason) => (reason === record.modelSignal ? `${reason} (${strings.byModel})` : reason)).join(', ')}</td>
<td>${record.outcome}</td>
<td>${money(record.costUsd)}</td>
<td>${record.latencyMs.total} ms</td>
<td class="excerpt">${record.excerpt}</td>
<td>${record.review?.verdict ?? strings.none}</td>
</tr>`;
}

function renderTable(input: ListPageInput, strings: OpsPageStrings): SafeHtml {
  const page = input.page;
  if (page === null) return html``;
  const query = input.filterQuery ? `${input.filterQuery}&` : '';
  return html`<section aria-labelledby="list-title">
<h2 id="list-title">${strings.escalations}</h2>
${
  page.items.length === 0
    ? html`<p>${strings.noResults}</p>`
    : html`<div class="fit"><table>
<caption>${strings.tableCaption}</caption>
<thead><tr><th scope="col">${strings.time}</th><th scope="col">${strings.language}</th><th scope="col">${strings.tier}</th><th scope="col">${strings.reasons}</th><th scope="col">${strings.outcome}</th><th scope="col">${strings.cost}</th><th scope="col">${strings.latencyShort}</th><th scope="col">${strings.customerMessage}</th><th scope="col">${strings.review}</th></tr></thead>
<tbody>${page.items.map((record) => renderRow(record, strings))}</tbody>
</table></div>`
}
<nav class="actions" aria-label="Pages">
${input.isFirstPage ? '' : html`<a href="/ops${input.filterQuery ? `?${input.filterQuery}` : ''}">${strings.newest}</a>`}
${page.nextCursor ? html`<a href="/ops?${query}cursor=${encodeURIComponent(page.nextCursor)}" rel="next">${strings.older}</a>` : ''}
</nav>
</section>`;
}

export function renderEscalationListPage(input: ListPageInput): RenderedPage {
  const strings = OPS_PAGE_STRINGS.en;
  const body = html`<h1>${strings.escalations}</h1>
${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ''}
${input.stats ? renderOutcomeFigures(input.stats) : ''}
${renderFilters(input.values, input.filterQuery, strings)}
${input.stats ? renderTotals(input.stats, strings) : ''}
${renderTable(input, strings)}`;
  return renderLayout({ title: strings.escalations, strings, body, loggedIn: true });
}
