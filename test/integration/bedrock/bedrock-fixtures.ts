import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../../../src/core/language/language.js';
import type { ChatMessage, ChatRequest } from '../../../src/core/models/chat-model.js';
import { createPromptRenderer } from '../../../src/core/prompts/create-prompt-renderer.js';
import type { Passage } from '../../../src/core/retrieval/retriever.js';

export const PROMPTS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../prompts',
);

export const renderer = createPromptRenderer({ promptsDir: PROMPTS_DIR });

export const RETURN_PASSAGES: Passage[] = [
  {
    id: 'en/returns#window',
    title: 'Returns — Return window',
    url: '/help/returns',
    text: 'You can return any item within 30 days of delivery.',
    language: 'en',
    score: 0.91,
    relevant: true,
  },
  {
    id: 'en/returns#costs',
    title: 'Returns — Who pays for the return',
    url: '/help/returns',
    text: 'Return shipping is free for customers in the EU.',
    language: 'en',
    score: 0.74,
    relevant: true,
  },
];

export const QUESTION = 'How long do I have to return a jacket, and who pays the shipping?';

/** A request as the pipeline builds it: earlier turns, then the question; the prompt rendered from them. */
export function chatRequest(
  options: Partial<Omit<ChatRequest, 'messages'>> & {
    language?: Language;
    history?: ChatMessage[];
  } = {},
): ChatRequest {
  const { history = [], ...overrides } = options;
  const language = overrides.language ?? 'en';
  const passages = overrides.passages ?? RETURN_PASSAGES;
  return {
    language,
    messages: [...history, { role: 'user', text: QUESTION }],
    passages,
    prompt: renderer.render({ language, passages, history }),
    ...overrides,
  };
}
