import { eld } from 'eld';
import { describe, expect, it } from 'vitest';
import { createEldLanguageDetector } from '../../../src/core/language/eld-language-detector.js';

describe('createEldLanguageDetector', () => {
  it('loads the large database by default and a smaller one on request', async () => {
    const large = await createEldLanguageDetector();
    const small = await createEldLanguageDetector({ size: 'extrasmall' });
    expect(large.name).toBe('eld');
    expect(small.name).toBe('eld-extrasmall');
    expect(
      small.detect('Können Sie mir bitte helfen, mein Paket ist nicht angekommen?').language,
    ).toBe('de');
  });

  it('loads into a private instance, leaving the package-wide eld instance (and its subset) untouched', async () => {
    await createEldLanguageDetector({ size: 'extrasmall' });
    // The package-level instance has no database until someone loads one; ours never did.
    expect(() => eld.detect('hello')).toThrow(/load/);
  });

  it('restricts answers to our languages: Portuguese comes out as a neighbour, never as pt', async () => {
    const detector = await createEldLanguageDetector();
    const detection = detector.detect(
      'Onde está a minha encomenda? Devia ter chegado na semana passada.',
    );
    expect(['es', 'it', 'fr']).toContain(detection.language);
  });

  it('returns no language for letters that match none of its n-grams', async () => {
    const detector = await createEldLanguageDetector();
    expect(detector.detect('ok')).toEqual({ language: null, confidence: 0 });
  });

  it('is less confident about a lone word than about the sentence it starts', async () => {
    const detector = await createEldLanguageDetector();
    const word = detector.detect('Rechnung');
    const sentence = detector.detect('Rechnung fehlt, bitte schicken Sie sie mir noch einmal zu.');
    expect(word.language).toBe('de');
    expect(sentence.language).toBe('de');
    expect(sentence.confidence).toBeGreaterThan(word.confidence);
  });
});
