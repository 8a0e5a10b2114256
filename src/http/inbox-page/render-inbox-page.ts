import { html, styleHashSource } from '../ops-page/html.js';
import { INBOX_CSS } from './inbox-page-styles.js';

/** Only the inbox script (same origin) runs; it talks to /ops and nothing else. */
export const INBOX_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src ${styleHashSource(INBOX_CSS)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The inbox shell: headings, empty lists and the conversation pane, filled and kept live by
 * /ops/inbox.js. The staff member's name is shown so they know what customers will see.
 */
export function renderInboxPage(input: { staffName: string | null }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Inbox · Parley</title>
<style>${{ safeHtml: INBOX_CSS }}</style>
<script src="/ops/inbox.js" defer></script>
</head>
<body>
<a class="skip" href="#conversation">Skip to the conversation</a>
<header>
<a href="/ops/inbox">Parley inbox</a>
<nav aria-label="Ops">
<a href="/ops">Escalations</a>
<span id="signed-in">${input.staffName ? `Signed in as ${input.staffName}` : 'Signed in with the ops token'}</span>
<form method="post" action="/ops/logout"><button type="submit">Log out</button></form>
</nav>
</header>
<main>
<div class="queue">
<h1>Inbox</h1>
<p class="status" id="connection" role="status">Connecting…</p>
<section aria-labelledby="waiting-title"><h2 id="waiting-title">Waiting for a person <span id="waiting-count"></span></h2><ul id="waiting"></ul></section>
<section aria-labelledby="held-title"><h2 id="held-title">Held by staff <span id="held-count"></span></h2><ul id="held"></ul></section>
<section aria-labelledby="resolved-title"><h2 id="resolved-title">Recently resolved</h2><ul id="resolved"></ul></section>
</div>
<section id="conversation" aria-labelledby="conversation-title" tabindex="-1">
<h2 id="conversation-title">No conversation open</h2>
<p id="conversation-hint" class="empty">Choose a conversation in the list to read it and reply.</p>
<div id="conversation-body" hidden>
<dl class="details" id="conversation-details"></dl>
<div class="draft-box" id="draft" hidden><h3 class="meta">Bot's draft (not sent)</h3><p id="draft-text"></p><button type="button" class="secondary" id="use-draft">Use the draft</button></div>
<div class="transcript-scroll" id="transcript-scroll" role="log" aria-live="polite" aria-label="Transcript" tabindex="0"><ol class="transcript" id="transcript"></ol></div>
<div class="actions" role="group" aria-label="Conversation actions">
<button type="button" id="take-over">Take over</button>
<button type="button" id="resolve" class="secondary">Resolve</button>
<button type="button" id="return-to-bot" class="secondary">Return to bot</button>
</div>
<form id="reply-form">
<label for="reply-text">Reply to the customer</label>
<textarea id="reply-text" name="text" maxlength="4000" required aria-describedby="reply-hint"></textarea>
<div class="reply-options">
<label><input type="checkbox" id="reply-internal"> Internal note (only staff see it)</label>
<button type="submit" id="reply-send">Send</button>
</div>
<p class="meta" id="reply-hint">Ctrl+Enter sends. Replies in another language are translated when a model is configured.</p>
</form>
<p class="status" id="conversation-status" role="status" aria-live="polite"></p>
</div>
</section>
</main>
</body>
</html>`.safeHtml;
}
