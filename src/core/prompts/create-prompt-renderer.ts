import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Language, languageName, SUPPORTED_LANGUAGES } from '../language/language.js';
import type { ChatMessage, RenderedPrompt } from '../models/chat-model.js';
import type { Passage } from '../retrieval/retriever.js';
import { passageLabel } from './citation-markers.js';
import { NO_ANSWER_MARKER } from './no-answer-marker.js';

export const DEFAULT_HISTORY_TOKEN_BUDGET = 800;

export interface PromptRenderInput {
  language: Language;
  /** Labelled [p1], [p2]… in this order; citation markers map back by position. */
  passages: readonly Passage[];
  /** Oldest first; the newest messages are kept when the budget is short. */
  history: readonly ChatMessage[];
  historyTokenBudget?: number;
}

export interface PromptRenderer {
  /** Content hash of the templates: part of the answer-cache key and of each record. */
  readonly version: string;
  render(input: PromptRenderInput): RenderedPrompt;
  /** The static system prompt of a language (the cacheable prefix). */
  staticSystem(language: Language): string;
}

export interface PromptRendererOptions {
  /** Folder holding `system.md` (or `system.<lang>.md` overrides) and `turn.md`. */
  promptsDir: string;
}

const SYSTEM_PLACEHOLDERS = new Set(['language', 'noAnswerMarker']);
const TURN_PLACEHOLDERS = new Set(['passages', 'history']);
const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** Rough token count (≈4 characters per token across our five languages): budgets, not billing. */
export function approximateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function checkPlaceholders(name: string, template: string, allowed: Set<string>): void {
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!allowed.has(match[1] as string)) {
      throw new Error(
        `prompt template ${name} uses unknown placeholder {{${match[1]}}}; allowed: ${[...allowed].join(', ')}`,
      );
    }
  }
}

/** One pass, so text inside a value (a passage containing "{{history}}") is never expanded. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => values[name] ?? '');
}

function renderPassages(passages: readonly Passage[]): string {
  if (passages.length === 0) return '(no passages found)';
  return passages
    .map(
      (passage, index) =>
        `[${passageLabel(index)}] ${passage.title.trim()}\n${passage.text.trim()}`,
    )
    .join('\n\n');
}

function truncateToTokens(text: string, tokens: number): string {
  const characters = Math.max(0, tokens * 4 - 1);
  return text.length <= characters ? text : `${text.slice(0, characters).trimEnd()}…`;
}

/** Keeps the newest messages that fit; a newest message alone over budget is cut, not dropped. */
export function trimHistory(history: readonly ChatMessage[], budget: number): ChatMessage[] {
  const kept: ChatMessage[] = [];
  let used = 0;
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const message = history[index] as ChatMessage;
    const cost = approximateTokens(message.text) + 2;
    if (used + cost > budget) {
      if (kept.length === 0 && budget > 8)
        kept.unshift({ role: message.role, text: truncateToTokens(message.text, budget - 2) });
      break;
    }
    kept.unshift(message);
    used += cost;
  }
  return kept;
}

function renderHistory(history: readonly ChatMessage[]): string {
  if (history.length === 0) return '(this is the first message of the conversation)';
  return history
    .map(
      (message) => `${message.role === 'user' ? 'Customer' : 'Assistant'}: ${message.text.trim()}`,
    )
    .join('\n');
}

export function createPromptRenderer(options: PromptRendererOptions): PromptRenderer {
  const read = (file: string): string => readFileSync(join(options.promptsDir, file), 'utf8');
  const baseSystem = read('system.md');
  const turn = read('turn.md');
  checkPlaceholders('system.md', baseSystem, SYSTEM_PLACEHOLDERS);
  checkPlaceholders('turn.md', turn, TURN_PLACEHOLDERS);

  const hash = createHash('sha256')
    .update('system.md\0')
    .update(baseSystem)
    .update('\0turn.md\0')
    .update(turn);
  const staticByLanguage = new Map<Language, string>();
  for (const language of SUPPORTED_LANGUAGES) {
    const overrideFile = `system.${language}.md`;
    let template = baseSystem;
    if (existsSync(join(options.promptsDir, overrideFile))) {
      template = read(overrideFile);
      checkPlaceholders(overrideFile, template, SYSTEM_PLACEHOLDERS);
      hash.update(`\0${overrideFile}\0`).update(template);
    }
    // Rendered once: the prefix is byte-identical for every request in a language.
    staticByLanguage.set(
      language,
      fill(template, {
        // The English name for the model, the native name as a hint.
        language: languageName(language, { withNative: true }),
        noAnswerMarker: NO_ANSWER_MARKER,
      }).trim(),
    );
  }
  const version = hash.digest('hex').slice(0, 16);

  return {
    version,
    staticSystem: (language) => staticByLanguage.get(language) as string,
    render(input) {
      const budget = input.historyTokenBudget ?? DEFAULT_HISTORY_TOKEN_BUDGET;
      const dynamicSystem = fill(turn, {
        passages: renderPassages(input.passages),
        history: renderHistory(trimHistory(input.history, budget)),
      }).trim();
      return {
        staticSystem: staticByLanguage.get(input.language) as string,
        dynamicSystem,
        version,
      };
    },
  };
}
