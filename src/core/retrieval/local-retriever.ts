import type { Language } from '../language/language.js';
import { SUPPORTED_LANGUAGES } from '../language/language.js';
import type { KnowledgeBase, KnowledgeBasePassage } from './knowledge-base-loader.js';
import { loadKnowledgeBase } from './knowledge-base-loader.js';
import type { CreateLocalSearchIndex, LocalSearchIndex, SearchHit } from './local-search-index.js';
import { createMiniSearchIndex } from './local-search-index.js';
import type { TextAnalyzer } from './local-text-analyzer.js';
import { createTextAnalyzer, removeStopWords } from './local-text-analyzer.js';
import type { Passage, RetrievalQuery, RetrievalResult, Retriever } from './retriever.js';

/**
 * Calibrated on kb/ with the questions of bench/local-retriever-bench.ts and the `small` messages
 * of the routing sets: with anchoring (see isAnchored) the threshold matters little between 0.15
 * and 0.25. At 0.16 the bench's on-topic questions are relevant at 100% / 92.7% (development /
 * held-out), 3 of its 40 off-topic ones too, as at 0.2; and 16 fewer of the routing corpus's 2,450
 * plain questions fall to low_retrieval (244 instead of 260). Just above UNANCHORED_SCORE_FACTOR,
 * so a one-word coincidence is still never relevant by default; see
 * test/unit/retrieval/local-retriever-customer-messages.test.ts.
 */
export const DEFAULT_RELEVANCE_THRESHOLD = 0.16;
/**
 * The weight of a question word the knowledge base never uses: less than any word it does use
 * (their inverse document frequencies start near 1.5). Such words are mostly greetings, place and
 * product names and chat filler ("hi there", "Palermo", "sneakers"); weighing them as the rarest
 * words of all, as plain IDF does, sank two thirds of real customers' on-topic questions.
 */
export const UNSEEN_TERM_WEIGHT = 1;
export const DEFAULT_RETRIEVAL_LIMIT = 5;

export interface LocalRetrieverOptions {
  /** Folder of `<lang>/<slug>.md` articles. Ignored when `knowledgeBase` is given. */
  kbDir: string;
  /** An already loaded knowledge base (the CLI loads it once for several commands). */
  knowledgeBase?: KnowledgeBase;
  /** Passages scoring at or above it are `relevant`. */
  relevanceThreshold?: number;
  /** Used when a query names no limit. */
  defaultLimit?: number;
  /** The full-text engine; MiniSearch unless a benchmark swaps it. */
  createSearchIndex?: CreateLocalSearchIndex;
  /** Receives loader warnings (skipped folders) so that the caller can log them. */
  onWarning?: (message: string) => void;
}

export interface LocalRetriever extends Retriever {
  readonly name: 'local';
  readonly knowledgeBaseVersion: string;
  readonly relevanceThreshold: number;
  /** Languages that have at least one passage. */
  readonly languages: Language[];
  readonly passageCount: number;
}

interface LanguageIndex {
  language: Language;
  analyzer: TextAnalyzer;
  index: LocalSearchIndex;
  passages: Map<string, KnowledgeBasePassage>;
  termsByPassage: Map<string, ReadonlySet<string>>;
  /** What each passage's article is about: the words of its title and its one-word keywords. */
  topicTermsByPassage: Map<string, TopicTerms>;
  documentFrequency: Map<string, number>;
}

interface ScoredPassage {
  passage: KnowledgeBasePassage;
  score: number;
}

