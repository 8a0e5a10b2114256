import type {
  ChatModel,
  ChatRequest,
  ChatResponse,
  ChatStreamEvent,
} from '../../src/core/models/chat-model.js';
import { EMPTY_USAGE } from '../../src/core/models/chat-model.js';

/**
 * A ChatModel of our own interface that answers with whatever text the test sets, in chunks,
 * and can hold the last chunk back until the test releases it (to look at the UI mid-stream).
 */
export function createScriptedChatModel() {
  let answer = 'Hello.';
  let citing = true;
  let gate: Promise<void> | undefined;
  let release: () => void = () => {};

  const respond = (request: ChatRequest, text: string): ChatResponse => ({
    text,
    citedPassageIds: citing ? request.passages.slice(0, 1).map((passage) => passage.id) : [],
    finishReason: 'stop',
    usage: { ...EMPTY_USAGE, inputTokens: 10, outputTokens: 10 },
    modelId: 'scripted',
    latencyMs: 1,
  });

  const model: ChatModel = {
    id: 'scripted',
    provider: 'local',
    async generate(request) {
      return respond(request, answer);
    },
    async *stream(request): AsyncIterable<ChatStreamEvent> {
      const text = answer;
      const half = Math.ceil(text.length / 2);
      yield { type: 'delta', text: text.slice(0, half) };
      if (gate) await gate;
      yield { type: 'delta', text: text.slice(half) };
      yield { type: 'done', response: respond(request, text) };
    },
  };

  return {
    models: { small: model, large: model },
    answerWith(text: string) {
      answer = text;
    },
    /** Whether answers cite the first passage (a model forgetting its labels cites none). */
    citePassages(on: boolean) {
      citing = on;
    },
    /** The next answers stop halfway until `release()`. */
    holdHalfway() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release() {
      release();
      gate = undefined;
    },
  };
}
