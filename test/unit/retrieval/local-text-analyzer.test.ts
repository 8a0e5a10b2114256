import { describe, expect, it } from 'vitest';
import {
  analyzeText,
  createTextAnalyzer,
  removeStopWords,
} from '../../../src/core/retrieval/local-text-analyzer.js';

describe('analyzeText', () => {
  it('drops the scaffolding of questions in every language', () => {
    expect(analyzeText('How can I do it, please?', 'en')).toEqual([]);
    expect(analyzeText('Comment puis-je faire ?', 'fr')).toEqual([]);
    expect(analyzeText('Wie kann ich das bitte machen?', 'de')).toEqual([]);
    expect(analyzeText('¿Cómo puedo hacer eso, por favor?', 'es')).toEqual([]);
    expect(analyzeText('Come posso fare, per favore?', 'it')).toEqual([]);
  });

  it('meets inflected forms, missing accents and elisions on the same terms', () => {
    expect(analyzeText('livraisons', 'fr')).toEqual(analyzeText('livraison', 'fr'));
    expect(analyzeText('reinitialiser', 'fr')).toEqual(analyzeText('réinitialiser', 'fr'));
    expect(analyzeText("l'abonnement", 'fr')).toEqual(analyzeText('abonnement', 'fr'));
    expect(analyzeText('refunds', 'en')).toEqual(analyzeText('refund', 'en'));
    expect(analyzeText('devoluciones', 'es')).toEqual(analyzeText('devolución', 'es'));
    expect(analyzeText('spedizioni', 'it')).toEqual(analyzeText('spedizione', 'it'));
    expect(analyzeText('E-Mail', 'de')).toEqual(analyzeText('Email', 'de'));
  });

  it('meets Spanish vosotros verbs typed without their accent', () => {
    // Snowball strips "-áis"/"-éis" only with the accent: "enviais" stayed a word of its own.
    expect(analyzeText('enviais', 'es')).toEqual(analyzeText('enviáis', 'es'));
    expect(analyzeText('aceptais', 'es')).toEqual(analyzeText('aceptáis', 'es'));
    expect(analyzeText('teneis', 'es')).toEqual(analyzeText('tenéis', 'es'));
    expect(analyzeText('enviais', 'es')).toEqual(analyzeText('envío', 'es'));
    // A short word ending in -ais is no verb ending: "pais" (país typed without its accent) stays whole.
    expect(analyzeText('pais', 'es')).toEqual(analyzeText('país', 'es'));
  });

  it('reads a discount code as its word and its number', () => {
    expect(analyzeText('WELCOME10', 'en')).toEqual([...analyzeText('welcome', 'en'), '10']);
    expect(analyzeText('SOMMER15', 'de')).toEqual([...analyzeText('Sommer', 'de'), '15']);
    // Numbers first, or one letter, are no code: sizes, models and "2fa" stay whole.
    expect(analyzeText('2fa 20w b2b', 'en')).toEqual(['2fa', '20w', 'b2b']);
  });

  it('keeps repeated terms, which BM25 counts', () => {
    expect(analyzeText('Shipping, shipping and more shipping', 'en')).toEqual([
      'ship',
      'ship',
      'ship',
    ]);
  });
});

describe('createTextAnalyzer (German compounds)', () => {
  it('splits separable particles so that "setze … zurück" meets "zurücksetzen"', () => {
    const analyzer = createTextAnalyzer('de');
    const question = new Set(analyzer.analyze('Wie setze ich mein Passwort zurück?'));
    for (const term of analyzer.analyze('Passwort zurücksetzen')) expect(question).toContain(term);
  });

  it('drops the infinitive "zu" after a particle when the verb is known', () => {
    const analyzer = createTextAnalyzer('de', {
      vocabularyText: 'Sie können den Artikel schicken.',
    });
    expect(analyzer.analyze('zurückzuschicken')).toEqual(analyzer.analyze('zurück schicken'));
  });

  it('splits noun compounds into words the knowledge base uses on their own', () => {
    const analyzer = createTextAnalyzer('de', {
      vocabularyText: 'Der Versand ist schnell. Standard oder Express? Die Zahlung per Karte.',
    });
    expect(analyzer.analyze('Standardversand')).toEqual([
      ...analyzer.analyze('Standard'),
      ...analyzer.analyze('Versand'),
    ]);
    expect(analyzer.analyze('Expressversand')).toEqual([
      ...analyzer.analyze('Express'),
      ...analyzer.analyze('Versand'),
    ]);
    // "Zahlungs-" carries a linking s.
    expect(analyzer.analyze('Zahlungskarte')).toEqual([
      ...analyzer.analyze('Zahlung'),
      ...analyzer.analyze('Karte'),
    ]);
    // Parts the vocabulary does not know keep the word whole.
    expect(analyzer.analyze('Rabattcode')).toHaveLength(1);
  });

  it('leaves compounds whole without a vocabulary, and other languages alone', () => {
    expect(createTextAnalyzer('de').analyze('Standardversand')).toHaveLength(1);
    expect(createTextAnalyzer('en', { vocabularyText: 'pass word' }).analyze('password')).toEqual([
      'password',
    ]);
  });
});

describe('removeStopWords', () => {
  it("keeps the question's content words as typed", () => {
    expect(removeStopWords('Comment puis-je payer avec PayPal ?', 'fr')).toBe('payer paypal');
  });
});
