import { describe, expect, it } from 'vitest';
import {
  countLetters,
  detectionConfidence,
  hasLetters,
} from '../../../src/core/language/detection-confidence.js';

describe('hasLetters / countLetters', () => {
  it('finds letters of any script, and none in digits, emoji and punctuation', () => {
    expect(hasLetters('12345 !!! 🙂 €')).toBe(false);
    expect(hasLetters('')).toBe(false);
    expect(hasLetters('4711 ok')).toBe(true);
    expect(hasLetters('заказ')).toBe(true);
    expect(countLetters('Où ça? 12')).toBe(4);
    expect(countLetters('我的订单')).toBe(4);
  });
});

describe('detectionConfidence', () => {
  const base = { top: 0.8, runnerUp: 0.4, letters: 40, marginGain: 4 };

  it('is 0 without a positive top score', () => {
    expect(detectionConfidence({ ...base, top: 0 })).toBe(0);
    expect(detectionConfidence({ ...base, top: Number.NaN })).toBe(0);
  });

  it('is 0 when the runner-up ties the winner', () => {
    expect(detectionConfidence({ ...base, runnerUp: 0.8 })).toBe(0);
  });

  it('grows with the margin over the runner-up, up to 1', () => {
    const narrow = detectionConfidence({ ...base, runnerUp: 0.78 });
    const wide = detectionConfidence({ ...base, runnerUp: 0.7 });
    expect(narrow).toBeGreaterThan(0);
    expect(wide).toBeGreaterThan(narrow);
    expect(detectionConfidence({ ...base, runnerUp: 0 })).toBeCloseTo(1, 2);
  });

  it('grows with the amount of text, so a lone word is never fully trusted', () => {
    const word = detectionConfidence({ ...base, runnerUp: 0, letters: 4 });
    const phrase = detectionConfidence({ ...base, runnerUp: 0, letters: 12 });
    expect(word).toBeLessThan(0.5);
    expect(phrase).toBeGreaterThan(word);
    expect(phrase).toBeLessThan(1);
  });

  it('stays within 0..1 for out-of-range inputs', () => {
    for (const input of [
      { ...base, runnerUp: 2 },
      { ...base, runnerUp: -5 },
      { ...base, marginGain: 1_000 },
      { ...base, letters: 1e9 },
      { ...base, letters: -3 },
    ]) {
      const confidence = detectionConfidence(input);
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
  });
});
