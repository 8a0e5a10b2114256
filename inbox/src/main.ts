import { createConversationView } from './conversation-view.js';
import { type ConversationSummary, listConversations } from './inbox-api.js';
import { createQueueView, RESOLVED_SHOWN } from './queue-view.js';

/** How often waiting times are redrawn. */
const TICK_MS = 30_000;

function start(): void {
  const connection = document.getElementById('connection') as HTMLParagraphElement;
  const queue = createQueueView();
  const conversation = createConversationView();

  async function loadQueue(): Promise<void> {
    const pages = await Promise.all([
      listConversations('handoff_requested', 100),
      listConversations('human', 100),
      listConversations('resolved', RESOLVED_SHOWN),
    ]);
    for (const page of pages) for (const summary of page.items) queue.upsert(summary);
  }

  function openFromHash(): void {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (!id || id === conversation.currentId()) return;
    queue.setCurrent(id);
    void conversation.open(id).then(() => {
      // On a phone the conversation is below the lists: bring it into view for keyboard and screen readers.
      document.getElementById('conversation')?.focus();
    });
  }

  // Queue changes arrive live; after a reconnect the lists are reloaded (events may have been missed).
  const events = new EventSource('/ops/events');
  events.addEventListener('ready', () => {
    connection.textContent = 'Live: new requests appear here at once.';
    void loadQueue().catch(() => {
      connection.textContent = 'The lists could not be loaded; reload the page.';
    });
  });
  events.addEventListener('conversation', (event) => {
    queue.upsert(JSON.parse((event as MessageEvent<string>).data) as ConversationSummary);
  });
  events.addEventListener('error', () => {
    connection.textContent = 'Connection lost; reconnecting…';
  });

  window.addEventListener('hashchange', openFromHash);
  openFromHash();
  setInterval(() => queue.render(), TICK_MS);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
