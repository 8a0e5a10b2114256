import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Language } from '../language/language.js';
import { SUPPORTED_LANGUAGES } from '../language/language.js';

/** Every canned sentence the bot says on its own, in `locales/bot/<lang>.json`. */
export const BOT_MESSAGE_KEYS = [
  'offlineNotice',
  'noAnswer',
  'handoff',
  'handoffWaiting',
  'modelUnavailable',
  /** Contains the `{name}` placeholder. */
  'staffJoined',
  'resolved',
  'returnedToBot',
  'sourcesLabel',
  /** Over sources the answer did not cite (retrieved passages, turn-answerer.ts). */
  'relatedLabel',
  'staffUnknownName',
  // Small talk (src/core/routing/small-talk.ts): a courtesy back, no help-center search.
  'smallTalkGreeting',
  'smallTalkThanks',
  'smallTalkGoodbye',
  'smallTalkAcknowledgement',
  // Offline mode (no large model): what a turn routed `large` says instead of a guess.
  'offlineBillingDispute',
  'offlineComplaint',
  'offlineComplexRequest',
  'offlineComplexPartial',
  'offlineNoMatch',
  /** The label of the widget's "ask for a person" button. */
  'handoffAction',
  /** Contains `{opens}`: when the team is back (SUPPORT_HOURS). */
  'handoffOutsideHours',
] as const;

export type BotMessageKey = (typeof BOT_MESSAGE_KEYS)[number];

export type BotMessages = Readonly<Record<BotMessageKey, string>>;

/** Placeholders each message must contain, or the rendered text would lose information. */
const REQUIRED_PLACEHOLDERS: Partial<Record<BotMessageKey, string[]>> = {
  staffJoined: ['name'],
  handoffOutsideHours: ['opens'],
};

export class BotMessagesError extends Error {
  override readonly name = 'BotMessagesError';
}

/**
 * Reads `<localesDir>/bot/<lang>.json` for every supported language, synchronously, once at
 * startup. Throws BotMessagesError naming the file and the missing or empty keys: a missing
 * translation would otherwise surface as "undefined" in front of a customer.
 */
export function loadBotMessages(localesDir: string): Record<Language, BotMessages> {
  const result = {} as Record<Language, BotMessages>;
  for (const language of SUPPORTED_LANGUAGES) {
    const filePath = path.join(localesDir, 'bot', `${language}.json`);
    let raw: string;
    try {
      raw = readFileSync(filePath, 'utf8');
    } catch (error) {
      throw new BotMessagesError(
        `${filePath}: cannot read the bot messages: ${(error as Error).message}`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new BotMessagesError(`${filePath}: invalid JSON: ${(error as Error).message}`);
    }
    result[language] = parseBotMessages(parsed, filePath);
  }
  return result;
}

/** Validates one language's messages; `source` names the file in errors. Extra keys are ignored. */
export function parseBotMessages(value: unknown, source: string): BotMessages {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BotMessagesError(`${source}: expected a JSON object of messages`);
  }
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  const messages = {} as Record<BotMessageKey, string>;
  for (const key of BOT_MESSAGE_KEYS) {
    const message = record[key];
    if (typeof message !== 'string' || message.trim() === '') {
      problems.push(`"${key}" is ${message === undefined ? 'missing' : 'not a non-empty string'}`);
      continue;
    }
    for (const placeholder of REQUIRED_PLACEHOLDERS[key] ?? []) {
      if (!message.includes(`{${placeholder}}`))
        problems.push(`"${key}" lacks the {${placeholder}} placeholder`);
    }
    messages[key] = message;
  }
  if (problems.length > 0) throw new BotMessagesError(`${source}: ${problems.join('; ')}`);
  return Object.freeze(messages);
}

/** Fills `{name}`-style placeholders; unknown placeholders stay visible rather than vanish. */
export function fillPlaceholders(
  template: string,
  values: Readonly<Record<string, string>>,
): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}
