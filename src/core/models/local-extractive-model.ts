import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Language } from '../language/language.js';
import { NO_ANSWER_MARKER } from '../prompts/no-answer-marker.js';
import { analyzeText } from '../retrieval/local-text-analyzer.js';
import type { Passage } from '../retrieval/retriever.js';
import {
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type ChatStreamEvent,
  currentQuestion,
} from './chat-model.js';
import { splitSentences } from './local-sentences.js';

export const LOCAL_EXTRACTIVE_MODEL_ID = 'local-extractive';

export interface LocalExtractiveModelOptions {
  /** Sentences in an answer, at most. Default 3. */
  maxSentences?: number;
  /** Passages an answer draws from, at most. Default 2. */
  maxPassages?: number;
  /** Words per streamed delta. Default 4. */
  wordsPerDelta?: number;
}

interface CandidateSentence {
  passageIndex: number;
  position: number;
  text: string;
  score: number;
}

/*
 * A second passage joins the answer only when it is nearly as good as the first: otherwise a
 * clear answer gets diluted with a neighbouring section's details.
 */
const SECOND_PASSAGE_MIN_SHARE = 0.75;

/**
 * The offline answerer: no model, no network. It quotes the sentences of the best relevant
 * passages that share the most words with the question, and answers with the no-answer marker
 * when nothing relevant was retrieved, as a model told to would.
 */
export function createLocalExtractiveModel(options: LocalExtractiveModelOptions = {}): ChatModel {
  const maxSentences = options.maxSentences ?? 3;
  const maxPassages = options.maxPassages ?? 2;
  const wordsPerDelta = options.wordsPerDelta ?? 4;

  function answer(request: ChatRequest): ChatResponse {
    const started = performance.now();
    request.signal?.throwIfAborted();
    const question = currentQuestion(request);
    const chosen = choosePassages(request.passages, request.language, maxPassages);
    const sentences = chosen.length > 0 ? chooseSentences(question, chosen, maxSentences) : [];

    const paragraphs: string[] = [];
    const citedPassageIds: string[] = [];
    if (sentences.length === 0) {
      paragraphs.push(NO_ANSWER_MARKER);
    } else {
      // One paragraph per passage, sentences in their original order: quotes read as written.
      for (const [passageIndex, passage] of chosen.entries()) {
        const own = sentences
          .filter((sentence) => sentence.passageIndex === passageIndex)
          .sort((left, right) => left.position - right.position);
        if (own.length === 0) continue;
        citedPassageIds.push(passage.id);
        paragraphs.push(own.map((sentence) => sentence.text).join(' '));
      }
    }
    const text = paragraphs.join('\n\n');

    // Approximate tokens as words (what this answerer reads: the question and the passages), so
    // that telemetry and cost reports have numbers to compare.
    const passageWords = request.passages.reduce(
      (total, passage) => total + countWords(passage.text),
      0,
    );
    return {
      text,
      citedPassageIds,
      finishReason: 'stop',
      usage: {
        inputTokens: countWords(question) + passageWords,
        outputTokens: countWords(text),
        cacheReadInputTokens: 0,
        cacheWriteInputTokens: 0,
      },
      modelId: LOCAL_EXTRACTIVE_MODEL_ID,
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
    };
  }

  return {
    id: LOCAL_EXTRACTIVE_MODEL_ID,
    provider: 'local',

    async generate(request) {
      return answer(request);
    },

    async *stream(request): AsyncIterable<ChatStreamEvent> {
      const started = performance.now();
      const response = answer(request);
      // Chunks keep their trailing whitespace, so the deltas concatenate to exactly the text.
      const pieces = response.text.match(/\s*\S+\s*/g) ?? [];
      for (let index = 0; index < pieces.length; index += wordsPerDelta) {
        request.signal?.throwIfAborted();
        yield { type: 'delta', text: pieces.slice(index, index + wordsPerDelta).join('') };
        // Lets an abort (or a slow consumer's other work) in between two chunks.
        await yieldToEventLoop();
      }
      request.signal?.throwIfAborted();
      yield {
        type: 'done',
        response: {
          ...response,
          latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
        },
      };
    },
  };
}

/**
 * Relevant passages, best first; those in the customer's language win over a fallback
 * language's, which are used only when nothing else is relevant.
 */
function choosePassages(passages: Passage[], language: Language, maxPassages: number): Passage[] {
  const relevant = passages
    .filter((passage) => passage.relevant)
    .sort((left, right) => right.score - left.score);
  const inLanguage = relevant.filter(
    (passage) => passage.language === language || passage.language === null,
  );
  const pool = inLanguage.length > 0 ? inLanguage : relevant;
  const best = pool[0];
  if (!best) return [];
  return pool
    .slice(0, maxPassages)
    .filter(
      (passage) => passage === best || passage.score >= best.score * SECOND_PASSAGE_MIN_SHARE,
    );
}

/** A passage's sentences with their terms, to score against the question. */
function analyzePassage(text: string, language: Language) {
  return splitSentences(text, language).map((sentence) => ({
    text: sentence,
    terms: new Set(analyzeText(sentence, language)),
  }));
}

function chooseSentences(
  question: string,
  passages: Passage[],
  maxSentences: number,
): CandidateSentence[] {
  const candidates: CandidateSentence[] = [];
  for (const [passageIndex, passage] of passages.entries()) {
    const language = passage.language ?? 'en';
    const questionTerms = new Set(analyzeText(question, language));
    for (const [position, { text, terms: sentenceTerms }] of analyzePassage(
      passage.text,
      language,
    ).entries()) {
      let overlap = 0;
      for (const term of questionTerms) if (sentenceTerms.has(term)) overlap += 1;
      // A section's first sentence usually states its point; the best passage beats the second.
      const score = overlap + (position === 0 ? 0.5 : 0) + (passageIndex === 0 ? 0.25 : 0);
      candidates.push({ passageIndex, position, text, score: overlap > 0 ? score : score - 10 });
    }
  }
  const ranked = [...candidates].sort(
    (left, right) => right.score - left.score || left.position - right.position,
  );
  const chosen = ranked.filter((candidate) => candidate.score > 0).slice(0, maxSentences);
  if (chosen.length === 0) {
    // The question's words matched only the titles: the section is on topic, so its opening says most.
    return candidates
      .filter((candidate) => candidate.passageIndex === 0)
      .slice(0, Math.min(2, maxSentences));
  }
  if (!chosen.some((candidate) => candidate.passageIndex === 0)) {
    // The retriever ranked the first passage best: it must not vanish behind a wordier second one.
    const firstPassageBest = ranked.find((candidate) => candidate.passageIndex === 0);
    if (firstPassageBest)
      chosen.splice(Math.min(chosen.length, maxSentences - 1), 1, firstPassageBest);
  }
  return chosen;
}

function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}
