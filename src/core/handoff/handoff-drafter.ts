import type { Citation } from '../conversation/conversation.js';
import { citationsOf } from '../conversation/turn-answerer.js';
import type { Language } from '../language/language.js';
import type { ChatModel } from '../models/chat-model.js';
import type { PromptRenderer } from '../prompts/create-prompt-renderer.js';
import { readCompleteVerdict } from '../prompts/escalation-verdict.js';
import { containsNoAnswerMarker } from '../prompts/no-answer-marker.js';
import type { Retriever } from '../retrieval/retriever.js';

export interface HandoffDraft {
  text: string;
  citations: Citation[];
}

/** The customer's latest messages the draft looks at: "I want a person" alone says nothing about the problem. */
const QUESTION_MESSAGES = 3;

/**
 * A suggested answer for the staff member who takes over: the same retrieval and small model as
 * the pipeline, run on whichever of the customer's latest messages the knowledge base matches
 * best. Null when the knowledge base has nothing
 * relevant or the model says the passages do not answer; the card then shows no draft.
 */
export function createHandoffDrafter(deps: {
  retriever: Retriever;
  model: ChatModel;
  promptRenderer?: PromptRenderer;
  timeoutMs: number;
}) {
  return {
    async draft(input: {
      customerMessages: string[];
      language: Language;
    }): Promise<HandoffDraft | null> {
      // Each message on its own: joined, "I want a person" dilutes the question that matters.
      const candidates = input.customerMessages
        .slice(-QUESTION_MESSAGES)
        .filter((message) => message.trim().length > 0);
      const retrievals = await Promise.all(
        candidates.map(async (question) => ({
          question,
          retrieval: await deps.retriever.retrieve({
            text: question,
            language: input.language,
            limit: 5,
          }),
        })),
      );
      const best = retrievals
        .map(({ question, retrieval }) => ({
          question,
          passages: retrieval.passages.filter((passage) => passage.relevant),
        }))
        .filter((candidate) => candidate.passages.length > 0)
        .sort((left, right) => (right.passages[0]?.score ?? 0) - (left.passages[0]?.score ?? 0))[0];
      if (!best) return null;
      const { question, passages } = best;
      const prompt = deps.promptRenderer?.render({
        language: input.language,
        passages,
        history: [],
      });
      const response = await deps.model.generate({
        language: input.language,
        messages: [{ role: 'user', text: question }],
        passages,
        ...(prompt ? { prompt } : {}),
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
      if (response.citedPassageIds.length === 0 || containsNoAnswerMarker(response.text))
        return null;
      const citations = citationsOf(passages, response.citedPassageIds);
      // The draft is for staff, who decide themselves: a verdict line is no part of it.
      const text = readCompleteVerdict(response.text).rest.trim();
      return text ? { text, citations } : null;
    },
  };
}

export type HandoffDrafter = ReturnType<typeof createHandoffDrafter>;
