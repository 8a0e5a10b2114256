import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { FastifyBaseLogger } from 'fastify';

/**
 * Bolt and its WebClient log through this adapter into the app's pino logger, so Slack problems
 * show up in the same structured log. The level stays pino's: Bolt's setLevel is ignored. Their
 * debug lines are dropped whatever LOG_LEVEL says: the WebClient writes every request and answer
 * body at debug, and a handoff card carries the customer's own words (e-mail, phone, card, IBAN).
 */
export function createBoltLogger(log: FastifyBaseLogger): BoltLogger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      const error = parts.find((part): part is Error => part instanceof Error);
      const message = parts
        .filter((part) => !(part instanceof Error))
        .map((part) => (typeof part === 'string' ? part : safeJson(part)))
        .join(' ');
      log[level](
        { component: 'slack', ...(error ? { err: error } : {}) },
        message || error?.message || 'slack',
      );
    };
  return {
    debug: () => {},
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
