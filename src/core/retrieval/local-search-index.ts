import MiniSearch from 'minisearch';
import type { TextAnalyzer } from './local-text-analyzer.js';

/** What the local retriever hands to a full-text engine: one knowledge-base section. */
export interface SearchableDocument {
  id: string;
  articleTitle: string;
  /** The article's keywords, one per line. */
  keywords: string;
  heading: string;
  text: string;
}

export interface SearchHit {
  id: string;
  /** The engine's raw BM25-style score: only comparable within one query on one index. */
  score: number;
  /** Analyzed query terms that matched (fuzzily, maybe); engines that cannot tell leave it out. */
  matchedQueryTerms?: string[];
}

export interface SearchOptions {
  /**
   * Tolerate typos (engines that can). Off when searching another language's passages, where
   * "one letter off" mostly meets false friends (Italian "cancello" → Spanish "cancelo").
   */
  fuzzy: boolean;
}

/** A full-text index over the passages of one language. */
export interface LocalSearchIndex {
  search(query: string, limit: number, options: SearchOptions): SearchHit[];
}

/** The seam that lets `bench/local-retriever-bench.ts` compare engines on the same knowledge base. */
export type CreateLocalSearchIndex = (
  documents: SearchableDocument[],
  analyzer: TextAnalyzer,
) => LocalSearchIndex | Promise<LocalSearchIndex>;

/**
 * Field weights: a word of the article title, of its keywords or of the section heading says more
 * about what a section is about than a word in passing in its body.
 */
export const FIELD_BOOSTS = { articleTitle: 2, keywords: 2, heading: 2, text: 1 } as const;

/**
 * MiniSearch (BM25+) with our own language analysis (stop words, Snowball stemming, accent folding),
 * chosen over Orama after measuring both on the knowledge base (see the bench).
 */
export const createMiniSearchIndex: CreateLocalSearchIndex = (documents, analyzer) => {
  const index = new MiniSearch<SearchableDocument>({
    fields: ['articleTitle', 'keywords', 'heading', 'text'],
    idField: 'id',
    tokenize: (text) => analyzer.analyze(text),
    // The analyzer already normalized every term.
    processTerm: (term) => term,
    searchOptions: {
      boost: { ...FIELD_BOOSTS },
      combineWith: 'OR',
      // Stems are short, so one edit only on long ones: "pasword" still meets "password".
      fuzzy: (term) => (term.length >= 6 ? 1 : false),
      // A typo match counts for less than an exact one (prefix search stays off: default weight).
      weights: { fuzzy: 0.4, prefix: 0.375 },
    },
  });
  index.addAll(documents);
  return {
    search(query, limit, options) {
      return index
        .search(query, options.fuzzy ? {} : { fuzzy: false })
        .slice(0, limit)
        .map((result) => ({
          id: String(result.id),
          score: result.score,
          matchedQueryTerms: result.queryTerms,
        }));
    },
  };
};
