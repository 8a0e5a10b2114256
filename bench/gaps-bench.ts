/**
 * Measures how well knowledge-gap grouping recovers topics: on test/fixtures/knowledge-gaps.jsonl
 * (unanswered questions written for the test with their true topic, five languages), purity (the
 * share of questions that sit in a group whose majority topic is theirs) and coverage (the share
 * of a topic's questions in the language that share its biggest group, i.e. how much of a topic
 * lands together), per language and overall, at the default threshold and its neighbours.
 * Run: npm run bench:gaps
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isLanguage, type Language, SUPPORTED_LANGUAGES } from '../src/core/language/language.js';
import { DEFAULT_TOPIC_SIMILARITY, groupQuestions } from '../src/core/outcomes/group-questions.js';

interface Labelled {
  lang: Language;
  topic: string;
  text: string;
}

const file = resolve(import.meta.dirname, '../test/fixtures/knowledge-gaps.jsonl');
const rows: Labelled[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Labelled)
  .filter((row) => isLanguage(row.lang));

interface Score {
  questions: number;
  groups: number;
  pure: number;
  covered: number;
}

function score(language: Language, threshold: number): Score {
  const questions = rows.filter((row) => row.lang === language);
  const groups = groupQuestions(questions, (row) => row.text, language, threshold);
  let pure = 0;
  for (const group of groups) {
    const counts = new Map<string, number>();
    for (const member of group.members)
      counts.set(member.topic, (counts.get(member.topic) ?? 0) + 1);
    pure += Math.max(...counts.values());
  }
  // Coverage: for each topic, the largest share of its questions found together in one group.
  let covered = 0;
  const topics = new Set(questions.map((row) => row.topic));
  for (const topic of topics) {
    const best = Math.max(
      ...groups.map((group) => group.members.filter((member) => member.topic === topic).length),
    );
    covered += best;
  }
  return { questions: questions.length, groups: groups.length, pure, covered };
}

const percent = (part: number, whole: number) =>
  `${((part / Math.max(whole, 1)) * 100).toFixed(1)}%`;
const thresholds = [0.15, 0.2, DEFAULT_TOPIC_SIMILARITY, 0.3, 0.4];
console.log(`knowledge-gap grouping on ${rows.length} labelled questions (${file})\n`);
console.log('threshold  language  questions  groups  purity  coverage');
let defaultTotals: Score = { questions: 0, groups: 0, pure: 0, covered: 0 };
for (const threshold of [...new Set(thresholds)].sort()) {
  const totals: Score = { questions: 0, groups: 0, pure: 0, covered: 0 };
  for (const language of SUPPORTED_LANGUAGES) {
    const result = score(language, threshold);
    if (result.questions === 0) continue;
    for (const key of Object.keys(totals) as Array<keyof Score>) totals[key] += result[key];
    if (threshold === DEFAULT_TOPIC_SIMILARITY)
      console.log(
        `${threshold.toFixed(2).padEnd(9)}  ${language.padEnd(8)}  ${String(result.questions).padStart(9)}  ${String(result.groups).padStart(6)}  ${percent(result.pure, result.questions).padStart(6)}  ${percent(result.covered, result.questions).padStart(8)}`,
      );
  }
  const marker = threshold === DEFAULT_TOPIC_SIMILARITY ? ' (default)' : '';
  console.log(
    `${threshold.toFixed(2).padEnd(9)}  ${'all'.padEnd(8)}  ${String(totals.questions).padStart(9)}  ${String(totals.groups).padStart(6)}  ${percent(totals.pure, totals.questions).padStart(6)}  ${percent(totals.covered, totals.questions).padStart(8)}${marker}`,
  );
  if (threshold === DEFAULT_TOPIC_SIMILARITY) defaultTotals = totals;
}
const purity = defaultTotals.pure / Math.max(defaultTotals.questions, 1);
console.log(
  `\nDefault threshold ${DEFAULT_TOPIC_SIMILARITY}: purity ${percent(defaultTotals.pure, defaultTotals.questions)} (goal ≥ 80%), coverage ${percent(defaultTotals.covered, defaultTotals.questions)}.`,
);
if (purity < 0.8) process.exitCode = 1;
