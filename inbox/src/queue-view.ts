import { duration, element, languageLabel, reasonLabel } from './format.js';
import type { ConversationState, ConversationSummary } from './inbox-api.js';

const LISTS: Record<
  Exclude<ConversationState, 'bot'>,
  { list: string; count?: string; empty: string }
> = {
  handoff_requested: { list: 'waiting', count: 'waiting-count', empty: 'Nobody is waiting.' },
  human: { list: 'held', count: 'held-count', empty: 'No conversation is held.' },
  resolved: { list: 'resolved', empty: 'Nothing resolved yet.' },
};

/** Resolved conversations shown: the latest few, for a look back. */
export const RESOLVED_SHOWN = 10;

/** The three lists of the queue, kept from summaries (initial load and /ops/events). */
export function createQueueView(onChange?: (summary: ConversationSummary) => void) {
  const conversations = new Map<string, ConversationSummary>();
  let currentId: string | null = null;

  function row(summary: ConversationSummary): HTMLLIElement {
    const waitingSince = summary.requestedAt ?? summary.updatedAt;
    const title =
      summary.state === 'handoff_requested'
        ? element('span', { class: 'wait' }, `waiting ${duration(waitingSince)}`)
        : element('span', { class: 'meta' }, summary.by ? `by ${summary.by}` : '');
    const link = element(
      'a',
      { href: `#${summary.id}`, 'data-id': summary.id },
      element(
        'span',
        { class: 'line1' },
        element('span', {}, languageLabel(summary.language)),
        title,
      ),
      element(
        'span',
        {},
        ...summary.reasons.map((reason) =>
          element('span', { class: 'badge' }, reasonLabel(reason)),
        ),
      ),
      element('span', { class: 'preview' }, summary.lastMessage?.text ?? ''),
    );
    if (summary.draft)
      link.append(element('span', { class: 'draft' }, `Draft: ${summary.draft.text}`));
    if (summary.id === currentId) link.setAttribute('aria-current', 'true');
    return element('li', {}, link);
  }

  function render(): void {
    for (const [state, ids] of Object.entries(LISTS) as Array<
      [keyof typeof LISTS, (typeof LISTS)[keyof typeof LISTS]]
    >) {
      let items = [...conversations.values()].filter((summary) => summary.state === state);
      // The longest wait first; held and resolved by latest activity.
      items.sort((left, right) =>
        state === 'handoff_requested'
          ? (left.requestedAt ?? left.updatedAt).localeCompare(right.requestedAt ?? right.updatedAt)
          : right.updatedAt.localeCompare(left.updatedAt),
      );
      if (state === 'resolved') items = items.slice(0, RESOLVED_SHOWN);
      const list = document.getElementById(ids.list);
      if (!list) continue;
      list.replaceChildren(
        ...(items.length > 0 ? items.map(row) : [element('li', { class: 'empty' }, ids.empty)]),
      );
      if (ids.count) {
        const count = document.getElementById(ids.count);
        if (count) count.textContent = `(${items.length})`;
      }
    }
  }

  return {
    upsert(summary: ConversationSummary): void {
      const previous = conversations.get(summary.id);
      // Events may arrive out of order: keep the newer.
      if (previous && previous.updatedAt > summary.updatedAt) return;
      conversations.set(summary.id, {
        ...summary,
        draft: summary.draft ?? previous?.draft ?? null,
      });
      render();
      onChange?.(summary);
    },
    setCurrent(id: string | null): void {
      currentId = id;
      render();
    },
    /** Waiting times move on their own. */
    render,
  };
}
