import { type AnswerFeedback, createAnswerFeedback, soundsLikeGoodbye } from './answer-feedback.js';
import type { ChatView } from './chat-view.js';
import {
  type ChatMessage,
  type ConversationState,
  type ErrorKind,
  type ParleyApi,
  ParleyError,
} from './parley-api.js';
import type { SessionStore, StoredSession } from './session-store.js';
import type { ServerSentEvent } from './sse-parser.js';
import type { WidgetLocale } from './widget-locale.js';

export interface ChatControllerDeps {
  api: ParleyApi;
  store: SessionStore;
  view: ChatView;
  locale(): WidgetLocale;
}

interface PendingMessage {
  /** Reused on every retry: the server stores the message once however often it arrives. */
  clientMessageId: string;
  text: string;
  element: HTMLElement;
  /** The server's id for this message, once the reply or the event stream told us. */
  serverId: string | undefined;
  status: 'sending' | 'failed' | 'sent';
}

const MAX_MESSAGE_CHARACTERS = 4000;

function randomId(): string {
  // crypto.randomUUID needs a secure context; host pages are not always served over https.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}

/** Waits, but wakes early when the browser comes back online or the wait is cancelled. */
function pause(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('online', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    window.addEventListener('online', done);
    signal.addEventListener('abort', done);
  });
}

/**
 * The conversation as the customer sees it: one list of messages, de-duplicated by id, fed by
 * the answer stream of each POST and by the conversation's event stream (staff, system, other tabs).
 */
