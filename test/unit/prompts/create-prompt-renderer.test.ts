import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../../../src/core/language/language.js';
import type { ChatMessage } from '../../../src/core/models/chat-model.js';
import {
  approximateTokens,
  createPromptRenderer,
  trimHistory,
} from '../../../src/core/prompts/create-prompt-renderer.js';
import { NO_ANSWER_MARKER } from '../../../src/core/prompts/no-answer-marker.js';
import type { Passage } from '../../../src/core/retrieval/retriever.js';

const PROMPTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prompts');

const passage = (id: string, title: string, text: string): Passage => ({
  id,
  title,
  text,
  language: 'en',
  score: 0.8,
  relevant: true,
});

function promptsFolder(files: Record<string, string>): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'parley-prompts-'));
  for (const [name, content] of Object.entries(files))
    writeFileSync(path.join(folder, name), content);
  return folder;
}

describe('prompt renderer', () => {
  const renderer = createPromptRenderer({ promptsDir: PROMPTS_DIR });

  it('keeps the static system prompt byte-identical per language, whatever the turn', () => {
    const first = renderer.render({
      language: 'fr',
      passages: [passage('a', 'A', 'alpha')],
      history: [],
    });
    const second = renderer.render({
      language: 'fr',
      passages: [passage('b', 'B', 'beta'), passage('c', 'C', 'gamma')],
      history: [{ role: 'user', text: 'Bonjour' }],
    });
    expect(first.staticSystem).toBe(second.staticSystem);
    expect(first.dynamicSystem).not.toBe(second.dynamicSystem);
    expect(first.staticSystem).toContain('French (français)');
    expect(first.staticSystem).toContain(NO_ANSWER_MARKER);
    expect(first.staticSystem).not.toMatch(/\{\{/);
  });

  it('differs between languages only where the language is named', () => {
    const statics = SUPPORTED_LANGUAGES.map((language) => renderer.staticSystem(language));
    expect(new Set(statics).size).toBe(5);
    expect(statics.map((text) => text.replace(/Answer in [^,]+,/, 'Answer in X,'))).toEqual(
      Array(5).fill(statics[0]?.replace(/Answer in [^,]+,/, 'Answer in X,')),
    );
  });

  it('labels passages [p1], [p2] in order and renders the history', () => {
    const rendered = renderer.render({
      language: 'en',
      passages: [
        passage('x', 'Returns — Window', 'Thirty days.'),
        passage('y', 'Returns — Costs', 'Free in the EU.'),
      ],
      history: [
        { role: 'user', text: 'Hi' },
        { role: 'assistant', text: 'Hello! How can I help?' },
      ],
    });
    expect(rendered.dynamicSystem).toContain('[p1] Returns — Window\nThirty days.');
    expect(rendered.dynamicSystem).toContain('[p2] Returns — Costs\nFree in the EU.');
    expect(rendered.dynamicSystem.indexOf('[p1]')).toBeLessThan(
      rendered.dynamicSystem.indexOf('[p2]'),
    );
    expect(rendered.dynamicSystem).toContain('Customer: Hi\nAssistant: Hello! How can I help?');
  });

  it('never expands placeholders that appear inside passage text', () => {
    const rendered = renderer.render({
      language: 'en',
      passages: [passage('x', 'T', 'literally {{history}}')],
      history: [{ role: 'user', text: 'secret' }],
    });
    expect(rendered.dynamicSystem).toContain('literally {{history}}');
  });

  it('versions prompts by content', () => {
    const base = {
      'system.md': 'Answer in {{language}}. {{noAnswerMarker}}',
      'turn.md': '{{passages}}\n{{history}}',
    };
    const one = createPromptRenderer({ promptsDir: promptsFolder(base) });
    const same = createPromptRenderer({ promptsDir: promptsFolder(base) });
    const changed = createPromptRenderer({
      promptsDir: promptsFolder({ ...base, 'turn.md': 'Passages: {{passages}}\n{{history}}' }),
    });
    expect(one.version).toMatch(/^[0-9a-f]{16}$/);
    expect(same.version).toBe(one.version);
    expect(changed.version).not.toBe(one.version);
    expect(one.render({ language: 'it', passages: [], history: [] }).version).toBe(one.version);
  });

  it('uses a per-language system override when present', () => {
    const folder = promptsFolder({
      'system.md': 'Answer in {{language}}.',
      'system.de.md': 'Antworte auf Deutsch. {{noAnswerMarker}}',
      'turn.md': '{{passages}}',
    });
    const withOverride = createPromptRenderer({ promptsDir: folder });
    expect(withOverride.staticSystem('de')).toBe(`Antworte auf Deutsch. ${NO_ANSWER_MARKER}`);
    expect(withOverride.staticSystem('es')).toBe('Answer in Spanish (español).');
  });

  it('refuses templates with unknown placeholders at load time', () => {
    const folder = promptsFolder({
      'system.md': 'Hello {{customerName}}',
      'turn.md': '{{passages}}',
    });
    expect(() => createPromptRenderer({ promptsDir: folder })).toThrow(/customerName/);
  });
});

describe('history trimming', () => {
  const history: ChatMessage[] = [
    { role: 'user', text: 'a'.repeat(400) },
    { role: 'assistant', text: 'b'.repeat(400) },
    { role: 'user', text: 'c'.repeat(40) },
    { role: 'assistant', text: 'd'.repeat(40) },
  ];

  it('keeps the newest messages that fit the budget, oldest first', () => {
    expect(trimHistory(history, 30).map((message) => message.text[0])).toEqual(['c', 'd']);
    expect(trimHistory(history, 130).map((message) => message.text[0])).toEqual(['b', 'c', 'd']);
    expect(trimHistory(history, 10_000)).toEqual(history);
  });

  it('cuts a newest message that alone exceeds the budget', () => {
    const kept = trimHistory([{ role: 'user', text: 'x'.repeat(1_000) }], 50);
    expect(kept).toHaveLength(1);
    expect(approximateTokens(kept[0]?.text ?? '')).toBeLessThanOrEqual(50);
    expect(kept[0]?.text.endsWith('…')).toBe(true);
  });

  it('applies the budget when rendering', () => {
    const renderer = createPromptRenderer({ promptsDir: PROMPTS_DIR });
    const rendered = renderer.render({
      language: 'en',
      passages: [],
      history,
      historyTokenBudget: 30,
    });
    expect(rendered.dynamicSystem).not.toContain('aaaa');
    expect(rendered.dynamicSystem).toContain('c'.repeat(40));
  });
});
