import { describe, expect, it } from 'vitest';
import {
  containsNoAnswerMarker,
  NO_ANSWER_MARKER,
  noAnswerMarkerHoldFrom,
} from '../../../src/core/prompts/no-answer-marker.js';

describe('no-answer marker', () => {
  it('is the fixed string the system prompt asks for', () => {
    expect(NO_ANSWER_MARKER).toBe('[[NO_ANSWER]]');
  });

  it('is found wherever the model put it, with small spelling drift', () => {
    expect(containsNoAnswerMarker('[[NO_ANSWER]]')).toBe(true);
    expect(containsNoAnswerMarker('Sorry. [[ no answer ]]')).toBe(true);
    expect(containsNoAnswerMarker('[[ NO_ ANSWER]] Leider nicht.')).toBe(true);
    expect(containsNoAnswerMarker('There is no answer to that [p1].')).toBe(false);
    expect(containsNoAnswerMarker('[[NO')).toBe(false);
  });

  it('holds back only the tail of a stream that could still become the marker', () => {
    expect(noAnswerMarkerHoldFrom('')).toBe(0);
    expect(noAnswerMarkerHoldFrom('Delivery takes 3 days')).toBe(21);
    expect(noAnswerMarkerHoldFrom('Yes [[NO_')).toBe(4);
    expect(noAnswerMarkerHoldFrom('[[ no ans')).toBe(0);
    expect(noAnswerMarkerHoldFrom('See [p1] and [')).toBe(13);
  });
});
