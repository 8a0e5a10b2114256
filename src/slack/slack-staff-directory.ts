import type { webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';

/**
 * Display names of staff members (users.info, `users:read` scope), cached for an hour: a name
 * appears in every state change and staff reply, and Slack rate-limits users.info.
 */
export function createSlackStaffDirectory(
  client: webApi.WebClient,
  onError: (error: unknown) => void,
) {
  const names = new LRUCache<string, string>({ max: 5000, ttl: 60 * 60 * 1000 });

  return {
    /** The name to show customers; `fallback` (from an interaction payload) when Slack does not answer. */
    async nameOf(userId: string, fallback?: string | null): Promise<string | null> {
      const cached = names.get(userId);
      if (cached) return cached;
      try {
        const result = await client.users.info({ user: userId });
        const profile = result.user?.profile;
        const name = firstNonEmpty(
          profile?.display_name,
          profile?.real_name,
          result.user?.real_name,
          result.user?.name,
        );
        if (name) {
          names.set(userId, name);
          return name;
        }
      } catch (error) {
        onError(error);
      }
      return firstNonEmpty(fallback) ?? null;
    },
  };
}

export type SlackStaffDirectory = ReturnType<typeof createSlackStaffDirectory>;

function firstNonEmpty(...values: Array<string | null | undefined>): string | undefined {
  return values.map((value) => value?.trim()).find((value): value is string => Boolean(value));
}
