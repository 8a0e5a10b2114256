import type { ReviewVerdict } from '../../core/escalations/escalation-record.js';
import type { EscalationDetail } from '../ops-routes.js';
import { html, type SafeHtml } from './html.js';
import { type RenderedPage, renderLayout } from './ops-page-layout.js';
import { format, OPS_PAGE_STRINGS, type OpsPageStrings } from './ops-page-strings.js';
import { OUTCOME_PAGE_STRINGS } from './outcome-page-strings.js';
import { money, tierBadge, timeOf } from './render-escalation-list-page.js';

/** The conversation's outcome now, the rule that decided it, and the customer's ratings. */
function renderOutcome(record: EscalationDetail): SafeHtml {
  const words = OUTCOME_PAGE_STRINGS;
  const outcome = record.conversationOutcome;
  return html`<section aria-labelledby="outcome-title">
<h2 id="outcome-title">${words.outcomeTitle}</h2>
${
  outcome === null
    ? html`<p>${words.noOutcome}</p>`
    : html`<dl class="details">
<dt>${words.outcome}</dt><dd data-outcome="${outcome.outcome}"><strong>${words.outcomeNames[outcome.outcome]}</strong>${outcome.strength ? ` (${outcome.strength})` : ''}</dd>
<dt>${words.rule}</dt><dd data-rule="${outcome.rule}"><code>${outcome.rule}</code>: ${outcome.explanation}</dd>
</dl>`
}
<h3>${words.ratings}</h3>
${
  record.feedback.length === 0
    ? html`<p>${words.noRatings}</p>`
    : html`<ul>${record.feedback.map((item) => html`<li>${item.rating === 'up' ? '👍' : '👎'} <span class="meta">${item.messageId}</span>${item.comment ? html` — ${item.comment}` : ''}</li>`)}</ul>`
}
</section>`;
}

/** The reasons the router and the cascade gave: every reason but the model's verdict. */
function routerReasons(record: EscalationDetail): string[] {
  return record.reasons.filter((reason) => reason !== record.modelSignal);
}

function renderFacts(record: EscalationDetail, strings: OpsPageStrings): SafeHtml {
  const fact = (label: string, value: unknown) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const usage = record.usage;
  return html`<section aria-labelledby="details-title">
<h2 id="details-title">${strings.details}</h2>
<dl class="details">
${fact(strings.conversation, html`<code>${record.conversationId}</code>`)}
${fact(strings.language, record.language ?? strings.none)}
${fact(strings.routedTier, html`${tierBadge(record.routedTier)} → ${tierBadge(record.tier)}`)}
${fact(strings.reasons, record.reasons.length ? record.reasons.join(', ') : strings.none)}
${fact(strings.routerReasons, routerReasons(record).join(', ') || strings.none)}
${fact(strings.modelSignal, record.modelSignal ?? strings.none)}
${fact(strings.outcome, record.outcome)}
${fact(strings.source, record.source)}
${fact(strings.topScores, record.topScores.length ? record.topScores.join(', ') : strings.none)}
${fact(strings.models, record.models.length ? record.models.join(' → ') : strings.none)}
${fact(strings.tokens, `${usage.inputTokens} / ${usage.outputTokens} (cache read ${usage.cacheReadInputTokens}, write ${usage.cacheWriteInputTokens})`)}
${fact(strings.cost, money(record.costUsd))}
${fact(strings.latencyShort, format(strings.latencySplit, record.latencyMs))}
${fact(strings.promptVersion, record.promptVersion ?? strings.none)}
${fact(strings.knowledgeBaseVersion, record.knowledgeBaseVersion ?? strings.none)}
${fact(strings.answerCacheHit, record.answerCacheHit ? strings.yes : strings.no)}
${record.handoffBy ? fact(strings.handoffBy, record.handoffBy) : ''}
</dl>
${
  record.attempts.length === 0
    ? ''
    : html`<table><caption>${strings.attempts}</caption>
<thead><tr><th scope="col">${strings.tier}</th><th scope="col">${strings.model}</th><th scope="col">${strings.outcome}</th><th scope="col">${strings.tokens}</th><th scope="col">${strings.cost}</th><th scope="col">${strings.latencyShort}</th><th scope="col">${strings.firstToken}</th><th scope="col">${strings.error}</th></tr></thead>
<tbody>${record.attempts.map(
        (attempt) =>
          html`<tr><td>${tierBadge(attempt.tier)}</td><td>${attempt.modelId}</td><td>${attempt.outcome}</td><td>${attempt.usage.inputTokens} / ${attempt.usage.outputTokens}</td><td>${money(attempt.costUsd)}</td><td>${attempt.latencyMs} ms</td><td>${attempt.firstTokenMs === undefined ? strings.none : `${attempt.firstTokenMs} ms`}</td><td>${attempt.error ?? strings.none}</td></tr>`,
      )}</tbody></table>`
}
</section>`;
}

