import type { OutcomeFigures, OutcomeStats } from '../../core/outcomes/outcome-figures.js';
import { html, type SafeHtml } from './html.js';
import { format } from './ops-page-strings.js';
import { OUTCOME_PAGE_STRINGS as strings } from './outcome-page-strings.js';

const WIDTH = 360;
const HEIGHT = 200;
const PADDING = { top: 10, right: 8, bottom: 26, left: 30 };
const MAX_DAYS = 60;

type Series = keyof typeof strings.series;
const SERIES: readonly Series[] = [
  'resolved_hard',
  'resolved_soft',
  'handed_off',
  'resolved_by_staff',
  'unresolved',
  'open',
];

function seriesCount(figures: OutcomeFigures, series: Series): number {
  const outcomes = figures.outcomes;
  if (series === 'resolved_hard') return outcomes.resolved_by_bot.hard;
  if (series === 'resolved_soft') return outcomes.resolved_by_bot.soft;
  return outcomes[series];
}

export const percent = (rate: number | null) =>
  rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
export const usd = (value: number | null) =>
  value === null ? '—' : `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;

/**
 * Stacked bars of conversations per day by outcome, as inline SVG. The viewBox is narrow so that
 * the chart scales down to a 375-px screen with readable labels; the legend lists only the
 * series that have a bar in the chart.
 */
export function renderOutcomeChart(perDay: OutcomeStats['outcomesPerDay']): SafeHtml {
  if (perDay.length === 0) return html`<p>${strings.chartEmpty}</p>`;
  const days = perDay.slice(-MAX_DAYS);
  const drawn = SERIES.filter((series) => days.some((day) => seriesCount(day, series) > 0));
  const maximum = Math.max(1, ...days.map((day) => day.conversations));
  const plotWidth = WIDTH - PADDING.left - PADDING.right;
  const plotHeight = HEIGHT - PADDING.top - PADDING.bottom;
  const slot = plotWidth / days.length;
  const barWidth = Math.max(1, Math.min(24, slot * 0.8));
  const y = (count: number) => PADDING.top + plotHeight - (count / maximum) * plotHeight;
  const bars = days.map((day, index) => {
    const x = PADDING.left + index * slot + (slot - barWidth) / 2;
    let stacked = 0;
    const rects = drawn.map((series) => {
      const count = seriesCount(day, series);
      if (count === 0) return '';
      const top = y(stacked + count);
      const height = y(stacked) - top;
      stacked += count;
      return html`<rect class="outcome-${series}" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.max(height, 0.5).toFixed(1)}"></rect>`;
    });
    const label = `${day.day}: ${drawn
      .filter((series) => seriesCount(day, series) > 0)
      .map((series) => `${seriesCount(day, series)} ${strings.series[series]}`)
      .join(', ')}`;
    return html`<g><title>${label}</title>${rects}</g>`;
  });
  const first = days[0]?.day ?? '';
  const last = days.at(-1)?.day ?? '';
  return html`<figure class="outcome-figure">
<svg class="outcome-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="outcome-chart-title outcome-chart-description" xmlns="http://www.w3.org/2000/svg">
<title id="outcome-chart-title">${strings.chartTitle}</title>
<desc id="outcome-chart-description">${first} – ${last}; busiest day ${maximum} conversations.</desc>
<line class="axis" x1="${PADDING.left}" y1="${PADDING.top + plotHeight}" x2="${WIDTH - PADDING.right}" y2="${PADDING.top + plotHeight}"></line>
<line class="axis" x1="${PADDING.left}" y1="${PADDING.top}" x2="${PADDING.left}" y2="${PADDING.top + plotHeight}"></line>
<text x="${PADDING.left - 4}" y="${PADDING.top + 8}" text-anchor="end">${maximum}</text>
<text x="${PADDING.left - 4}" y="${PADDING.top + plotHeight}" text-anchor="end">0</text>
<text x="${PADDING.left}" y="${HEIGHT - 6}">${first}</text>
${first === last ? '' : html`<text x="${WIDTH - PADDING.right}" y="${HEIGHT - 6}" text-anchor="end">${last}</text>`}
${bars}
</svg>
<figcaption><ul class="legend outcome-legend">${drawn.map((series) => html`<li><span class="swatch outcome-swatch-${series}"></span>${strings.series[series]}</li>`)}</ul></figcaption>
</figure>
<details><summary>${strings.chartData}</summary>
<div class="fit"><table><thead><tr><th scope="col">${strings.day}</th>${drawn.map((series) => html`<th scope="col">${strings.series[series]}</th>`)}</tr></thead>
<tbody>${perDay.map((day) => html`<tr><th scope="row">${day.day}</th>${drawn.map((series) => html`<td>${seriesCount(day, series)}</td>`)}</tr>`)}</tbody></table></div>
</details>`;
}

function resolvedCell(figures: OutcomeFigures): string {
  return `${percent(figures.resolutionRate.total)} (${percent(figures.resolutionRate.hard)} / ${percent(figures.resolutionRate.soft)})`;
}

/** The outcome figures the /ops page shows first: totals, the per-day chart, the per-language table. */
export function renderOutcomeFigures(stats: OutcomeStats): SafeHtml {
  const item = (label: string, value: unknown, id: string) =>
    html`<div><dt id="outcome-${id}">${label}</dt><dd aria-labelledby="outcome-${id}">${value}</dd></div>`;
  const languages = Object.entries(stats.outcomesByLanguage);
  return html`<section aria-labelledby="outcomes-title" class="outcomes">
<h2 id="outcomes-title">${strings.outcomesTitle}</h2>
<dl class="totals">
${item(strings.conversations, stats.conversations.toLocaleString('en-US'), 'conversations')}
${item(strings.resolutionRate, html`${percent(stats.resolutionRate.total)}<br><span class="note">${format(strings.resolutionSplit, { hard: percent(stats.resolutionRate.hard), soft: percent(stats.resolutionRate.soft) })}</span>`, 'resolution')}
${item(strings.handoffRate, percent(stats.handoffRate), 'handoff')}
${item(strings.feedback, html`${stats.feedback.up} / ${stats.feedback.down}<br><span class="note">${format(strings.upShare, { share: percent(stats.feedback.upShare) })}</span>`, 'feedback')}
${item(strings.costPerResolved, html`${usd(stats.costPerResolvedConversationUsd)}<br><span class="note">${format(strings.conversationCost, { cost: usd(stats.conversationCostUsd) })}</span>`, 'cost')}
</dl>
${renderOutcomeChart(stats.outcomesPerDay)}
${
  languages.length === 0
    ? ''
    : html`<div class="fit"><table class="compact stack"><caption>${strings.byLanguage}</caption>
<thead><tr><th scope="col">${strings.language}</th><th scope="col">${strings.conversations}</th><th scope="col">${strings.resolvedShort}</th><th scope="col">${strings.handoffShort}</th><th scope="col">${strings.upShareShort}</th><th scope="col">${strings.costShort}</th></tr></thead>
<tbody>${languages.map(([language, figures]) => html`<tr><th scope="row">${language}</th><td data-label="${strings.conversations}">${figures.conversations}</td><td data-label="${strings.resolvedShort}">${resolvedCell(figures)}</td><td data-label="${strings.handoffShort}">${percent(figures.handoffRate)}</td><td data-label="${strings.upShareShort}">${percent(figures.feedback.upShare)}</td><td data-label="${strings.costShort}">${usd(figures.costPerResolvedConversationUsd)}</td></tr>`)}</tbody></table></div>`
}
<p class="note">${format(strings.outcomesNote, { hours: stats.resolutionWindowHours })}</p>
</section>`;
}
