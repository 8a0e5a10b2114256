import { describe, expect, it } from 'vitest';
import {
  containsNoAnswerMarker,
  NO_ANSWER_MARKER,
  noAnswerPrefixState,
  stripNoAnswerMarker,
} from '../../../src/core/prompts/no-answer-marker.js';

describe('no-answer marker', () => {
  it('is the fixed string the system prompt asks for', () => {
    expect(NO_ANSWER_MARKER).toBe('[[NO_ANSWER]]');
  });

  it('is found wherever the model put it, with small spelling drift', () => {
    expect(containsNoAnswerMarker('[[NO_ANSWER]]')).toBe(true);
    expect(containsNoAnswerMarker('Sorry. [[ no answer ]]')).toBe(true);
    expect(containsNoAnswerMarker('There is no answer to that [p1].')).toBe(false);
  });

  it('lets a stream decide as early as the first characters allow', () => {
    expect(noAnswerPrefixState('')).toBe('undecided');
    expect(noAnswerPrefixState('  [[NO_')).toBe('undecided');
    expect(noAnswerPrefixState('[[NO_ANSWER]]')).toBe('marker');
    expect(noAnswerPrefixState('[[no answer]] sorry')).toBe('marker');
    expect(noAnswerPrefixState('Y')).toBe('not_marker');
    expect(noAnswerPrefixState('[p1')).toBe('not_marker');
  });

  it('can be removed from a text', () => {
    expect(stripNoAnswerMarker('[[NO_ANSWER]] I cannot tell.')).toBe('I cannot tell.');
  });
});
