/** The staff API as the inbox page uses it (docs/api.md, "Staff API"); the session cookie authenticates. */

export type ConversationState = 'bot' | 'handoff_requested' | 'human' | 'resolved';

export interface Draft {
  text: string;
}

export interface ConversationSummary {
  id: string;
  state: ConversationState;
  language: string | null;
  createdAt: string;
  updatedAt: string;
  requestedAt: string | null;
  reasons: string[];
  by: string | null;
  lastMessage: { role: string; text: string; author: string | null; createdAt: string } | null;
  draft: Draft | null;
}

export interface TranscriptMessage {
  id: string;
  role: 'user' | 'assistant' | 'staff' | 'system';
  text: string;
  author: string | null;
  createdAt: string;
}

export interface InternalNote {
  id: string;
  text: string;
  author: string | null;
  createdAt: string;
}

export interface ConversationDetail extends ConversationSummary {
  messages: TranscriptMessage[];
  notes: InternalNote[];
  lastEventId: number;
}

export class ApiError extends Error {}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 401) {
    // The session ended (expired, account removed): log in again and come back here.
    window.location.assign(`/ops/inbox`);
    throw new ApiError('Your session ended; log in again.');
  }
  const payload = (await response.json().catch(() => null)) as
    | (T & { error?: { message?: string } })
    | null;
  if (!response.ok)
    throw new ApiError(payload?.error?.message ?? `The server answered ${response.status}.`);
  return payload as T;
}

export const listConversations = (state: ConversationState, limit: number) =>
  request<{ items: ConversationSummary[] }>(
    'GET',
    `/ops/conversations?state=${state}&limit=${limit}`,
  );

export const getConversation = (id: string) =>
  request<ConversationDetail>('GET', `/ops/conversations/${encodeURIComponent(id)}`);

export const sendMessage = (id: string, text: string, internal: boolean) =>
  request<{ translation?: { from: string } | { failed: true } | null }>(
    'POST',
    `/ops/conversations/${encodeURIComponent(id)}/messages`,
    { text, internal },
  );

export const changeState = (id: string, action: 'take_over' | 'resolve' | 'return_to_bot') =>
  request<{ state: ConversationState }>(
    'POST',
    `/ops/conversations/${encodeURIComponent(id)}/state`,
    { action },
  );