/** Loads the knowledge base once and indexes each language on its first query; all in memory. */
export async function createLocalRetriever(
  options: LocalRetrieverOptions,
): Promise<LocalRetriever> {
  const knowledgeBase = options.knowledgeBase ?? (await loadKnowledgeBase(options.kbDir));
  for (const warning of knowledgeBase.warnings) options.onWarning?.(warning);
  const relevanceThreshold = options.relevanceThreshold ?? DEFAULT_RELEVANCE_THRESHOLD;
  const defaultLimit = options.defaultLimit ?? DEFAULT_RETRIEVAL_LIMIT;
  const createSearchIndex = options.createSearchIndex ?? createMiniSearchIndex;

  const passagesByLanguage = new Map<Language, KnowledgeBasePassage[]>();
  for (const language of SUPPORTED_LANGUAGES) {
    const passages = knowledgeBase.passages.filter((passage) => passage.language === language);
    if (passages.length > 0) passagesByLanguage.set(language, passages);
  }
  // Each language is indexed on its first query (about 50 ms), not at startup: indexing all five
  // was a quarter of the time to /readyz, paid even for languages nobody writes in.
  const indexes = new Map<Language, Promise<LanguageIndex>>();
  function indexOf(language: Language): Promise<LanguageIndex> | undefined {
    const passages = passagesByLanguage.get(language);
    if (!passages) return undefined;
    let index = indexes.get(language);
    if (!index) {
      index = buildLanguageIndex(language, passages, createSearchIndex);
      indexes.set(language, index);
    }
    return index;
  }

  function searchLanguage(
    languageIndex: LanguageIndex,
    text: string,
    limit: number,
    fuzzy: boolean,
  ): ScoredPassage[] {
    const queryWords = languageIndex.analyzer.analyzeWords(text);
    const queryTerms = [...new Set(queryWords.flat())];
    if (queryTerms.length === 0) return [];
    // Reranking by coverage can promote a passage BM25 ranked lower, so look past the limit.
    const hits = languageIndex.index.search(text, Math.max(limit * 3, 10), { fuzzy });
    const topScore = hits.reduce((max, hit) => Math.max(max, hit.score), 0);
    if (topScore <= 0) return [];
    const scored: ScoredPassage[] = [];
    for (const hit of hits) {
      const passage = languageIndex.passages.get(hit.id);
      if (!passage) continue;
      const matched = matchedTerms(languageIndex, queryTerms, hit);
      const coverage = queryCoverage(languageIndex, queryTerms, matched);
      scored.push({
        passage,
        score: combineScores(
          coverage,
          hit.score / topScore,
          isAnchored(languageIndex, hit.id, queryWords, matched),
        ),
      });
    }
    return scored.sort((left, right) => right.score - left.score).slice(0, limit);
  }

  const isRelevant = (result: ScoredPassage) => result.score >= relevanceThreshold;

  async function search(query: RetrievalQuery, limit: number): Promise<RetrievalResult> {
    const toResult = (scored: ScoredPassage[], usedLanguageFallback: boolean): RetrievalResult => ({
      passages: scored.map((result) => toPassage(result.passage, result.score, isRelevant(result))),
      knowledgeBaseVersion: knowledgeBase.version,
      usedLanguageFallback,
    });
    if (limit === 0) return toResult([], false);

    const ownIndex = await indexOf(query.language);
    const own = ownIndex ? searchLanguage(ownIndex, query.text, limit, true) : [];
    if (own.some(isRelevant)) return toResult(own, false);

    // Nothing relevant in the customer's language (missing article, or a mis-detected language):
    // the other languages may know. Their words are searched without our language's scaffolding.
    const otherIndexes = await Promise.all(
      [...passagesByLanguage.keys()]
        .filter((language) => language !== query.language)
        .map((language) => indexOf(language) as Promise<LanguageIndex>),
    );
    if (otherIndexes.length === 0) return toResult(own, false);
    const content = removeStopWords(query.text, query.language);
    const others = otherIndexes
      .flatMap((languageIndex) => searchLanguage(languageIndex, content, limit, false))
      .filter(isRelevant)
      .sort((left, right) => right.score - left.score)
      .slice(0, limit);
    // As the Retriever interface says: the flag tells that other languages were searched; the
    // passages' own `language` tells whether the answer comes from them.
    return toResult(others.length > 0 ? others : own, true);
  }

  return {
    name: 'local',
    knowledgeBaseVersion: knowledgeBase.version,
    relevanceThreshold,
    languages: [...passagesByLanguage.keys()],
    passageCount: knowledgeBase.passages.length,

    async retrieve(query: RetrievalQuery): Promise<RetrievalResult> {
      return search(query, Math.max(0, Math.floor(query.limit ?? defaultLimit)));
    },
  };
}

