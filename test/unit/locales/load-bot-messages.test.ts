import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../../../src/core/language/language.js';
import {
  BOT_MESSAGE_KEYS,
  BotMessagesError,
  fillPlaceholders,
  loadBotMessages,
  parseBotMessages,
} from '../../../src/core/locales/load-bot-messages.js';

const shippedLocales = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../locales',
);

/** Keys whose text must carry a placeholder, filled with it. */
const WITH_PLACEHOLDER: Partial<Record<string, string>> = {
  staffJoined: '{name} joined.',
  handoffOutsideHours: 'Back {opens}.',
};

const complete = Object.fromEntries(
  BOT_MESSAGE_KEYS.map((key) => [key, WITH_PLACEHOLDER[key] ?? `${key} text`]),
);

const temporaryDirectories: string[] = [];

afterEach(async () => {
  await Promise.all(
    temporaryDirectories
      .splice(0)
      .map((directory) => rm(directory, { recursive: true, force: true })),
  );
});

async function localesWith(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'parley-locales-'));
  temporaryDirectories.push(directory);
  await mkdir(path.join(directory, 'bot'));
  for (const [name, content] of Object.entries(files))
    await writeFile(path.join(directory, 'bot', name), content);
  return directory;
}

describe('loadBotMessages', () => {
  it('loads every key in every language from the shipped locales', () => {
    const messages = loadBotMessages(shippedLocales);
    for (const language of SUPPORTED_LANGUAGES) {
      for (const key of BOT_MESSAGE_KEYS)
        expect(messages[language][key].trim().length, `${language}.${key}`).toBeGreaterThan(0);
      expect(messages[language].staffJoined).toContain('{name}');
    }
    // Translations, not copies.
    expect(messages.fr.noAnswer).not.toBe(messages.en.noAnswer);
  });

  it('names the file and every missing or empty key', async () => {
    const files = Object.fromEntries(
      SUPPORTED_LANGUAGES.map((language) => [`${language}.json`, JSON.stringify(complete)]),
    );
    const { noAnswer: _dropped, ...withoutNoAnswer } = complete;
    files['de.json'] = JSON.stringify({ ...withoutNoAnswer, sourcesLabel: '  ' });
    const directory = await localesWith(files);
    expect(() => loadBotMessages(directory)).toThrow(BotMessagesError);
    expect(() => loadBotMessages(directory)).toThrow(
      /bot[/\\]de\.json: "noAnswer" is missing; "sourcesLabel" is not a non-empty string/,
    );
  });

  it('names a missing file and broken JSON', async () => {
    const missing = await localesWith({ 'en.json': JSON.stringify(complete) });
    expect(() => loadBotMessages(missing)).toThrow(
      /bot[/\\]fr\.json: cannot read the bot messages/,
    );
    const files = Object.fromEntries(
      SUPPORTED_LANGUAGES.map((language) => [`${language}.json`, JSON.stringify(complete)]),
    );
    files['it.json'] = '{ "offlineNotice": ';
    const broken = await localesWith(files);
    expect(() => loadBotMessages(broken)).toThrow(/bot[/\\]it\.json: invalid JSON/);
  });
});

describe('parseBotMessages', () => {
  it('requires the {name} placeholder in staffJoined and ignores extra keys', () => {
    expect(() =>
      parseBotMessages({ ...complete, staffJoined: 'Someone joined.' }, 'x.json'),
    ).toThrow('x.json: "staffJoined" lacks the {name} placeholder');
    expect(parseBotMessages({ ...complete, futureKey: 'later' }, 'x.json')).toEqual(complete);
    expect(() => parseBotMessages(['not', 'an', 'object'], 'x.json')).toThrow(
      'x.json: expected a JSON object of messages',
    );
  });
});

describe('fillPlaceholders', () => {
  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(fillPlaceholders('{name} from {team} joined.', { name: 'Ana' })).toBe(
      'Ana from {team} joined.',
    );
  });
});
