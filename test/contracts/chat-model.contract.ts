import { describe, expect, it } from 'vitest';
import type {
  ChatModel,
  ChatRequest,
  ChatStreamEvent,
  FinishReason,
} from '../../src/core/models/chat-model.js';

const FINISH_REASONS: FinishReason[] = ['stop', 'length', 'content_filter', 'tool_use', 'error'];

/** A turn whose passages answer the question: every model can say something useful about it. */
export const CONTRACT_REQUEST: ChatRequest = {
  language: 'en',
  messages: [
    { role: 'user', text: 'Hello' },
    { role: 'assistant', text: 'Hello! How can I help?' },
    { role: 'user', text: 'How long does standard delivery take, and how much does it cost?' },
  ],
  passages: [
    {
      id: 'en/shipping#delivery-times',
      title: 'Shipping — Delivery times',
      url: 'https://help.example.com/en/shipping#delivery-times',
      text:
        'Standard delivery takes 3 to 5 business days within the European Union. Orders placed before 2 pm are ' +
        'dispatched the same day. Deliveries are not made on Sundays or public holidays.',
      language: 'en',
      score: 0.92,
      relevant: true,
    },
    {
      id: 'en/shipping#shipping-costs',
      title: 'Shipping — Shipping costs',
      url: 'https://help.example.com/en/shipping#shipping-costs',
      text: 'Standard shipping costs 4.90 EUR and is free for orders above 50 EUR. Express shipping costs 9.90 EUR.',
      language: 'en',
      score: 0.81,
      relevant: true,
    },
  ],
};

export interface ChatModelContractOptions {
  /** The request every test sends (a fresh copy each time). */
  request?: ChatRequest;
}

async function collect(events: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const collected: ChatStreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

/**
 * What every ChatModel promises the pipeline. `makeModel` is called once per test, so that a
 * runner can set up its wire stand-in (nock) for that test there. The abort test needs an answer
 * that streams in at least two deltas.
 */
export function describeChatModelContract(
  name: string,
  makeModel: () => ChatModel | Promise<ChatModel>,
  options: ChatModelContractOptions = {},
): void {
  const requestFor = (overrides: Partial<ChatRequest> = {}): ChatRequest => ({
    ...structuredClone(options.request ?? CONTRACT_REQUEST),
    ...overrides,
  });

  describe(`ChatModel contract: ${name}`, () => {
    it('identifies itself', async () => {
      const model = await makeModel();
      expect(model.id.length).toBeGreaterThan(0);
      expect(['local', 'bedrock']).toContain(model.provider);
    });

    it('generates text with a finish reason, token usage and latency', async () => {
      const model = await makeModel();
      const request = requestFor();
      const response = await model.generate(request);
      expect(response.text.trim().length).toBeGreaterThan(0);
      expect(FINISH_REASONS).toContain(response.finishReason);
      expect(response.modelId.length).toBeGreaterThan(0);
      expect(response.latencyMs).toBeGreaterThanOrEqual(0);
      for (const count of Object.values(response.usage)) {
        expect(Number.isInteger(count)).toBe(true);
        expect(count).toBeGreaterThanOrEqual(0);
      }
      expect(response.usage.inputTokens).toBeGreaterThan(0);
      expect(response.usage.outputTokens).toBeGreaterThan(0);
      const passageIds = request.passages.map((passage) => passage.id);
      for (const id of response.citedPassageIds) expect(passageIds).toContain(id);
    });

    it('streams deltas that add up to the final text, then one done event', async () => {
      const model = await makeModel();
      const events = await collect(model.stream(requestFor()));
      const last = events.at(-1);
      expect(last?.type).toBe('done');
      expect(events.filter((event) => event.type === 'done')).toHaveLength(1);
      const deltas = events.filter((event) => event.type === 'delta');
      expect(deltas.length).toBeGreaterThan(0);
      const streamed = deltas.map((event) => (event.type === 'delta' ? event.text : '')).join('');
      if (last?.type === 'done') {
        expect(streamed).toBe(last.response.text);
        expect(last.response.usage.outputTokens).toBeGreaterThan(0);
      }
    });

    it('stops streaming when the request is aborted', async () => {
      const model = await makeModel();
      const controller = new AbortController();
      const afterAbort: ChatStreamEvent[] = [];
      let deltasBeforeAbort = 0;
      // Ending quietly or with an error are both fine; events after the abort are not.
      try {
        for await (const event of model.stream(requestFor({ signal: controller.signal }))) {
          if (controller.signal.aborted) {
            afterAbort.push(event);
          } else if (event.type === 'delta') {
            deltasBeforeAbort += 1;
            controller.abort();
          }
        }
      } catch {
        // An AbortError (or the adapter's own error for it) is an acceptable way to stop.
      }
      expect(deltasBeforeAbort).toBe(1);
      expect(afterAbort).toEqual([]);
    });

    it('refuses to start on an already aborted request', async () => {
      const model = await makeModel();
      const controller = new AbortController();
      controller.abort();
      await expect(model.generate(requestFor({ signal: controller.signal }))).rejects.toThrow();
    });
  });
}
