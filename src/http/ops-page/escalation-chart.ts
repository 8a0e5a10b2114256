import type { EscalationStats } from '../../core/escalations/escalation-record.js';
import { TIERS, type Tier } from '../../core/routing/routing-decision.js';
import { html, type SafeHtml } from './html.js';
import type { OpsPageStrings } from './ops-page-strings.js';

const WIDTH = 760;
const HEIGHT = 220;
const PADDING = { top: 12, right: 12, bottom: 28, left: 36 };
/** Wider ranges show their most recent days; the data table below lists them all. */
const MAX_DAYS = 90;
const STACK: readonly Tier[] = TIERS;

/** Stacked bars of escalations per day by tier, as inline SVG (no script, no chart library). */
export function renderEscalationChart(
  perDay: EscalationStats['perDay'],
  strings: OpsPageStrings,
): SafeHtml {
  if (perDay.length === 0) return html`<p>${strings.chartEmpty}</p>`;
  const days = perDay.slice(-MAX_DAYS);
  const totals = days.map((day) => day.small + day.large + day.human);
  const maximum = Math.max(1, ...totals);
  const plotWidth = WIDTH - PADDING.left - PADDING.right;
  const plotHeight = HEIGHT - PADDING.top - PADDING.bottom;
  const slot = plotWidth / days.length;
  const barWidth = Math.max(1, Math.min(28, slot * 0.8));
  const y = (count: number) => PADDING.top + plotHeight - (count / maximum) * plotHeight;

  const bars = days.map((day, index) => {
    const x = PADDING.left + index * slot + (slot - barWidth) / 2;
    let stacked = 0;
    const rects = STACK.map((tier) => {
      const count = day[tier];
      if (count === 0) return '';
      const top = y(stacked + count);
      const height = y(stacked) - top;
      stacked += count;
      return html`<rect class="bar-${tier}" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.max(height, 0.5).toFixed(1)}"></rect>`;
    });
    const label = `${day.day}: ${STACK.filter((tier) => day[tier] > 0)
      .map((tier) => `${day[tier]} ${tier}`)
      .join(', ')}`;
    return html`<g><title>${label}</title>${rects}</g>`;
  });
  const first = days[0]?.day ?? '';
  const last = days.at(-1)?.day ?? '';

  return html`<figure>
<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-description" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">${strings.chartTitle}</title>
<desc id="chart-description">${first} – ${last}, ${totals.reduce((sum, total) => sum + total, 0)} escalations; busiest day ${maximum}.</desc>
<line class="axis" x1="${PADDING.left}" y1="${PADDING.top + plotHeight}" x2="${WIDTH - PADDING.right}" y2="${PADDING.top + plotHeight}"></line>
<line class="axis" x1="${PADDING.left}" y1="${PADDING.top}" x2="${PADDING.left}" y2="${PADDING.top + plotHeight}"></line>
<text x="${PADDING.left - 6}" y="${PADDING.top + 4}" text-anchor="end">${maximum}</text>
<text x="${PADDING.left - 6}" y="${PADDING.top + plotHeight}" text-anchor="end">0</text>
<text x="${PADDING.left}" y="${HEIGHT - 8}">${first}</text>
<text x="${WIDTH - PADDING.right}" y="${HEIGHT - 8}" text-anchor="end">${last}</text>
${bars}
</svg>
<figcaption><ul class="legend">${STACK.map((tier) => html`<li><span class="swatch swatch-${tier}"></span>${tier}</li>`)}</ul></figcaption>
</figure>
<details><summary>${strings.chartData}</summary>
<table><thead><tr><th scope="col">${strings.day}</th>${STACK.map((tier) => html`<th scope="col">${tier}</th>`)}</tr></thead>
<tbody>${perDay.map((day) => html`<tr><th scope="row">${day.day}</th>${STACK.map((tier) => html`<td>${day[tier]}</td>`)}</tr>`)}</tbody></table>
</details>`;
}
