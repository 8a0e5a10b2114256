import type { Session } from './parley-api.js';

export interface StoredSession extends Session {
  lastEventId: number;
}

/** Some browsers throw on any storage access (disabled cookies, sandboxed frames): fall back to memory. */
function storageOf(
  name: 'localStorage' | 'sessionStorage',
): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  try {
    const storage = window[name];
    const probe = '__parley_probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (key) => memory.get(key) ?? null,
      setItem: (key, value) => void memory.set(key, value),
      removeItem: (key) => void memory.delete(key),
    };
  }
}

/**
 * The conversation id and token live in localStorage keyed by the server, so every page of the
 * site (and a reload) continues the same conversation; whether the panel is open is per tab.
 */
export function createSessionStore(serverBase: string) {
  const persistent = storageOf('localStorage');
  const perTab = storageOf('sessionStorage');
  const key = `parley:v1:${serverBase}`;
  const openKey = `${key}:open`;

  return {
    load(): StoredSession | undefined {
      try {
        const value = JSON.parse(
          persistent.getItem(key) ?? 'null',
        ) as Partial<StoredSession> | null;
        if (value && typeof value.id === 'string' && typeof value.token === 'string') {
          return { id: value.id, token: value.token, lastEventId: Number(value.lastEventId) || 0 };
        }
      } catch {
        // A corrupt entry is as good as none.
      }
      return undefined;
    },
    save(session: StoredSession): void {
      persistent.setItem(key, JSON.stringify(session));
    },
    clear(): void {
      persistent.removeItem(key);
    },
    /** "Did that solve your problem?" is asked once per conversation, across pages and reloads. */
    wasAsked: (conversationId: string) =>
      persistent.getItem(`${key}:asked:${conversationId}`) === '1',
    rememberAsked(conversationId: string): void {
      persistent.setItem(`${key}:asked:${conversationId}`, '1');
    },
    wasOpen: () => perTab.getItem(openKey) === '1',
    rememberOpen(open: boolean): void {
      if (open) perTab.setItem(openKey, '1');
      else perTab.removeItem(openKey);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
