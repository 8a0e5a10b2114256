import { clock, element, languageLabel, reasonLabel, STATE_LABELS } from './format.js';
import {
  ApiError,
  type ConversationDetail,
  type ConversationState,
  changeState,
  getConversation,
  type InternalNote,
  sendMessage,
  type TranscriptMessage,
} from './inbox-api.js';

const ROLE_LABELS: Record<TranscriptMessage['role'], string> = {
  user: 'Customer',
  assistant: 'Bot',
  staff: 'Staff',
  system: 'Notice to the customer',
};

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The open conversation: live transcript with notes, state buttons and the reply box. */
export function createConversationView() {
  const title = byId<HTMLHeadingElement>('conversation-title');
  const hint = byId<HTMLParagraphElement>('conversation-hint');
  const body = byId<HTMLDivElement>('conversation-body');
  const details = byId<HTMLDListElement>('conversation-details');
  const transcript = byId<HTMLOListElement>('transcript');
  const scroller = byId<HTMLDivElement>('transcript-scroll');
  const status = byId<HTMLParagraphElement>('conversation-status');
  const form = byId<HTMLFormElement>('reply-form');
  const text = byId<HTMLTextAreaElement>('reply-text');
  const internal = byId<HTMLInputElement>('reply-internal');
  const send = byId<HTMLButtonElement>('reply-send');
  const draftBox = byId<HTMLDivElement>('draft');
  const draftText = byId<HTMLParagraphElement>('draft-text');
  const buttons = {
    take_over: byId<HTMLButtonElement>('take-over'),
    resolve: byId<HTMLButtonElement>('resolve'),
    return_to_bot: byId<HTMLButtonElement>('return-to-bot'),
  };
  /** Which actions each state allows (the server's state machine decides; this only spares a 409). */
  const ALLOWED: Record<ConversationState, Array<keyof typeof buttons>> = {
    bot: ['take_over', 'resolve'],
    handoff_requested: ['take_over', 'resolve', 'return_to_bot'],
    human: ['resolve', 'return_to_bot'],
    resolved: ['return_to_bot'],
  };

  let current: ConversationDetail | null = null;
  let events: EventSource | null = null;
  const shown = new Set<string>();

  function say(message: string, isError = false): void {
    status.textContent = message;
    status.classList.toggle('error', isError);
  }

  function renderDetails(detail: ConversationDetail): void {
    const entries: Array<[string, string]> = [
      ['State', STATE_LABELS[detail.state] ?? detail.state],
      ['Language', languageLabel(detail.language)],
    ];
    if (detail.reasons.length > 0)
      entries.push(['Reasons', detail.reasons.map(reasonLabel).join(', ')]);
    if (detail.by) entries.push(['Last change by', detail.by]);
    details.replaceChildren(
      ...entries.map(([term, value]) =>
        element('div', {}, element('dt', {}, term), element('dd', {}, value)),
      ),
    );
    for (const [action, button] of Object.entries(buttons) as Array<
      [keyof typeof buttons, HTMLButtonElement]
    >)
      button.disabled = !ALLOWED[detail.state].includes(action);
  }

  function append(
    entry: { id: string; createdAt: string } & (
      | { message: TranscriptMessage }
      | { note: InternalNote }
    ),
  ): void {
    if (shown.has(entry.id)) return;
    shown.add(entry.id);
    const item =
      'message' in entry
        ? element(
            'li',
            { class: `role-${entry.message.role}` },
            element(
              'span',
              { class: 'meta' },
              `${entry.message.author ?? ROLE_LABELS[entry.message.role]} · ${clock(entry.createdAt)}`,
            ),
            element('p', {}, entry.message.text),
          )
        : element(
            'li',
            { class: 'note' },
            element(
              'span',
              { class: 'meta' },
              `Internal note by ${entry.note.author ?? 'staff'} · ${clock(entry.createdAt)}`,
            ),
            element('p', {}, entry.note.text),
          );
    transcript.append(item);
    scroller.scrollTop = scroller.scrollHeight;
  }

  function listen(detail: ConversationDetail): void {
    events?.close();
    events = new EventSource(
      `/ops/conversations/${encodeURIComponent(detail.id)}/events?lastEventId=${detail.lastEventId}`,
    );
    events.addEventListener('message', (event) => {
      const { message } = JSON.parse((event as MessageEvent<string>).data) as {
        message: TranscriptMessage;
      };
      append({ id: message.id, createdAt: message.createdAt, message });
    });
    events.addEventListener('note', (event) => {
      const { note } = JSON.parse((event as MessageEvent<string>).data) as { note: InternalNote };
      append({ id: note.id, createdAt: note.createdAt, note });
    });
    events.addEventListener('state', (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as {
        state: ConversationState;
        by: string | null;
      };
      if (!current) return;
      current = { ...current, state: change.state, by: change.by ?? current.by };
      renderDetails(current);
    });
  }

  async function open(id: string): Promise<void> {
    events?.close();
    say('Loading…');
    let detail: ConversationDetail;
    try {
      detail = await getConversation(id);
    } catch (error) {
      say(error instanceof Error ? error.message : 'The conversation could not be loaded.', true);
      return;
    }
    current = detail;
    shown.clear();
    transcript.replaceChildren();
    title.textContent = `Conversation in ${languageLabel(detail.language)}`;
    hint.hidden = true;
    body.hidden = false;
    renderDetails(detail);
    const entries = [
      ...detail.messages.map((message) => ({
        id: message.id,
        createdAt: message.createdAt,
        message,
      })),
      ...detail.notes.map((note) => ({ id: note.id, createdAt: note.createdAt, note })),
    ].sort((left, right) => left.createdAt.localeCompare(right.createdAt));
    for (const entry of entries) append(entry);
    draftBox.hidden = !detail.draft;
    draftText.textContent = detail.draft?.text ?? '';
    say('');
    listen(detail);
  }

  async function submit(): Promise<void> {
    if (!current) return;
    const value = text.value.trim();
    if (!value) {
      say('Write a reply first.', true);
      text.focus();
      return;
    }
    send.disabled = true;
    try {
      const result = await sendMessage(current.id, value, internal.checked);
      text.value = '';
      say(
        internal.checked
          ? 'Note saved (only staff see it).'
          : result.translation && 'from' in result.translation
            ? 'Sent, translated into the customer’s language.'
            : result.translation && 'failed' in result.translation
              ? 'Sent as written: the translation failed.'
              : 'Sent.',
      );
    } catch (error) {
      say(
        error instanceof ApiError ? error.message : 'Not sent: check the connection and try again.',
        true,
      );
    } finally {
      send.disabled = false;
      text.focus();
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  });
  byId<HTMLButtonElement>('use-draft').addEventListener('click', () => {
    text.value = draftText.textContent ?? '';
    internal.checked = false;
    text.focus();
  });
  for (const [action, button] of Object.entries(buttons) as Array<
    [keyof typeof buttons, HTMLButtonElement]
  >) {
    button.addEventListener('click', async () => {
      if (!current) return;
      try {
        const result = await changeState(current.id, action);
        current = { ...current, state: result.state };
        renderDetails(current);
        say(`The conversation is now ${STATE_LABELS[result.state] ?? result.state}.`);
      } catch (error) {
        say(error instanceof Error ? error.message : 'The change failed.', true);
      }
    });
  }

  return {
    open,
    currentId: () => current?.id ?? null,
    close(): void {
      events?.close();
    },
  };
}