function renderTranscript(record: EscalationDetail, strings: OpsPageStrings): SafeHtml {
  const current = new Set(
    [record.userMessageId, record.replyMessageId].filter((id): id is string => id !== null),
  );
  return html`<section aria-labelledby="transcript-title">
<h2 id="transcript-title">${strings.transcript}</h2>
<ol class="transcript">
${record.transcript.messages.map((message) => {
  const isCurrent = current.has(message.id);
  return html`<li class="role-${message.role}${isCurrent ? ' current' : ''}" ${isCurrent ? html`aria-current="true"` : ''}>
<span class="meta">${strings.role[message.role]}${message.author ? ` (${message.author})` : ''} · ${timeOf(message.createdAt)}${message.tier ? ` · ${message.tier}` : ''}${message.reasons.length ? ` · ${message.reasons.join(', ')}` : ''}${isCurrent ? ` · ${strings.thisEscalation}` : ''}</span>
<p>${message.text}</p>
</li>`;
})}
</ol>
</section>`;
}

function renderReviewForm(record: EscalationDetail, strings: OpsPageStrings): SafeHtml {
  const choices: Array<[ReviewVerdict, string]> = [
    ['right', strings.verdictRight],
    ['small', strings.verdictSmall],
    ['large', strings.verdictLarge],
    ['human', strings.verdictHuman],
  ];
  const currentVerdict = record.review?.verdict;
  return html`<section aria-labelledby="review-title">
<h2 id="review-title">${strings.reviewTitle}</h2>
${record.review ? html`<p role="status">${format(strings.currentReview, { verdict: record.review.verdict, time: timeOf(record.review.reviewedAt) })}</p>` : ''}
<form method="post" action="/ops/view/${encodeURIComponent(record.id)}/review">
<fieldset><legend>${strings.reviewTitle}</legend>
${choices.map(([value, label]) => html`<label><input type="radio" name="verdict" value="${value}" required ${currentVerdict === value ? html`checked` : ''}> ${label}</label>`)}
</fieldset>
<p><label for="review-note">${strings.note}</label><br><textarea id="review-note" name="note" maxlength="2000">${record.review?.note ?? ''}</textarea></p>
<button type="submit">${strings.saveReview}</button>
</form>
</section>`;
}

export function renderEscalationDetailPage(record: EscalationDetail): RenderedPage {
  const strings = OPS_PAGE_STRINGS.en;
  const title = format(strings.escalationAt, { time: timeOf(record.createdAt) });
  const body = html`<p><a href="/ops">${strings.backToList}</a></p>
<h1>${title}</h1>
<p class="excerpt">${record.excerpt}</p>
${renderOutcome(record)}
${renderFacts(record, strings)}
${renderTranscript(record, strings)}
${renderReviewForm(record, strings)}`;
  return renderLayout({ title, strings, body, loggedIn: true });
}
