import { describe, expect, it } from 'vitest';
import {
  countWords,
  foldText,
  normalizeForMatching,
  splitSentences,
} from '../../../src/core/language/normalize-text.js';
import { LEXICON_EN } from '../../../src/core/routing/lexicon/lexicon-en.js';
import { LEXICON_FR } from '../../../src/core/routing/lexicon/lexicon-fr.js';
import { ROUTING_LEXICONS } from '../../../src/core/routing/lexicon/routing-lexicons.js';
import {
  applyRewrites,
  blankOut,
  findMatches,
  prepareLexiconText,
  withinOneEdit,
} from '../../../src/core/routing/lexicon-text.js';
import { pattern, TOPIC_IDS } from '../../../src/core/routing/routing-lexicon.js';

describe('normalizeForMatching', () => {
  it('lowercases, strips accents and treats straight and curly apostrophes alike', () => {
    expect(normalizeForMatching('L’Avocat')).toBe('l avocat');
    expect(normalizeForMatching("l'avocat")).toBe('l avocat');
    expect(normalizeForMatching('Je suis FURIEUX, c’est inadmissible !!')).toBe(
      'je suis furieux c est inadmissible',
    );
  });

  it('folds German and Nordic letters to ASCII', () => {
    expect(normalizeForMatching('Straße, Größe, Rückerstattung')).toBe(
      'strasse grosse ruckerstattung',
    );
    expect(foldText('ÆØ')).toBe('aeo');
  });

  it('drops links and e-mail addresses', () => {
    expect(
      normalizeForMatching('See https://shop.example/returns?id=1 or write to help@shop.example.'),
    ).toBe('see or write to');
  });

  it('keeps amounts as one token', () => {
    expect(normalizeForMatching('You took 89.99 instead of 59,99')).toBe(
      'you took 8999 instead of 5999',
    );
  });

  it('counts words and splits sentences, not commas', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('a b c')).toBe(3);
    expect(
      splitSentences('If I return it, is the code refunded? And do you ship to Spain?'),
    ).toEqual(['if i return it is the code refunded', 'and do you ship to spain']);
    expect(splitSentences('¿Cuánto cuesta? ¿Y el envío exprés?')).toEqual([
      'cuanto cuesta',
      'y el envio expres',
    ]);
  });
});

describe('pattern', () => {
  it('matches whole words only', () => {
    const regex = pattern('sue');
    expect(findMatches('i will sue you', [regex])).toHaveLength(1);
    expect(findMatches('the suede jacket', [regex])).toHaveLength(0);
  });

  it('lets "~" skip up to three words and "~N" up to N', () => {
    expect(findMatches('talk right now to a human', [pattern('talk ~ to a human')])).toHaveLength(
      1,
    );
    expect(
      findMatches('talk one two three four to a human', [pattern('talk ~ to a human')]),
    ).toHaveLength(0);
    expect(
      findMatches('talk one two three four to a human', [pattern('talk ~5 to a human')]),
    ).toHaveLength(1);
  });

  it('reports the word positions of a match', () => {
    expect(findMatches('you charged me twice', [pattern('charged')])).toEqual([
      { text: 'charged', firstWord: 1, lastWord: 1 },
    ]);
    expect(findMatches('you charged me twice', [pattern('me twice')])).toEqual([
      { text: 'me twice', firstWord: 2, lastWord: 3 },
    ]);
  });

  it('never lets a pattern bridge a blanked-out span', () => {
    const bridge = pattern('talk ~ human');
    expect(findMatches('talk to a human', [bridge])).toHaveLength(1);
    const text = blankOut('talk to a human', [pattern('to a')]);
    expect(findMatches(text, [bridge])).toHaveLength(0);
    expect(findMatches(text, [pattern('human')])).toHaveLength(1);
  });
});

describe('rewrites and typo correction', () => {
  it('expands English contractions and chat-speak', () => {
    expect(applyRewrites(LEXICON_EN, normalizeForMatching("I can't, u don't, I'm done, pls"))).toBe(
      'i can not you do not i am done please',
    );
  });

  it('expands French chat-speak', () => {
    expect(applyRewrites(LEXICON_FR, normalizeForMatching('jveux qqn svp'))).toBe(
      'je veux quelqu un s il vous plait',
    );
  });

  it('corrects a one-edit typo of a vocabulary word but not an inflection or a short word', () => {
    expect(prepareLexiconText(LEXICON_EN, 'sombody', { correctTypos: true })).toBe('somebody');
    expect(prepareLexiconText(LEXICON_EN, 'two payments', { correctTypos: true })).toBe(
      'two payments',
    );
    expect(prepareLexiconText(LEXICON_EN, 'I changed the size', { correctTypos: true })).toBe(
      'i changed the size',
    );
    expect(prepareLexiconText(LEXICON_EN, 'sombody', { correctTypos: false })).toBe('sombody');
  });

  it('measures one edit as insertion, deletion, substitution or adjacent swap', () => {
    expect(withinOneEdit('lawyer', 'lawyer')).toBe(true);
    expect(withinOneEdit('lawyr', 'lawyer')).toBe(true);
    expect(withinOneEdit('lawyeer', 'lawyer')).toBe(true);
    expect(withinOneEdit('lawier', 'lawyer')).toBe(true);
    expect(withinOneEdit('lwayer', 'lawyer')).toBe(true);
    expect(withinOneEdit('liwyar', 'lawyer')).toBe(false);
    expect(withinOneEdit('law', 'lawyer')).toBe(false);
  });
});

describe('built-in lexicons', () => {
  it.each(Object.entries(ROUTING_LEXICONS))(
    '%s is complete and declares its own language',
    (language, lexicon) => {
      expect(lexicon.language).toBe(language);
      for (const table of [lexicon.humanRequested, lexicon.legalThreat, lexicon.negativeSentiment])
        expect(table.match.length).toBeGreaterThan(0);
      expect(lexicon.billingDispute.chargeTerms.length).toBeGreaterThan(0);
      expect(lexicon.billingDispute.disputeTerms.length).toBeGreaterThan(0);
      const topics = new Set(lexicon.topics.map((entry) => entry.topic));
      expect([...TOPIC_IDS].filter((topic) => !topics.has(topic))).toEqual([]);
    },
  );
});
