import { describe, expect, it } from 'vitest';
import {
  createCitationStripper,
  passageLabel,
  stripCitationMarkers,
} from '../../../src/core/prompts/citation-markers.js';

const IDS = ['en/returns#window', 'en/returns#costs', 'en/shipping#eu'];

describe('citation markers', () => {
  it('labels passages from p1', () => {
    expect([0, 1, 2].map(passageLabel)).toEqual(['p1', 'p2', 'p3']);
  });

  it('strips markers with the blank before them and reports ids in first-citation order', () => {
    const result = stripCitationMarkers(
      'Shipping is free [p3]. Returns take 30 days [p1][p3], at no cost [P2, p1].',
      IDS,
    );
    expect(result.text).toBe('Shipping is free. Returns take 30 days, at no cost.');
    expect(result.citedPassageIds).toEqual([
      'en/shipping#eu',
      'en/returns#window',
      'en/returns#costs',
    ]);
  });

  it('drops labels that name no passage without citing anything', () => {
    expect(stripCitationMarkers('See the policy [p9].', IDS)).toEqual({
      text: 'See the policy.',
      citedPassageIds: [],
    });
  });

  it('leaves brackets that are not citations alone, the no-answer marker included', () => {
    expect(stripCitationMarkers('[[NO_ANSWER]]', IDS).text).toBe('[[NO_ANSWER]]');
    expect(stripCitationMarkers('Type [Enter] or [p] then [p1 x].', IDS).text).toBe(
      'Type [Enter] or [p] then [p1 x].',
    );
  });

  it('keeps line breaks before a marker and drops a leading marker cleanly', () => {
    expect(stripCitationMarkers('[p1] Thirty days.\n\n[p2]\nFree returns.', IDS).text).toBe(
      'Thirty days.\n\n\nFree returns.',
    );
  });

  it('gives the same result whatever the chunking of a stream', () => {
    const text = 'Returns are free [p2] within 30 days [p1]. Ask us [here] [p3]!';
    const expected = stripCitationMarkers(text, IDS);
    for (const size of [1, 2, 3, 5, 7]) {
      const stripper = createCitationStripper(IDS);
      let shown = '';
      for (let start = 0; start < text.length; start += size)
        shown += stripper.push(text.slice(start, start + size));
      shown += stripper.finish();
      expect(shown).toBe(expected.text);
      expect(stripper.citedPassageIds()).toEqual(expected.citedPassageIds);
    }
    expect(expected.text).toBe('Returns are free within 30 days. Ask us [here]!');
  });

  it('releases an unfinished bracket at the end of the text', () => {
    const stripper = createCitationStripper(IDS);
    expect(stripper.push('The answer is [p')).toBe('The answer is');
    expect(stripper.finish()).toBe(' [p');
  });
});
