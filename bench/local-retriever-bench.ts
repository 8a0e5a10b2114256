/*
 * Compares full-text engines for the local retriever on a knowledge base and calibrates its
 * relevance threshold. Usage:
 *   npx tsx bench/local-retriever-bench.ts [kbDir=kb]
 * Prints, per engine: top-1 topic accuracy (any language / customer's language), share of
 * on-topic questions judged relevant, share of off-topic questions judged relevant (lower is
 * better), index build time and mean query time; then a threshold sweep for the default engine.
 * ENGINE=minisearch or ENGINE=orama runs one engine only; VERBOSE=1 also prints the top three
 * passages of every question for the default engine. Questions: bench/local-retriever-questions.ts.
 */
import { performance } from 'node:perf_hooks';
import { create, insertMultiple, search } from '@orama/orama';
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemFrench } from '@orama/stemmers/french';
import { stemmer as stemGerman } from '@orama/stemmers/german';
import { stemmer as stemItalian } from '@orama/stemmers/italian';
import { stemmer as stemSpanish } from '@orama/stemmers/spanish';
import { STOP_WORDS } from '../src/core/language/stop-words.js';
import type { KnowledgeBase } from '../src/core/retrieval/knowledge-base-loader.js';
import { loadKnowledgeBase } from '../src/core/retrieval/knowledge-base-loader.js';
import { createLocalRetriever } from '../src/core/retrieval/local-retriever.js';
import type { CreateLocalSearchIndex } from '../src/core/retrieval/local-search-index.js';
import { createMiniSearchIndex, FIELD_BOOSTS } from '../src/core/retrieval/local-search-index.js';
import type { Question } from './local-retriever-questions.js';
import { questionSets } from './local-retriever-questions.js';

const ORAMA_LANGUAGES = {
  en: 'english',
  fr: 'french',
  de: 'german',
  es: 'spanish',
  it: 'italian',
} as const;
const ORAMA_STEMMERS = {
  en: stemEnglish,
  fr: stemFrench,
  de: stemGerman,
  es: stemSpanish,
  it: stemItalian,
};

/** Orama 3 fed by our analyzer: isolates the ranking engine from the text analysis. */
const createOramaIndexWithOurAnalyzer: CreateLocalSearchIndex = (documents, analyzer) =>
  createOramaIndex(documents, {
    language: ORAMA_LANGUAGES[analyzer.language],
    normalizationCache: new Map(),
    tokenize: (raw: string) => analyzer.analyze(raw),
  });

/** Orama 3 as its documentation sets it up: its tokenizer, @orama/stemmers, our stop-word lists. */
const createOramaIndexWithItsTokenizer: CreateLocalSearchIndex = (documents, analyzer) =>
  createOramaIndex(documents, {
    language: ORAMA_LANGUAGES[analyzer.language],
    stemming: true,
    stemmer: ORAMA_STEMMERS[analyzer.language],
    stopWords: [...STOP_WORDS[analyzer.language]],
  });

async function createOramaIndex(
  documents: Parameters<CreateLocalSearchIndex>[0],
  tokenizer: object,
) {
  const database = create({
    schema: {
      id: 'string',
      articleTitle: 'string',
      keywords: 'string',
      heading: 'string',
      text: 'string',
    } as const,
    components: { tokenizer: tokenizer as never },
  });
  await insertMultiple(database, documents);
  return {
    search(query: string, limit: number, options: { fuzzy: boolean }) {
      const results = search(database, {
        term: query,
        properties: ['articleTitle', 'keywords', 'heading', 'text'],
        boost: { ...FIELD_BOOSTS },
        limit,
        threshold: 1,
        // Orama's tolerance is its typo allowance (edit distance), like MiniSearch's fuzzy.
        tolerance: options.fuzzy ? 1 : 0,
      });
      if (results instanceof Promise) throw new Error('Orama search unexpectedly asynchronous');
      return results.hits.map((hit) => ({ id: String(hit.id), score: hit.score }));
    },
  };
}

const allEngines: Array<[string, CreateLocalSearchIndex]> = [
  ['minisearch 7 + our analyzer', createMiniSearchIndex],
  ['orama 3 + our analyzer', createOramaIndexWithOurAnalyzer],
  ['orama 3 + its tokenizer', createOramaIndexWithItsTokenizer],
];
// ENGINE=minisearch (or orama) restricts the run, for quick tuning rounds.
const engines = allEngines.filter(
  ([name]) => !process.env.ENGINE || name.startsWith(process.env.ENGINE),
);

function topicOf(passageId: string): string {
  return passageId.slice(passageId.indexOf('/') + 1, passageId.indexOf('#'));
}

