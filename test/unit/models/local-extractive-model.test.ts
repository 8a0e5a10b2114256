import { describe, expect, it } from 'vitest';
import type { ChatRequest, ChatStreamEvent } from '../../../src/core/models/chat-model.js';
import {
  createLocalExtractiveModel,
  LOCAL_EXTRACTIVE_MODEL_ID,
} from '../../../src/core/models/local-extractive-model.js';
import { NO_ANSWER_MARKER } from '../../../src/core/prompts/no-answer-marker.js';
import type { Passage } from '../../../src/core/retrieval/retriever.js';

const model = createLocalExtractiveModel();

function passage(
  id: string,
  text: string,
  score: number,
  overrides: Partial<Passage> = {},
): Passage {
  return { id, title: id, text, language: 'en', score, relevant: score >= 0.5, ...overrides };
}

const RETURNS = passage(
  'en/returns#who-pays',
  'Returns are free within the European Union. Use the prepaid label that came in your parcel. ' +
    'Customs duties are never charged inside the EU.',
  0.9,
);
const REFUNDS = passage(
  'en/returns#refund-timing',
  'We refund your payment within 5 business days after your return arrives.',
  0.8,
);
const GIFT_CARDS = passage('en/gift-cards#validity', 'A gift card is valid for two years.', 0.55);

function request(
  overrides: Partial<Omit<ChatRequest, 'messages'>> & { question?: string } = {},
): ChatRequest {
  const { question = 'Where do I find the prepaid return label?', ...rest } = overrides;
  return {
    language: 'en',
    messages: [{ role: 'user', text: question }],
    passages: [RETURNS, REFUNDS],
    ...rest,
  };
}