export function createChatController(deps: ChatControllerDeps) {
  const { api, store, view } = deps;
  let session = store.load();
  let creating: Promise<StoredSession> | undefined;
  let transcriptLoaded = false;
  let follower: AbortController | undefined;
  let inFlight: PendingMessage | undefined;
  let processing = false;
  let unread = 0;
  let loadErrorShown = false;
  const shownIds = new Set<string>();
  const outbox: PendingMessage[] = [];
  /** The customer said thanks or goodbye: ask whether the problem is solved after the next answer. */
  let askAfterAnswer = false;
  const feedback: AnswerFeedback = createAnswerFeedback({
    strings: () => deps.locale().strings,
    rate: async (messageId, rating, comment) => {
      if (session) await api.rateAnswer(session, messageId, rating, comment);
    },
    resolve: async (resolved) => {
      if (session) await api.recordResolution(session, resolved);
    },
    wasAsked: () => (session ? store.wasAsked(session.id) : true),
    rememberAsked: () => session && store.rememberAsked(session.id),
    appendToLog: (element) => view.appendToLog(element),
  });

  const errorText = (kind: ErrorKind) => {
    const strings = deps.locale().strings;
    return {
      offline: strings.errorOffline,
      rate_limited: strings.errorRateLimited,
      rejected: strings.errorRejected,
      server: strings.errorServer,
      gone: strings.errorServer,
    }[kind];
  };

  function settle(pending: PendingMessage): void {
    pending.status = 'sent';
    view.markFailed(pending.element, false);
    if (pending === inFlight) view.hideStreaming();
  }

  function showServerMessage(message: ChatMessage, live: boolean): void {
    if (shownIds.has(message.id)) return;
    shownIds.add(message.id);
    if (message.role === 'user') {
      // Our own message coming back on the event stream: adopt it instead of showing it twice.
      const own =
        outbox.find((pending) => pending.serverId === message.id) ??
        outbox.find(
          (pending) => pending.serverId === undefined && pending.text === message.text.trim(),
        );
      if (own) {
        own.serverId = message.id;
        return;
      }
    }
    const answered = message.replyToId
      ? outbox.find((pending) => pending.serverId === message.replyToId)
      : undefined;
    if (answered) settle(answered);
    const element = view.appendMessage(message);
    if (message.role === 'assistant') element.appendChild(feedback.controlsFor(message.id));
    if (live && message.role !== 'user' && !view.isOpen()) view.setUnread(++unread);
    if (live && askAfterAnswer && message.role === 'assistant') {
      askAfterAnswer = false;
      feedback.askResolution();
    }
  }

  function forgetSession(): void {
    follower?.abort();
    follower = undefined;
    session = undefined;
    store.clear();
    view.setState('bot', null);
  }

  async function loadTranscript(current: StoredSession): Promise<void> {
    const transcript = await api.getTranscript(current);
    if (session !== current) return;
    for (const message of transcript.messages) showServerMessage(message, false);
    const lastStaff = [...transcript.messages]
      .reverse()
      .find((message) => message.role === 'staff');
    view.setState(transcript.state as ConversationState, lastStaff?.author ?? null);
    transcriptLoaded = true;
    view.enableAnnouncements();
    if (loadErrorShown) view.hideError();
    loadErrorShown = false;
  }

  function handleEvent(current: StoredSession, event: ServerSentEvent): void {
    if (session !== current) return;
    const id = Number(event.id);
    if (Number.isInteger(id) && id > current.lastEventId) {
      current.lastEventId = id;
      store.save(current);
    }
    const data = JSON.parse(event.data || 'null') as Record<string, unknown> | null;
    if (event.event === 'message' && data?.message)
      showServerMessage(data.message as ChatMessage, true);
    else if (event.event === 'state' && typeof data?.state === 'string')
      view.setState(data.state as ConversationState, typeof data.by === 'string' ? data.by : null);
  }

  /** Follows the event stream for as long as this conversation is current; Last-Event-ID replays gaps. */
  function startFollowing(current: StoredSession): void {
    follower?.abort();
    const controller = new AbortController();
    follower = controller;
    void (async () => {
      let failures = 0;
      while (!controller.signal.aborted) {
        try {
          if (!transcriptLoaded) await loadTranscript(current);
          await api.followEvents(
            current,
            current.lastEventId,
            { onOpen: () => (failures = 0), onEvent: (event) => handleEvent(current, event) },
            controller.signal,
          );
        } catch (error) {
          if (controller.signal.aborted) return;
          if (error instanceof ParleyError && error.kind === 'gone') {
            if (session === current) forgetSession();
            transcriptLoaded = true;
            view.enableAnnouncements();
            return;
          }
          if (!transcriptLoaded && failures >= 1 && !inFlight) {
            loadErrorShown = true;
            view.showError(deps.locale().strings.errorLoad, undefined);
          }
        }
        failures++;
        await pause(
          Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)) * (0.75 + Math.random() / 2),
          controller.signal,
        );
      }
    })();
  }

  async function ensureSession(): Promise<StoredSession> {
    if (session) return session;
    creating ??= api
      .createConversation(deps.locale().locale)
      .then((created) => {
        const fresh: StoredSession = { id: created.id, token: created.token, lastEventId: 0 };
        session = fresh;
        store.save(fresh);
        transcriptLoaded = true;
        startFollowing(fresh);
        return fresh;
      })
      .finally(() => (creating = undefined));
    return creating;
  }

  async function deliver(pending: PendingMessage): Promise<boolean> {
    inFlight = pending;
    pending.status = 'sending';
    view.markFailed(pending.element, false);
    view.setBusy(true);
    view.showStreaming(null);
    let streamed = '';
    let frame = 0;
    // Tokens can arrive faster than frames; paint at most once per frame.
    const paint = () => {
      frame = 0;
      if (inFlight === pending && pending.status === 'sending')
        view.showStreaming(streamed || null);
    };
    const schedule = () => (frame ||= requestAnimationFrame(paint));
    try {
      for (let attempt = 0; ; attempt++) {
        const current = await ensureSession();
        try {
          const reply = await api.sendMessage(current, pending.text, pending.clientMessageId, {
            onDelta: (text) => {
              streamed += text;
              schedule();
            },
            onReset: () => {
              streamed = '';
              schedule();
            },
          });
          if (reply.replyToId) {
            pending.serverId = reply.replyToId;
            // The event stream may replay this message later (after a reconnect): it is already shown.
            shownIds.add(reply.replyToId);
          }
          settle(pending);
          showServerMessage(reply, true);
          return true;
        } catch (error) {
          // The conversation is gone (deleted, or the server's key changed): start a new one once.
          if (error instanceof ParleyError && error.kind === 'gone' && attempt === 0) {
            forgetSession();
            continue;
          }
          throw error;
        }
      }
    } catch (error) {
      // settle() may have run meanwhile: the event stream delivered the answer.
      if ((pending.status as PendingMessage['status']) === 'sent') return true;
      pending.status = 'failed';
      view.markFailed(pending.element, true);
      view.showError(
        errorText(error instanceof ParleyError ? error.kind : 'server'),
        () => void processOutbox(),
      );
      return false;
    } finally {
      if (frame) cancelAnimationFrame(frame);
      inFlight = undefined;
      view.hideStreaming();
      view.setBusy(false);
    }
  }

  /** Sends queued messages in order; stops at the first failure, which the retry button resumes. */
  async function processOutbox(): Promise<void> {
    if (processing) return;
    processing = true;
    view.hideError();
    try {
      for (let pending = outbox[0]; pending; pending = outbox[0]) {
        if (pending.status !== 'sent' && !(await deliver(pending))) return;
        outbox.shift();
      }
    } finally {
      processing = false;
    }
  }

  return {
    /** Relabels the feedback controls after a language change. */
    relabel: () => feedback.relabel(),
    start(): void {
      if (session) startFollowing(session);
      else {
        transcriptLoaded = true;
        view.enableAnnouncements();
      }
      if (store.wasOpen()) this.open(false);
    },
    /** Returns false when nothing was sent (empty text, or too long) so the composer keeps the text. */
    send(text: string): boolean {
      const trimmed = text.trim();
      if (!trimmed || processing) return false;
      if ([...trimmed].length > MAX_MESSAGE_CHARACTERS) {
        view.showError(errorText('rejected'), undefined);
        return false;
      }
      if (soundsLikeGoodbye(trimmed)) askAfterAnswer = true;
      const element = view.appendMessage({
        role: 'user',
        author: null,
        text: trimmed,
        citations: [],
      });
      outbox.push({
        clientMessageId: randomId(),
        text: trimmed,
        element,
        serverId: undefined,
        status: 'sending',
      });
      void processOutbox();
      return true;
    },
    open(focus: boolean): void {
      view.setOpen(true);
      store.rememberOpen(true);
      unread = 0;
      view.setUnread(0);
      if (focus) view.focusInput();
    },
    close(): void {
      const focusWasInside = view.containsFocus();
      view.setOpen(false);
      store.rememberOpen(false);
      if (focusWasInside) view.focusLauncher();
    },
  };
}