function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`;
}

async function measure(
  name: string,
  createSearchIndex: CreateLocalSearchIndex,
  knowledgeBase: KnowledgeBase,
  kbDir: string,
  questions: Question[],
) {
  const buildTimes: number[] = [];
  // The retriever alone (no result cache: that is a decorator of the composition root).
  let retriever = await createLocalRetriever({ kbDir, knowledgeBase, createSearchIndex });
  for (let round = 0; round < 5; round += 1) {
    const started = performance.now();
    retriever = await createLocalRetriever({ kbDir, knowledgeBase, createSearchIndex });
    buildTimes.push(performance.now() - started);
  }
  buildTimes.sort((left, right) => left - right);

  let correctAnyLanguage = 0;
  let correctOwnLanguage = 0;
  let onTopicRelevant = 0;
  let offTopicRelevant = 0;
  const onTopicCount = questions.filter((question) => question.topic !== null).length;
  const misses: string[] = [];
  const topScores: Array<{ onTopic: boolean; score: number; question: Question }> = [];
  for (const question of questions) {
    const result = await retriever.retrieve({
      text: question.text,
      language: question.language,
      limit: 5,
    });
    const top = result.passages[0];
    if (process.env.VERBOSE && name === engines[0]?.[0]) {
      console.log(
        `[${question.language}] ${question.text} (${question.topic ?? 'off-topic'})${result.usedLanguageFallback ? ' [fallback]' : ''}`,
      );
      for (const passage of result.passages.slice(0, 3))
        console.log(`    ${passage.score} ${passage.id}`);
    }
    topScores.push({ onTopic: question.topic !== null, score: top?.score ?? 0, question });
    if (question.topic === null) {
      if (top?.relevant) {
        offTopicRelevant += 1;
        misses.push(
          `  off-topic judged relevant: [${question.language}] ${question.text} → ${top.id} ${top.score}`,
        );
      }
      continue;
    }
    if (top?.relevant) onTopicRelevant += 1;
    if (top && topicOf(top.id) === question.topic) {
      correctAnyLanguage += 1;
      if (top.language === question.language) correctOwnLanguage += 1;
    }
    if (!top || topicOf(top.id) !== question.topic || !top.relevant) {
      misses.push(
        `  [${question.language}] ${question.text} → ${top ? `${top.id} ${top.score}` : 'nothing'} (want ${question.topic})`,
      );
    }
  }

  const repetitions = 50;
  const started = performance.now();
  for (let round = 0; round < repetitions; round += 1) {
    for (const question of questions)
      await retriever.retrieve({ text: question.text, language: question.language });
  }
  const queryMicros = ((performance.now() - started) * 1000) / (repetitions * questions.length);

  console.log(
    `| ${name} | ${percent(correctAnyLanguage, onTopicCount)} | ${percent(correctOwnLanguage, onTopicCount)} | ` +
      `${percent(onTopicRelevant, onTopicCount)} | ${percent(offTopicRelevant, questions.length - onTopicCount)} | ` +
      `${buildTimes[2]?.toFixed(1)} | ${queryMicros.toFixed(0)} |`,
  );
  return { misses, topScores };
}

const kbDir = process.argv[2] ?? 'kb';
const knowledgeBase = await loadKnowledgeBase(kbDir);
const perLanguage = new Map<string, number>();
for (const passage of knowledgeBase.passages)
  perLanguage.set(passage.language, (perLanguage.get(passage.language) ?? 0) + 1);
console.log(
  `${kbDir}: ${knowledgeBase.articleCount} articles, ${knowledgeBase.passages.length} passages ` +
    `(${[...perLanguage].map(([language, count]) => `${language} ${count}`).join(', ')}), version ${knowledgeBase.version}`,
);
const reports = [];
for (const [setName, questions] of questionSets) {
  const onTopicCount = questions.filter((question) => question.topic).length;
  console.log(
    `\n${setName}: ${onTopicCount} on-topic and ${questions.length - onTopicCount} off-topic questions\n`,
  );
  console.log(
    '| engine | top-1 topic | top-1 topic, own language | on-topic relevant | off-topic relevant | index ms (median of 5) | query µs (mean) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, createSearchIndex] of engines) {
    reports.push({
      name: `${name}, ${setName}`,
      ...(await measure(name, createSearchIndex, knowledgeBase, kbDir, questions)),
    });
  }
}

for (const report of reports) {
  if (report.misses.length === 0) continue;
  console.log(`\n${report.name}: misses`);
  for (const miss of report.misses) console.log(miss);
}

for (const chosen of reports.filter((report) => report.name.startsWith(engines[0]?.[0] ?? ''))) {
  console.log(
    `\nThreshold sweep (${chosen.name}): on-topic top passage relevant / off-topic top passage relevant`,
  );
  for (const threshold of [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7]) {
    const on = chosen.topScores.filter((entry) => entry.onTopic);
    const off = chosen.topScores.filter((entry) => !entry.onTopic);
    console.log(
      `  ${threshold.toFixed(2)}: ${percent(on.filter((entry) => entry.score >= threshold).length, on.length)} / ` +
        `${percent(off.filter((entry) => entry.score >= threshold).length, off.length)}`,
    );
  }
  const lowestOnTopic = chosen.topScores
    .filter((entry) => entry.onTopic)
    .sort((left, right) => left.score - right.score)
    .slice(0, 5);
  const highestOffTopic = chosen.topScores
    .filter((entry) => !entry.onTopic)
    .sort((left, right) => right.score - left.score)
    .slice(0, 5);
  console.log(
    '  lowest on-topic:',
    lowestOnTopic.map((entry) => `${entry.score} ${entry.question.text}`),
  );
  console.log(
    '  highest off-topic:',
    highestOffTopic.map((entry) => `${entry.score} ${entry.question.text}`),
  );
}
