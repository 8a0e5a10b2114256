import { describe, expect, it } from 'vitest';
import {
  createLanguageDetector,
  DEFAULT_LANGUAGE_DETECTOR_ENGINE,
  isLanguageDetectorEngine,
} from '../../../src/core/language/create-language-detector.js';

describe('createLanguageDetector', () => {
  it('builds eld by default', async () => {
    expect(DEFAULT_LANGUAGE_DETECTOR_ENGINE).toBe('eld');
    const detector = await createLanguageDetector();
    expect(detector.name).toBe('eld');
    expect(
      detector.detect('Vorrei restituire queste scarpe perché sono troppo piccole.').language,
    ).toBe('it');
  });

  it('builds the engine it is asked for', async () => {
    expect((await createLanguageDetector('franc')).name).toBe('franc');
    expect((await createLanguageDetector('eld')).name).toBe('eld');
  });

  it('recognises engine names from configuration', () => {
    expect(isLanguageDetectorEngine('eld')).toBe(true);
    expect(isLanguageDetectorEngine('franc')).toBe(true);
    expect(isLanguageDetectorEngine('cld3')).toBe(false);
    expect(isLanguageDetectorEngine(undefined)).toBe(false);
  });
});
