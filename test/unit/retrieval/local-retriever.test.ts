import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../../src/core/retrieval/knowledge-base-loader.js';
import type { LocalRetriever } from '../../../src/core/retrieval/local-retriever.js';
import {
  createLocalRetriever,
  DEFAULT_RELEVANCE_THRESHOLD,
} from '../../../src/core/retrieval/local-retriever.js';

const fixtureKb = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/kb');

let retriever: LocalRetriever;

beforeAll(async () => {
  retriever = await createLocalRetriever({ kbDir: fixtureKb });
});

describe('createLocalRetriever', () => {
  it("finds the section that answers a question, in the customer's language", async () => {
    const cases = [
      {
        text: 'How do I reset my password?',
        language: 'en',
        expected: 'en/password-login#reset-your-password',
      },
      {
        text: 'Comment puis-je réinitialiser mon mot de passe ?',
        language: 'fr',
        expected: 'fr/password-login#reinitialiser-votre-mot-de-passe',
      },
      {
        text: 'Wie setze ich mein Passwort zurück?',
        language: 'de',
        expected: 'de/password-login#passwort-zurucksetzen',
      },
      { text: '¿Cuánto cuesta el envío?', language: 'es', expected: 'es/shipping#gastos-de-envio' },
      {
        text: 'Quanto costa la spedizione?',
        language: 'it',
        expected: 'it/shipping#costi-di-spedizione',
      },
      {
        text: 'Qui paie les frais de retour ?',
        language: 'fr',
        expected: 'fr/returns-refunds#qui-paie-le-retour',
      },
    ] as const;
    for (const { text, language, expected } of cases) {
      const result = await retriever.retrieve({ text, language });
      expect(result.passages[0], text).toMatchObject({ id: expected, language, relevant: true });
      expect(result.usedLanguageFallback).toBe(false);
      for (const passage of result.passages) expect(passage.language).toBe(language);
    }
  });

  it('does not let question words match everything', async () => {
    const scaffolding = await retriever.retrieve({
      text: 'Comment puis-je faire, s’il vous plaît ?',
      language: 'fr',
    });
    expect(scaffolding.passages.filter((passage) => passage.relevant)).toEqual([]);
    const question = await retriever.retrieve({
      text: 'Comment puis-je retourner un article ?',
      language: 'fr',
    });
    expect(question.passages[0]?.id).toBe('fr/returns-refunds#delai-de-retour');
  });

  it('judges off-topic questions not relevant', async () => {
    // The last two share one everyday word with an article ("times", "orders"): one incidental word is no match.
    const offTopic = [
      "What's the weather in Paris?",
      'Can you write me a poem?',
      'What time is it in Tokyo?',
      'Who orders pizza on Fridays?',
    ];
    for (const text of offTopic) {
      const result = await retriever.retrieve({ text, language: 'en' });
      expect(
        result.passages.filter((passage) => passage.relevant),
        text,
      ).toEqual([]);
    }
  });

  it('does not let words the knowledge base never uses sink an on-topic question', async () => {
    // Greetings, places and products are not in any article; the question is still about shipping.
    const result = await retriever.retrieve({
      text: 'hi there, hope you are well! how long does delivery of my new sneakers to Palermo take?',
      language: 'en',
    });
    expect(result.passages[0]).toMatchObject({ id: 'en/shipping#delivery-times', relevant: true });
  });

  it('takes one word of an article title as enough, and one other word as not enough', async () => {
    // "cards" names the gift-cards article: a customer asking about it in one word is on topic
    // (the price: "a joke about cards" is too); "times" is only a heading word of shipping.
    const topicWord = await retriever.retrieve({ text: 'cards with Satispay?', language: 'en' });
    expect(topicWord.passages[0]).toMatchObject({
      id: expect.stringMatching(/^en\/gift-cards#/),
      relevant: true,
    });
    const headingWord = await retriever.retrieve({ text: 'times in Satispay?', language: 'en' });
    expect(headingWord.passages.filter((passage) => passage.relevant)).toEqual([]);
    expect(headingWord.passages[0]?.score).toBeGreaterThan(0);
  });

  it('takes one of the article’s keywords as enough, like a title word, and finds words only the keywords use', async () => {
    // "parcel" is in no article text and "dispatched" is a body word of shipping; an author lists
    // both as the shipping article's keywords.
    const knowledgeBase = await loadKnowledgeBase(fixtureKb);
    const withKeywords = await createLocalRetriever({
      kbDir: fixtureKb,
      knowledgeBase: {
        ...knowledgeBase,
        passages: knowledgeBase.passages.map((passage) =>
          passage.id.startsWith('en/shipping#')
            ? { ...passage, articleKeywords: ['parcel', 'dispatched'] }
            : passage,
        ),
      },
    });
    for (const text of ['where is my parcel?', 'dispatched yet?']) {
      const before = await retriever.retrieve({ text, language: 'en' });
      expect(
        before.passages.filter((passage) => passage.relevant),
        text,
      ).toEqual([]);
      const after = await withKeywords.retrieve({ text, language: 'en' });
      expect(after.passages[0], text).toMatchObject({
        id: expect.stringMatching(/^en\/shipping#/),
        relevant: true,
      });
    }
    // A word that is neither title nor keyword is still no match on its own.
    const headingWord = await withKeywords.retrieve({ text: 'times in Satispay?', language: 'en' });
    expect(headingWord.passages.filter((passage) => passage.relevant)).toEqual([]);
  });

  it('counts a German compound that meets two known words as one word of the question', async () => {
    // "Wochenende" splits into "Wochen" + "Ende", both words of this article: still one question
    // word, so no more than a one-word coincidence; the two words typed apart are two.
    const knowledgeBase = await loadKnowledgeBase(fixtureKb);
    const base = knowledgeBase.passages.find((passage) => passage.language === 'de');
    if (!base) throw new Error('the fixture kb has a German article');
    const withCompoundParts = await createLocalRetriever({
      kbDir: fixtureKb,
      knowledgeBase: {
        ...knowledgeBase,
        passages: [
          ...knowledgeBase.passages,
          {
            ...base,
            id: 'de/contact#antwortzeiten',
            articleSlug: 'contact',
            articleTitle: 'Kontakt',
            heading: 'Antwortzeiten',
            title: 'Kontakt — Antwortzeiten',
            text: 'Wir antworten innerhalb von zwei Wochen, am Ende des Monats schneller.',
          },
        ],
      },
    });
    const compound = await withCompoundParts.retrieve({
      text: 'Wird es am Wochenende in Hamburg regnen?',
      language: 'de',
    });
    expect(compound.passages.filter((passage) => passage.relevant)).toEqual([]);
    const twoWords = await withCompoundParts.retrieve({
      text: 'Wochen bis zum Ende?',
      language: 'de',
    });
    expect(twoWords.passages[0]).toMatchObject({ id: 'de/contact#antwortzeiten', relevant: true });
  });

  it('falls back to other languages when nothing relevant exists in the customer’s language', async () => {
    // Gift cards exist only in English; the detector took this English question for French.
    const result = await retriever.retrieve({
      text: 'How long is a gift card valid?',
      language: 'fr',
    });
    expect(result.usedLanguageFallback).toBe(true);
    expect(result.passages[0]).toMatchObject({
      id: 'en/gift-cards#gift-card-validity',
      language: 'en',
      relevant: true,
    });
    expect(result.passages.every((passage) => passage.relevant)).toBe(true);
  });

  it('searches other languages by content words only, and keeps its own passages when they find nothing', async () => {
    // "comment" is a French stop word but an English word: it must not reach the English index.
    const result = await retriever.retrieve({ text: 'Comment écrire un poème ?', language: 'fr' });
    expect(result.usedLanguageFallback).toBe(true);
    expect(result.passages.every((passage) => passage.language === 'fr' && !passage.relevant)).toBe(
      true,
    );
  });

  it('tolerates a typo in a long word', async () => {
    const result = await retriever.retrieve({ text: 'I forgot my pasword', language: 'en' });
    expect(result.passages[0]).toMatchObject({
      id: 'en/password-login#reset-your-password',
      relevant: true,
    });
  });

  it('applies the relevance threshold it is given', async () => {
    const question = { text: 'express delivery', language: 'en' } as const;
    const lenient = await createLocalRetriever({ kbDir: fixtureKb, relevanceThreshold: 0.01 });
    const strict = await createLocalRetriever({ kbDir: fixtureKb, relevanceThreshold: 0.99 });
    const lenientResult = await lenient.retrieve(question);
    const strictResult = await strict.retrieve(question);
    expect(lenient.relevanceThreshold).toBe(0.01);
    expect(retriever.relevanceThreshold).toBe(DEFAULT_RELEVANCE_THRESHOLD);
    // Same ranking and scores; only the verdict moves with the threshold.
    expect(strictResult.passages.map((passage) => [passage.id, passage.score])).toEqual(
      lenientResult.passages.map((passage) => [passage.id, passage.score]),
    );
    expect(lenientResult.passages.filter((passage) => passage.relevant).length).toBeGreaterThan(1);
    expect(
      strictResult.passages.filter((passage) => passage.relevant).map((passage) => passage.score),
    ).toEqual(
      strictResult.passages
        .filter((passage) => passage.score >= 0.99)
        .map((passage) => passage.score),
    );
    expect(strictResult.passages.some((passage) => !passage.relevant)).toBe(true);
  });

  it('respects the limit, including zero, and has a default', async () => {
    const unlimited = await retriever.retrieve({
      text: 'shipping costs express delivery',
      language: 'en',
    });
    expect(unlimited.passages.length).toBeGreaterThan(1);
    expect(unlimited.passages.length).toBeLessThanOrEqual(5);
    expect(
      (await retriever.retrieve({ text: 'shipping costs', language: 'en', limit: 1 })).passages,
    ).toHaveLength(1);
    expect(
      (await retriever.retrieve({ text: 'shipping costs', language: 'en', limit: 0 })).passages,
    ).toEqual([]);
  });

  it('reports the knowledge-base version of the loaded files and describes itself', async () => {
    const { version } = await loadKnowledgeBase(fixtureKb);
    const result = await retriever.retrieve({ text: 'shipping', language: 'en' });
    expect(result.knowledgeBaseVersion).toBe(version);
    expect(retriever.knowledgeBaseVersion).toBe(version);
    expect(retriever.name).toBe('local');
    expect(new Set(retriever.languages)).toEqual(new Set(['en', 'fr', 'de', 'es', 'it']));
  });

  it('passes loader warnings to the caller', async () => {
    const knowledgeBase = await loadKnowledgeBase(fixtureKb);
    const warnings: string[] = [];
    await createLocalRetriever({
      kbDir: fixtureKb,
      knowledgeBase: { ...knowledgeBase, warnings: ['kb/pt: skipped'] },
      onWarning: (message) => warnings.push(message),
    });
    expect(warnings).toEqual(['kb/pt: skipped']);
  });

  it('answers an empty or punctuation-only question with no passages', async () => {
    for (const text of ['', '???', '   ']) {
      const result = await retriever.retrieve({ text, language: 'en' });
      expect(result.passages.filter((passage) => passage.relevant)).toEqual([]);
    }
  });
});
