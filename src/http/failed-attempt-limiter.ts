import { LRUCache } from 'lru-cache';

export interface FailedAttemptLimiter {
  /** True while this address has used up its failures for the window. */
  isBlocked(address: string): boolean;
  /** Counts one failure; the window starts with the first one. */
  recordFailure(address: string): void;
  /** Seconds until the address may try again. */
  retryAfterSeconds(address: string): number;
}

/**
 * Counts failed credentials per client address: wrong tokens are what guessing looks like, while
 * a correct one costs nothing. Bounded memory: the least recently seen addresses are forgotten.
 */
export function createFailedAttemptLimiter(options: {
  maxFailures: number;
  windowMs: number;
  maxAddresses?: number;
}): FailedAttemptLimiter {
  const failures = new LRUCache<string, { count: number; resetAt: number }>({
    max: options.maxAddresses ?? 10_000,
  });
  const current = (address: string) => {
    const entry = failures.get(address);
    if (entry && entry.resetAt <= Date.now()) {
      failures.delete(address);
      return undefined;
    }
    return entry;
  };
  return {
    isBlocked: (address) => (current(address)?.count ?? 0) >= options.maxFailures,
    recordFailure(address) {
      const entry = current(address);
      if (entry) entry.count += 1;
      else failures.set(address, { count: 1, resetAt: Date.now() + options.windowMs });
    },
    retryAfterSeconds: (address) =>
      Math.max(1, Math.ceil(((current(address)?.resetAt ?? Date.now()) - Date.now()) / 1000)),
  };
}
