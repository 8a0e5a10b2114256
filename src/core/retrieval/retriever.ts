import type { Language } from '../language/language.js';

export interface Passage {
  /** Stable id of the passage within its knowledge base (used as the citation key). */
  id: string;
  title: string;
  url?: string;
  text: string;
  language: Language | null;
  /** Relevance in 0..1, calibrated by the retriever so that `relevant` means "above its threshold". */
  score: number;
  relevant: boolean;
}

export interface RetrievalQuery {
  text: string;
  language: Language;
  /** How many passages at most. */
  limit?: number;
}

export interface RetrievalResult {
  passages: Passage[];
  /** Identifies the knowledge-base content; part of the answer-cache key. */
  knowledgeBaseVersion: string;
  /** True when nothing relevant was found in the customer's language and other languages were searched. */
  usedLanguageFallback: boolean;
}

/** A source of passages: the local kb/ folder or a Bedrock Knowledge Base. */
export interface Retriever {
  readonly name: string;
  retrieve(query: RetrievalQuery): Promise<RetrievalResult>;
}
