import type { z } from 'zod';
import { invalidInput } from '../core/conversation/conversation-errors.js';

/**
 * Validates a request part (body, params) against a schema, or throws a 400 whose message lists
 * every problem by field, so a widget or script developer can fix them all in one go.
 */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys')
      return `unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    const field = issue.path.join('.');
    return field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message;
  });
  throw invalidInput(`Invalid ${what}: ${problems.join('; ')}.`);
}
