import { describe, expect, it } from 'vitest';
import { withDetectionCache } from '../../../src/core/language/cached-language-detector.js';
import type {
  LanguageDetection,
  LanguageDetector,
} from '../../../src/core/language/language-detector.js';

function countingDetector(answer: (text: string) => LanguageDetection) {
  const calls: string[] = [];
  const detector: LanguageDetector = {
    name: 'counting',
    detect(text) {
      calls.push(text);
      return answer(text);
    },
  };
  return { detector, calls };
}

describe('withDetectionCache', () => {
  it('asks the engine once per distinct text and answers repeats the same', () => {
    const { detector, calls } = countingDetector((text) => ({
      language: text.startsWith('Wo') ? 'de' : 'en',
      confidence: 0.9,
    }));
    const cached = withDetectionCache(detector);
    expect(cached.name).toBe('counting');
    expect(cached.detect('Where is my order?')).toEqual({ language: 'en', confidence: 0.9 });
    expect(cached.detect('Wo ist meine Bestellung?')).toEqual({ language: 'de', confidence: 0.9 });
    expect(cached.detect('Where is my order?')).toEqual({ language: 'en', confidence: 0.9 });
    // Exact text only: another spelling is another question for the engine.
    cached.detect('where is my order?');
    expect(calls).toEqual(['Where is my order?', 'Wo ist meine Bestellung?', 'where is my order?']);
  });

  it('hands out copies, so a caller cannot change what the next caller gets', () => {
    const { detector } = countingDetector(() => ({ language: 'fr', confidence: 0.7 }));
    const cached = withDetectionCache(detector);
    const first = cached.detect('Bonjour, où est mon colis ?');
    first.language = 'it';
    first.confidence = 0;
    expect(cached.detect('Bonjour, où est mon colis ?')).toEqual({
      language: 'fr',
      confidence: 0.7,
    });
  });

  it('forgets the least recently used texts beyond its bounds and still detects texts too long to keep', () => {
    const { detector, calls } = countingDetector(() => ({ language: 'es', confidence: 0.8 }));
    const cached = withDetectionCache(detector, { maxEntries: 2, maxCharacters: 100 });
    cached.detect('uno');
    cached.detect('dos');
    cached.detect('uno');
    cached.detect('tres'); // evicts "dos", the least recently used
    cached.detect('uno');
    cached.detect('dos');
    expect(calls).toEqual(['uno', 'dos', 'tres', 'dos']);

    const long = 'x'.repeat(101);
    expect(cached.detect(long)).toEqual({ language: 'es', confidence: 0.8 });
    expect(cached.detect(long)).toEqual({ language: 'es', confidence: 0.8 });
    expect(calls.filter((text) => text === long)).toHaveLength(2);
  });
});
