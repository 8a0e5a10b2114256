import { createServerSentEventParser, type ServerSentEvent } from './sse-parser.js';

export type Role = 'user' | 'assistant' | 'staff' | 'system';
export type ConversationState = 'bot' | 'handoff_requested' | 'human' | 'resolved';

export interface Citation {
  title: string;
  url?: string;
  snippet: string;
  /** `retrieved`: the answer cited nothing, this is a related help-center article (absent on older servers). */
  kind?: 'cited' | 'retrieved';
}

/** A button under a reply (contract v1, additive): `handoff` asks for a person. */
export interface MessageAction {
  type: 'handoff';
  label: string;
}

/** PublicMessage of the server (src/core/storage/public-message.ts). */
export interface ChatMessage {
  id: string;
  role: Role;
  text: string;
  language: string | null;
  citations: Citation[];
  handoff: boolean;
  author: string | null;
  createdAt: string;
  replyToId: string | null;
  actions?: MessageAction[];
}

export interface Session {
  id: string;
  token: string;
}

export interface Transcript {
  id: string;
  language: string | null;
  state: ConversationState;
  messages: ChatMessage[];
}

export type ErrorKind = 'offline' | 'rate_limited' | 'server' | 'rejected' | 'gone';

/** A failure the widget can explain: `kind` picks the localized text and whether to retry. */
export class ParleyError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

function kindOfStatus(status: number): ErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403 || status === 404) return 'gone';
  // 409: the same message is still being answered; trying again later is the right move.
  if (status >= 500 || status === 409 || status === 408) return 'server';
  return 'rejected';
}

const STREAM_ERROR_KINDS: Record<string, ErrorKind> = {
  rate_limited: 'rate_limited',
  invalid_request: 'rejected',
  not_found: 'gone',
  unauthorized: 'gone',
  forbidden: 'gone',
};

export interface StreamHandlers {
  onDelta(text: string): void;
  onReset(): void;
}

export interface EventHandlers {
  onOpen(): void;
  onEvent(event: ServerSentEvent): void;
}

/** The widget's side of the public HTTP contract (DESIGN.md, v1). */
export function createParleyApi(serverBase: string) {
  const url = (path: string) => new URL(path, serverBase).href;

  async function request(
    path: string,
    init: RequestInit & { token?: string; accept?: string },
  ): Promise<Response> {
    const headers: Record<string, string> = {
      accept: init.accept ?? 'application/json',
      ...(init.headers as Record<string, string> | undefined),
    };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url(path), {
        ...init,
        headers,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ParleyError('offline', String((error as Error).message ?? error));
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => undefined)) as
        | { error?: { message?: string } }
        | undefined;
      throw new ParleyError(
        kindOfStatus(response.status),
        body?.error?.message ?? `HTTP ${response.status}`,
        response.status,
      );
    }
    return response;
  }

  async function readEvents(
    response: Response,
    onEvent: (event: ServerSentEvent) => void,
  ): Promise<void> {
    const reader = response.body?.getReader();
    if (!reader) throw new ParleyError('server', 'The server sent no stream.');
    const decoder = new TextDecoder();
    const parser = createServerSentEventParser(onEvent);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ParleyError('offline', 'The connection was lost.');
    }
  }

  return {
    async createConversation(locale: string): Promise<Session> {
      const response = await request('v1/conversations', {
        method: 'POST',
        body: JSON.stringify({ locale }),
      });
      return (await response.json()) as Session;
    },

    async getTranscript(session: Session): Promise<Transcript> {
      const response = await request(`v1/conversations/${encodeURIComponent(session.id)}`, {
        method: 'GET',
        token: session.token,
      });
      return (await response.json()) as Transcript;
    },

    /** Posts a message and streams the answer; resolves with the final reply. */
    async sendMessage(
      session: Session,
      text: string,
      clientMessageId: string,
      handlers: StreamHandlers,
    ): Promise<ChatMessage> {
      const response = await request(
        `v1/conversations/${encodeURIComponent(session.id)}/messages`,
        {
          method: 'POST',
          token: session.token,
          accept: 'text/event-stream',
          body: JSON.stringify({ text, clientMessageId }),
        },
      );
      let reply: ChatMessage | undefined;
      let failure: ParleyError | undefined;
      await readEvents(response, (event) => {
        const data = JSON.parse(event.data || 'null') as Record<string, unknown> | null;
        if (event.event === 'delta') handlers.onDelta(String(data?.text ?? ''));
        else if (event.event === 'reset') handlers.onReset();
        else if (event.event === 'reply') reply = data as unknown as ChatMessage;
        else if (event.event === 'error') {
          const code = String(data?.code ?? '');
          failure = new ParleyError(
            STREAM_ERROR_KINDS[code] ?? 'server',
            String(data?.message ?? code),
          );
        }
      });
      if (failure) throw failure;
      if (!reply) throw new ParleyError('offline', 'The answer stream ended early.');
      return reply;
    },

    /** Rates one answer of the bot; the latest rating of an answer wins. */
    async rateAnswer(
      session: Session,
      messageId: string,
      rating: 'up' | 'down',
      comment?: string,
    ): Promise<void> {
      await request(
        `v1/conversations/${encodeURIComponent(session.id)}/messages/${encodeURIComponent(messageId)}/feedback`,
        { method: 'POST', token: session.token, body: JSON.stringify({ rating, comment }) },
      );
    },

    /** The customer's answer to "Did that solve your problem?". */
    async recordResolution(session: Session, resolved: boolean): Promise<void> {
      await request(`v1/conversations/${encodeURIComponent(session.id)}/resolution`, {
        method: 'POST',
        token: session.token,
        body: JSON.stringify({ resolved }),
      });
    },

    /**
     * One connection to the conversation's event stream; resolves when the server ends it or
     * the connection drops. The caller reconnects with the last id it saw.
     */
    async followEvents(
      session: Session,
      lastEventId: number,
      handlers: EventHandlers,
      signal: AbortSignal,
    ): Promise<void> {
      const response = await request(`v1/conversations/${encodeURIComponent(session.id)}/events`, {
        method: 'GET',
        token: session.token,
        accept: 'text/event-stream',
        headers: lastEventId > 0 ? { 'last-event-id': String(lastEventId) } : {},
        signal,
      });
      handlers.onOpen();
      await readEvents(response, handlers.onEvent);
    },
  };
}

export type ParleyApi = ReturnType<typeof createParleyApi>;
