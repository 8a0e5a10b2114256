/**
 * Runs tasks one after another per key (a conversation), concurrently across keys. Slack calls
 * for one conversation must keep their order: the card is posted before the customer's next
 * message goes into its thread, and an update never overtakes the post it updates.
 */
export function createKeyedSerialQueue(onError: (error: unknown, key: string) => void) {
  const tails = new Map<string, Promise<void>>();

  return {
    run(key: string, task: () => Promise<void>): Promise<void> {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.then(task).catch((error: unknown) => onError(error, key));
      tails.set(key, next);
      void next.finally(() => {
        if (tails.get(key) === next) tails.delete(key);
      });
      return next;
    },

    /** Resolves once every queue is empty, including tasks queued while waiting. */
    async idle(): Promise<void> {
      while (tails.size > 0) await Promise.allSettled([...tails.values()]);
    },
  };
}

export type KeyedSerialQueue = ReturnType<typeof createKeyedSerialQueue>;
