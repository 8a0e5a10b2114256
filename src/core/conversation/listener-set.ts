/** Minimal structured logger (pino-compatible); core code never logs message text. */
export interface Logger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

/**
 * Subscribers to one kind of event. `add` returns the unsubscribe; `notify` calls every
 * listener in turn and waits for it, and a failing listener is logged without stopping the
 * others or the caller (the turn it observes is already stored).
 */
export function createListenerSet<Event>(what: string, logger?: Logger) {
  const listeners = new Set<(event: Event) => Promise<void> | void>();
  return {
    add(listener: (event: Event) => Promise<void> | void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async notify(event: Event): Promise<void> {
      for (const listener of listeners) {
        try {
          await listener(event);
        } catch (error) {
          logger?.error({ err: error }, `a ${what} listener failed`);
        }
      }
    },
  };
}