async function buildLanguageIndex(
  language: Language,
  passages: KnowledgeBasePassage[],
  createSearchIndex: CreateLocalSearchIndex,
): Promise<LanguageIndex> {
  const analyzer = createTextAnalyzer(language, {
    vocabularyText: passages.map((passage) => `${passage.heading}\n${passage.text}`).join('\n'),
  });
  const termsByPassage = new Map<string, ReadonlySet<string>>();
  const topicTermsByPassage = new Map<string, TopicTerms>();
  const documentFrequency = new Map<string, number>();
  for (const passage of passages) {
    const keywords = passage.articleKeywords.join('\n');
    topicTermsByPassage.set(passage.id, topicTerms(analyzer, passage));
    const terms = new Set(
      analyzer.analyze(`${passage.articleTitle}\n${keywords}\n${passage.heading}\n${passage.text}`),
    );
    termsByPassage.set(passage.id, terms);
    for (const term of terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const index = await createSearchIndex(
    passages.map(({ id, articleTitle, articleKeywords, heading, text }) => ({
      id,
      articleTitle,
      keywords: articleKeywords.join('\n'),
      heading,
      text,
    })),
    analyzer,
  );
  return {
    language,
    analyzer,
    index,
    passages: new Map(passages.map((passage) => [passage.id, passage])),
    termsByPassage,
    topicTermsByPassage,
    documentFrequency,
  };
}

interface TopicTerms {
  title: ReadonlySet<string>;
  /**
   * One-word keywords only. A keyword of several words ("send back", "sold out") stands for the
   * topic only as a whole, which two matched words already anchor; its single words ("back",
   * "out") are everyday words that would let "give me back my deposit" in.
   */
  keywords: ReadonlySet<string>;
}

function topicTerms(analyzer: TextAnalyzer, passage: KnowledgeBasePassage): TopicTerms {
  const keywords = new Set<string>();
  for (const keyword of passage.articleKeywords) {
    const keywordWords = analyzer.analyzeWords(keyword);
    if (keywordWords.length === 1) for (const term of keywordWords[0] ?? []) keywords.add(term);
  }
  return { title: new Set(analyzer.analyze(passage.articleTitle)), keywords };
}

function matchedTerms(
  languageIndex: LanguageIndex,
  queryTerms: string[],
  hit: SearchHit,
): ReadonlySet<string> {
  const passageTerms = languageIndex.termsByPassage.get(hit.id);
  return new Set(hit.matchedQueryTerms ?? queryTerms.filter((term) => passageTerms?.has(term)));
}

/**
 * Share of the question's information that the passage contains: matched query terms weighted by
 * inverse document frequency, words the index never uses at UNSEEN_TERM_WEIGHT (the search in
 * other languages too: customers mix in English words, "Login-Code", "sneakers"). Raw BM25
 * cannot say this, as its scale grows with the length of the question.
 */
function queryCoverage(
  languageIndex: LanguageIndex,
  queryTerms: string[],
  matched: ReadonlySet<string>,
): number {
  const documentCount = languageIndex.passages.size;
  let total = 0;
  let covered = 0;
  for (const term of queryTerms) {
    const frequency = languageIndex.documentFrequency.get(term) ?? 0;
    const weight =
      frequency === 0
        ? UNSEEN_TERM_WEIGHT
        : Math.log(1 + (documentCount - frequency + 0.5) / (frequency + 0.5));
    total += weight;
    if (matched.has(term)) covered += weight;
  }
  return total > 0 ? covered / total : 0;
}

/** The shortest stem that may stand for a longer one of its family in a title. */
const MINIMUM_SHARED_STEM = 4;

/**
 * One stem begins the other and is long enough to mean something: Snowball leaves some verbs and
 * nouns of one family apart ("livrez" → livr, "livraison"; "liefert" → liefert, "Lieferung" → liefer).
 */
function sharesStem(left: string, right: string): boolean {
  const [shorter, longer] = left.length <= right.length ? [left, right] : [right, left];
  return shorter.length >= MINIMUM_SHARED_STEM && longer.startsWith(shorter);
}

/**
 * Whether a match can be trusted at all: two or more of the question's words, or one word of the
 * article's title or keywords (its topic: "abonnement", "Rechnung", "password", "paypal").
 * Off-topic questions meet the knowledge base on one everyday word ("what TIME is it in Tokyo",
 * "WRITE me a poem", "Quel TEMPS fait-il"), on-topic ones on a topic word or on several words;
 * coverage alone cannot tell a one-word question about subscriptions from a one-word coincidence.
 */
function isAnchored(
  languageIndex: LanguageIndex,
  passageId: string,
  queryWords: string[][],
  matched: ReadonlySet<string>,
): boolean {
  // Words, not terms: "Wochenende" meeting "Wochen" and "Ende" is still one word of the question.
  const matchedWords = new Set(
    queryWords.filter((terms) => terms.some((term) => matched.has(term))).map(String),
  );
  if (matchedWords.size >= 2) return true;
  const topic = languageIndex.topicTermsByPassage.get(passageId);
  if (!topic) return false;
  for (const term of matched) if (topic.title.has(term) || topic.keywords.has(term)) return true;
  // "liefert" (a stem Snowball leaves long) meets the title's "liefer", "livr" meets "livraison".
  // Titles only: keywords are the customer's own spellings, and a prefix of one ("contre-
  // remboursement") would make an everyday word ("contre") a topic.
  for (const term of matched)
    for (const titleTerm of topic.title) if (sharesStem(term, titleTerm)) return true;
  return false;
}

/**
 * A match on one incidental word keeps this share of its score: at most 0.15, under the default
 * threshold, so it is never relevant by default, yet scores stay one scale (a lower configured
 * threshold still lets the strongest of them in, and relevant passages always outscore the rest).
 */
const UNANCHORED_SCORE_FACTOR = 0.15;

/** Coverage decides relevance; the engine's ranking (relative to the best hit) orders close calls. */
function combineScores(coverage: number, relativeEngineScore: number, anchored: boolean): number {
  const score =
    coverage * (0.5 + 0.5 * relativeEngineScore) * (anchored ? 1 : UNANCHORED_SCORE_FACTOR);
  // Rounded here, before any comparison with the threshold, so that `relevant` and the fallback agree.
  return Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
}

function toPassage(passage: KnowledgeBasePassage, score: number, relevant: boolean): Passage {
  return {
    id: passage.id,
    title: passage.title,
    url: passage.url,
    text: passage.text,
    language: passage.language,
    score,
    relevant,
  };
}