describe('createLocalExtractiveModel', () => {
  it('quotes the sentences that share words with the question, from the best passage', async () => {
    const response = await model.generate(request());
    expect(response.text).toContain('Use the prepaid label that came in your parcel.');
    expect(response.text).not.toContain('Customs duties');
    expect(response.citedPassageIds[0]).toBe('en/returns#who-pays');
    expect(response).toMatchObject({ finishReason: 'stop', modelId: LOCAL_EXTRACTIVE_MODEL_ID });
    expect(model).toMatchObject({ id: 'local-extractive', provider: 'local' });
  });

  it('draws from at most two passages', async () => {
    const alike = [0.95, 0.94, 0.93].map((score, index) =>
      passage(`en/returns#part-${index}`, `Return labels, part ${index}.`, score),
    );
    const response = await model.generate(request({ question: 'return labels', passages: alike }));
    expect(response.citedPassageIds).toEqual(['en/returns#part-0', 'en/returns#part-1']);
    expect(response.text).toBe('Return labels, part 0.\n\nReturn labels, part 1.');
  });

  it('quotes at most three sentences, in their original order', async () => {
    const long = passage(
      'en/returns#labels',
      'Labels one. Return labels two. Return labels three. Return labels four. Return labels five.',
      0.9,
    );
    const response = await model.generate(request({ question: 'return labels', passages: [long] }));
    expect(response.text).toBe('Return labels two. Return labels three. Return labels four.');
  });

  it('leaves out a second passage that is much weaker than the first', async () => {
    const weak = passage('en/returns#weak', 'Return labels are sent again on request.', 0.55);
    const response = await model.generate(request({ passages: [RETURNS, weak] }));
    expect(response.citedPassageIds).toEqual(['en/returns#who-pays']);
  });

  it('answers in the passage’s own words, without any notice of its own', async () => {
    const french = passage(
      'fr/retours#etiquette',
      "Utilisez l'étiquette prépayée fournie dans votre colis.",
      0.9,
      { language: 'fr' },
    );
    const inFrench = await model.generate(
      request({ language: 'fr', question: "Où est l'étiquette de retour ?", passages: [french] }),
    );
    expect(inFrench.text).toBe("Utilisez l'étiquette prépayée fournie dans votre colis.");
  });

  it('answers with the no-answer marker, citing nothing, when no passage is relevant', async () => {
    const irrelevant = [
      passage('en/x#y', 'Something loosely related.', 0.3),
      passage('en/x#z', 'Else.', 0.1),
    ];
    const response = await model.generate(request({ passages: irrelevant }));
    expect(response.text).toBe(NO_ANSWER_MARKER);
    expect(response.citedPassageIds).toEqual([]);
    const none = await model.generate(request({ language: 'de', passages: [] }));
    expect(none.text).toBe(NO_ANSWER_MARKER);
  });

  it("prefers passages in the customer's language after a language fallback", async () => {
    const english = passage(
      'en/returns#label',
      'Use the prepaid return label from your parcel.',
      0.95,
    );
    const spanish = passage(
      'es/devoluciones#etiqueta',
      'Usa la etiqueta de devolución prepagada de tu paquete.',
      0.6,
      { language: 'es' },
    );
    const response = await model.generate(
      request({
        language: 'es',
        question: '¿Dónde está la etiqueta de devolución?',
        passages: [english, spanish],
      }),
    );
    expect(response.citedPassageIds).toEqual(['es/devoluciones#etiqueta']);
    expect(response.text).toBe('Usa la etiqueta de devolución prepagada de tu paquete.');
  });

  it('uses another language’s passage when nothing in the customer’s language is relevant', async () => {
    const response = await model.generate(
      request({ language: 'it', question: 'gift card validity', passages: [GIFT_CARDS] }),
    );
    expect(response.citedPassageIds).toEqual(['en/gift-cards#validity']);
    expect(response.text).toBe('A gift card is valid for two years.');
  });

  it('opens with the section’s first sentences when only the title matched', async () => {
    const titled = passage(
      'en/shipping#express',
      'It arrives the next business day. It costs 12.90 EUR. It is not available on Sundays.',
      0.7,
      {
        title: 'Shipping — Express delivery',
      },
    );
    const response = await model.generate(
      request({ question: 'express delivery?', passages: [titled] }),
    );
    expect(response.text).toBe('It arrives the next business day. It costs 12.90 EUR.');
    expect(response.citedPassageIds).toEqual(['en/shipping#express']);
  });

  it('counts words as tokens and measures its latency', async () => {
    const response = await model.generate(request({ question: 'prepaid label' }));
    const passageWords = [RETURNS, REFUNDS].reduce(
      (total, item) => total + item.text.split(/\s+/).length,
      0,
    );
    expect(response.usage).toEqual({
      inputTokens: 2 + passageWords,
      outputTokens: response.text.split(/\s+/).length,
      cacheReadInputTokens: 0,
      cacheWriteInputTokens: 0,
    });
    expect(response.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('streams the same text in chunks of a few words, then done', async () => {
    const events: ChatStreamEvent[] = [];
    for await (const event of model.stream(request())) events.push(event);
    const generated = await model.generate(request());
    const deltas = events.flatMap((event) => (event.type === 'delta' ? [event.text] : []));
    expect(deltas.length).toBeGreaterThan(2);
    for (const delta of deltas) expect(delta.trim().split(/\s+/).length).toBeLessThanOrEqual(4);
    expect(deltas.join('')).toBe(generated.text);
    const last = events.at(-1);
    expect(last?.type === 'done' ? last.response.text : undefined).toBe(generated.text);
    expect(last?.type === 'done' ? last.response.citedPassageIds : undefined).toEqual(
      generated.citedPassageIds,
    );
  });

  it('stops streaming, with the abort reason, when the request is aborted', async () => {
    const controller = new AbortController();
    const received: string[] = [];
    const consume = async () => {
      for await (const event of model.stream(request({ signal: controller.signal }))) {
        received.push(event.type);
        if (received.length === 2) controller.abort(new Error('customer left'));
      }
    };
    await expect(consume()).rejects.toThrow('customer left');
    expect(received).toEqual(['delta', 'delta']);
  });
});
