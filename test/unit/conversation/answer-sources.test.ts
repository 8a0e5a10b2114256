import { describe, expect, it } from 'vitest';
import {
  answerSources,
  MAX_RETRIEVED_SOURCES,
} from '../../../src/core/conversation/turn-answerer.js';
import type { Passage } from '../../../src/core/retrieval/retriever.js';

const passage = (id: string, overrides: Partial<Passage> = {}): Passage => ({
  id,
  title: `Article ${id}`,
  url: `https://help.example/${overrides.language ?? 'de'}/${id}`,
  text: `Text of ${id}.`,
  language: 'de',
  score: 0.8,
  relevant: true,
  ...overrides,
});

describe('answer sources', () => {
  it('are the cited passages when the answer cites any, marked cited', () => {
    const passages = [passage('a'), passage('b')];
    expect(answerSources(passages, ['b'], 'de')).toEqual([
      {
        title: 'Article b',
        url: 'https://help.example/de/b',
        snippet: 'Text of b.',
        kind: 'cited',
      },
    ]);
  });

  it('without a citation: the relevant passages, the customer’s language first, at most three, marked retrieved', () => {
    const passages = [
      passage('en-1', { language: 'en', score: 0.95 }),
      passage('de-1', { score: 0.9 }),
      passage('weak', { score: 0.2, relevant: false }),
      passage('de-2', { score: 0.7 }),
      passage('en-2', { language: 'en', score: 0.6 }),
    ];
    const sources = answerSources(passages, [], 'de');
    expect(sources.map((source) => source.title)).toEqual([
      'Article de-1',
      'Article de-2',
      'Article en-1',
    ]);
    expect(sources).toHaveLength(MAX_RETRIEVED_SOURCES);
    expect(sources.every((source) => source.kind === 'retrieved')).toBe(true);
  });

  it('one source per article and none at all without a relevant passage', () => {
    const twins = [passage('a#1', { title: 'Returns' }), passage('a#2', { title: 'Returns' })];
    expect(answerSources(twins, [], 'de')).toHaveLength(1);
    expect(answerSources([passage('x', { relevant: false })], [], 'de')).toEqual([]);
  });
});
