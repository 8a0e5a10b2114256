import type {
  ChatModel,
  ChatRequest,
  ChatResponse,
  ChatStreamEvent,
} from '../../src/core/models/chat-model.js';

export type Script = { chunks: string[]; failAfter?: number; error?: Error; delayMs?: number };

/**
 * A fake of our own ChatModel interface for unit tests of the pipeline logic (cascade, fallback,
 * streaming). Never used to test an adapter: those go over the wire with nock.
 */
export function createScriptedChatModel(
  id: string,
  scripts: Script[],
): ChatModel & { calls: ChatRequest[] } {
  const calls: ChatRequest[] = [];
  const next = () => scripts[Math.min(calls.length - 1, scripts.length - 1)]!;
  const responseOf = (text: string): ChatResponse => ({
    text,
    citedPassageIds: [],
    finishReason: 'stop',
    usage: {
      inputTokens: 100,
      outputTokens: text.split(/\s+/).length,
      cacheReadInputTokens: 0,
      cacheWriteInputTokens: 0,
    },
    modelId: id,
    latencyMs: 1,
  });
  return {
    id,
    provider: 'bedrock',
    calls,
    async generate(request) {
      calls.push(request);
      const script = next();
      if (script.delayMs) await sleep(script.delayMs, request.signal);
      if (script.error && script.failAfter === undefined) throw script.error;
      return responseOf(script.chunks.join(''));
    },
    async *stream(request): AsyncIterable<ChatStreamEvent> {
      calls.push(request);
      const script = next();
      if (script.delayMs) await sleep(script.delayMs, request.signal);
      if (script.error && script.failAfter === undefined) throw script.error;
      for (const [index, chunk] of script.chunks.entries()) {
        if (script.failAfter !== undefined && index >= script.failAfter)
          throw script.error ?? new Error('stream broke');
        yield { type: 'delta', text: chunk };
      }
      yield { type: 'done', response: responseOf(script.chunks.join('')) };
    },
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });
}
