import { describe, expect, it } from 'vitest';
import { createFrancLanguageDetector } from '../../../src/core/language/franc-language-detector.js';

describe('createFrancLanguageDetector', () => {
  it('maps franc’s ISO 639-3 codes to ours', () => {
    const detector = createFrancLanguageDetector();
    expect(detector.name).toBe('franc');
    expect(
      detector.detect(
        'Mir wurde dieselbe Rechnung zweimal belastet, bitte erstatten Sie den Betrag.',
      ).language,
    ).toBe('de');
    expect(
      detector.detect('Me han cobrado dos veces la misma factura, por favor devuelvan el importe.')
        .language,
    ).toBe('es');
  });

  it('guesses on short texts by default, and honours a larger minLength', () => {
    const text = 'bonjour';
    expect(createFrancLanguageDetector().detect(text).language).not.toBeNull();
    expect(createFrancLanguageDetector({ minLength: 10 }).detect(text)).toEqual({
      language: null,
      confidence: 0,
    });
  });

  it('returns no language when every candidate ties (franc has no trigram for it)', () => {
    expect(createFrancLanguageDetector().detect('ok')).toEqual({ language: null, confidence: 0 });
  });

  it('restricts answers to our languages: Dutch comes out as a neighbour, never as nld', () => {
    const detection = createFrancLanguageDetector().detect(
      'Waar blijft mijn bestelling? Die zou vorige week komen.',
    );
    expect(['de', 'en', 'fr', 'es', 'it']).toContain(detection.language);
  });
});
