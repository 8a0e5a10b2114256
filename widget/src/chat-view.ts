import type { AccentPalette } from './accent-colors.js';
import { h, ICONS, icon } from './dom.js';
import { createMarkdownRenderer } from './markdown.js';
import { MESSAGE_ACTIONS_CSS, renderMessageActions } from './message-actions.js';
import type { ChatMessage, ConversationState } from './parley-api.js';
import { safeHref } from './safe-href.js';
import { format, type WidgetLocale } from './widget-locale.js';
import { WIDGET_CSS } from './widget-styles.js';

export interface ViewOptions {
  position: 'bottom-right' | 'bottom-left';
  palette: AccentPalette;
  title: string | undefined;
  /**
   * The Parley server's base URL: a citation of the local help center is site-relative
   * ("/help/fr/shipping#…") and lives on the Parley server, not on the page embedding the widget.
   */
  serverBase: string;
}

export interface ViewHandlers {
  onToggle(): void;
  onClose(): void;
  onSubmit(text: string): boolean;
}

const MAX_MESSAGE_CHARACTERS = 4000;

/** Everything the customer sees, inside one shadow root. Holds no conversation logic. */
export function createChatView(shadow: ShadowRoot, options: ViewOptions, handlers: ViewHandlers) {
  let locale: WidgetLocale;
  let state: ConversationState = 'bot';
  let staffName: string | null = null;
  let unread = 0;
  let renderMarkdown: (text: string) => DocumentFragment;

  if (
    'adoptedStyleSheets' in shadow &&
    typeof CSSStyleSheet === 'function' &&
    'replaceSync' in CSSStyleSheet.prototype
  ) {
    // Constructed sheets are not inline styles: a strict style-src CSP on the host page allows them.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`${WIDGET_CSS}\n${MESSAGE_ACTIONS_CSS}`);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.appendChild(h('style', {}, `${WIDGET_CSS}\n${MESSAGE_ACTIONS_CSS}`));
  }

  const badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
  const launcher = h(
    'button',
    {
      type: 'button',
      class: 'launcher',
      'aria-controls': 'parley-panel',
      'aria-expanded': 'false',
    },
    icon(ICONS.chat, 'icon-chat'),
    icon(ICONS.close, 'icon-close'),
    badge,
  );
  const title = h('h2', { id: 'parley-title' });
  const statusText = h('span');
  const status = h(
    'p',
    { id: 'parley-status', class: 'status', role: 'status' },
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    statusText,
  );
  const closeButton = h('button', { type: 'button', class: 'close' }, icon(ICONS.close));
  const welcome = h(
    'div',
    { class: 'message from-assistant welcome' },
    h('div', { class: 'bubble' }),
  );
  // Off until the stored transcript is shown, so a reload does not read the whole history aloud.
  const log = h('div', {
    id: 'parley-log',
    class: 'log',
    role: 'log',
    'aria-live': 'off',
    'aria-relevant': 'additions',
  });
  // Streamed tokens go here, hidden from assistive technology; the finished answer goes to the log once.
  const streaming = h('div', {
    class: 'message from-assistant streaming',
    'aria-hidden': 'true',
    hidden: true,
  });
  // Focusable so keyboard users can scroll a long conversation that holds no links.
  const scroller = h('div', { class: 'scroller', tabindex: '0' }, welcome, log, streaming);
  const alertText = h('p');
  const retryButton = h('button', { type: 'button' });
  const alert = h('div', { class: 'alert', role: 'alert', hidden: true }, alertText, retryButton);
  const input = h('textarea', {
    id: 'parley-input',
    rows: '1',
    maxlength: String(MAX_MESSAGE_CHARACTERS),
    autocomplete: 'off',
  });
  const inputLabel = h('label', { for: 'parley-input', class: 'sr-only' });
  const sendButton = h(
    'button',
    { type: 'submit', class: 'send', 'aria-disabled': 'false' },
    icon(ICONS.send),
  );
  const composer = h(
    'form',
    { class: 'composer', novalidate: true },
    inputLabel,
    input,
    sendButton,
  );
  const panel = h(
    'section',
    {
      id: 'parley-panel',
      class: 'panel',
      role: 'dialog',
      'aria-modal': 'false',
      'aria-labelledby': 'parley-title',
      'aria-describedby': 'parley-status',
      hidden: true,
    },
    h('header', { class: 'header' }, h('div', { class: 'heading' }, title, status), closeButton),
    scroller,
    alert,
    composer,
  );
  const root = h(
    'div',
    {
      class: 'root',
      role: 'region',
      'data-position': options.position,
      'data-open': 'false',
      'data-state': 'bot',
    },
    launcher,
    panel,
  );
  root.style.setProperty('--accent', options.palette.accent);
  root.style.setProperty('--on-accent', options.palette.onAccent);
  root.style.setProperty('--accent-text', options.palette.accentAsText);
  shadow.appendChild(root);

  let retry: (() => void) | undefined;
  launcher.addEventListener('click', () => handlers.onToggle());
  closeButton.addEventListener('click', () => handlers.onClose());
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.isComposing) {
      event.stopPropagation();
      handlers.onClose();
    }
  });
  retryButton.addEventListener('click', () => retry?.());
  const submit = () => {
    if (sendButton.getAttribute('aria-disabled') === 'true') return;
    if (handlers.onSubmit(input.value)) {
      input.value = '';
      fitInput();
    }
  };
  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  const fitInput = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight + 2, 140)}px`;
  };
  input.addEventListener('input', fitInput);

  const nearBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  const keepScrolled = (force = false) => {
    if (force || nearBottom()) scroller.scrollTop = scroller.scrollHeight;
  };

  function roleLabel(message: Pick<ChatMessage, 'role' | 'author'>): string {
    const strings = locale.strings;
    if (message.role === 'user') return strings.you;
    if (message.role === 'assistant') return strings.assistant;
    if (message.role === 'staff')
      return message.author ? `${message.author} (${strings.team})` : strings.team;
    return strings.notice;
  }

  type ShownMessage = Pick<ChatMessage, 'role' | 'author' | 'text' | 'citations' | 'actions'>;
  /** Per message: rewrites its labels in the current language without adding nodes to the live region. */
  const relabels = new Map<HTMLElement, () => void>();

  function fillMessage(element: HTMLElement, message: ShownMessage): void {
    const header =
      message.role === 'staff'
        ? h('p', { class: 'author' })
        : h('span', { class: 'sr-only prefix' });
    const bubble = h('div', { class: 'bubble' });
    if (message.role === 'user') bubble.textContent = message.text;
    else bubble.appendChild(renderMarkdown(message.text));
    element.replaceChildren(header, bubble);
    const sourcesTitle = h('p');
    const sources = message.citations.map((citation) => {
      const href = citation.url ? safeHref(citation.url, options.serverBase) : undefined;
      if (!href) return h('li', {}, citation.title);
      return h(
        'li',
        {},
        h(
          'a',
          { href, target: '_blank', rel: 'noopener noreferrer' },
          citation.title,
          h('span', { class: 'sr-only' }),
        ),
      );
    });
    if (sources.length > 0)
      element.appendChild(h('div', { class: 'sources' }, sourcesTitle, h('ul', {}, ...sources)));
    // "Talk to a person": asks as if the customer had typed it, in their language.
    const actions = renderMessageActions(message.actions, () =>
      handlers.onSubmit(locale.strings.askForPerson),
    );
    if (actions) element.appendChild(actions);
    const relabel = () => {
      const label = roleLabel(message);
      header.textContent = message.role === 'staff' ? label : `${label}: `;
      // Articles the answer did not cite are offered as related reading, not as its sources.
      sourcesTitle.textContent = message.citations.every(
        (citation) => citation.kind === 'retrieved',
      )
        ? locale.strings.relatedArticles
        : locale.strings.sources;
      for (const hint of element.querySelectorAll('.sr-only:not(.prefix)'))
        hint.textContent = ` ${locale.strings.newTab}`;
      const failed = element.querySelector('.failed-note');
      if (failed) failed.textContent = locale.strings.notSent;
    };
    relabel();
    relabels.set(element, relabel);
  }

  function renderStatus(): void {
    const strings = locale.strings;
    root.dataset.state = state;
    statusText.textContent =
      state === 'handoff_requested'
        ? strings.statusWaiting
        : state === 'human'
          ? staffName
            ? format(strings.statusHumanNamed, { name: staffName })
            : strings.statusHuman
          : state === 'resolved'
            ? strings.statusResolved
            : strings.statusBot;
  }

  function renderBadge(): void {
    badge.hidden = unread === 0 || root.dataset.open === 'true';
    badge.textContent = unread > 9 ? '9+' : String(unread);
    const open = root.dataset.open === 'true';
    const label = open ? locale.strings.closeChat : locale.strings.openChat;
    launcher.setAttribute(
      'aria-label',
      unread > 0 && !open ? `${label}, ${format(locale.strings.unread, { count: unread })}` : label,
    );
  }

  return {
    host: root,
    /** Relabels everything, including messages already shown. */
    setLocale(next: WidgetLocale): void {
      locale = next;
      renderMarkdown = createMarkdownRenderer(document, { newTabLabel: next.strings.newTab });
      const strings = next.strings;
      const heading = options.title ?? strings.title;
      title.textContent = heading;
      root.setAttribute('aria-label', heading);
      root.lang = next.language;
      closeButton.setAttribute('aria-label', strings.closeChat);
      log.setAttribute('aria-label', strings.conversation);
      inputLabel.textContent = strings.messageLabel;
      input.placeholder = strings.placeholder;
      sendButton.setAttribute('aria-label', strings.send);
      retryButton.textContent = strings.retry;
      (welcome.firstElementChild as HTMLElement).textContent = strings.welcome;
      for (const relabel of relabels.values()) relabel();
      renderStatus();
      renderBadge();
    },
    setOpen(open: boolean): void {
      root.dataset.open = String(open);
      panel.hidden = !open;
      launcher.setAttribute('aria-expanded', String(open));
      if (open) keepScrolled(true);
      renderBadge();
    },
    isOpen: () => root.dataset.open === 'true',
    containsFocus: () => root.contains(shadow.activeElement),
    focusInput: () => input.focus(),
    focusLauncher: () => launcher.focus(),
    setUnread(count: number): void {
      unread = count;
      renderBadge();
    },
    setState(next: ConversationState, by: string | null): void {
      state = next;
      if (next === 'human') staffName = by ?? staffName;
      renderStatus();
    },
    enableAnnouncements: () => log.setAttribute('aria-live', 'polite'),
    appendMessage(message: ShownMessage): HTMLElement {
      const element = h('div', { class: `message from-${message.role}` });
      fillMessage(element, message);
      const stick = nearBottom();
      log.appendChild(element);
      keepScrolled(stick || message.role === 'user');
      return element;
    },
    /** Adds a widget element (the resolution question) at the end of the conversation. */
    appendToLog(element: HTMLElement): void {
      const stick = nearBottom();
      log.appendChild(element);
      keepScrolled(stick);
    },
    markFailed(element: HTMLElement, failed: boolean): void {
      element.querySelector('.failed-note')?.remove();
      if (failed) element.appendChild(h('p', { class: 'failed-note' }, locale.strings.notSent));
    },
    /** null shows the typing indicator; text shows the answer so far. */
    showStreaming(text: string | null): void {
      const stick = nearBottom();
      streaming.hidden = false;
      const bubble = h('div', { class: 'bubble' });
      if (text) bubble.appendChild(renderMarkdown(text));
      else bubble.appendChild(h('div', { class: 'typing' }, h('span'), h('span'), h('span')));
      streaming.replaceChildren(bubble);
      keepScrolled(stick);
    },
    hideStreaming(): void {
      streaming.hidden = true;
      streaming.replaceChildren();
    },
    setBusy(busy: boolean): void {
      log.setAttribute('aria-busy', String(busy));
      sendButton.setAttribute('aria-disabled', String(busy));
    },
    showError(text: string, onRetry: (() => void) | undefined): void {
      alertText.textContent = text;
      retry = onRetry;
      retryButton.hidden = !onRetry;
      alert.hidden = false;
    },
    hideError(): void {
      // A hidden Retry button would drop keyboard focus onto the page: keep it in the composer.
      if (alert.contains(shadow.activeElement)) input.focus();
      alert.hidden = true;
      retry = undefined;
    },
  };
}

export type ChatView = ReturnType<typeof createChatView>;
