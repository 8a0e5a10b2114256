import type { Language } from '../language/language.js';
import { analyzeText } from '../retrieval/local-text-analyzer.js';

/**
 * Two questions belong to one topic when their weighted term overlap (Dice over stemmed terms,
 * each term weighted by its rarity among the questions of the language) reaches this. Chosen
 * before measuring; `npm run bench:gaps` prints purity and coverage for it and its neighbours.
 */
export const DEFAULT_TOPIC_SIMILARITY = 0.25;
/** Stems this long that start another (German compounds: "geschenk" in "geschenkverpack") match it. */
const MINIMUM_PREFIX_MATCH = 5;

export interface QuestionGroup<T> {
  /** The group's most telling words, as customers wrote them. */
  topic: string;
  members: T[];
}

interface Analyzed<T> {
  item: T;
  terms: string[];
}

function termsMatch(left: string, right: string): boolean {
  if (left === right) return true;
  const [short, long] = left.length <= right.length ? [left, right] : [right, left];
  return short.length >= MINIMUM_PREFIX_MATCH && long.startsWith(short);
}

/**
 * Groups one language's questions by shared meaning (measured: adding the nearest help-center
 * passages as shared evidence lowered purity from 95% to 84% for one point of coverage, since
 * unanswered questions of different topics land near the same few passages): stemmed terms (the retrieval module's
 * analyzer: stop words out, Snowball stems, accents folded), weighted by rarity, compared with a
 * weighted Dice coefficient, merged by average-linkage agglomerative clustering. Deterministic;
 * quadratic memory in the number of questions, so callers cap it (a few thousand is fine).
 */
export function groupQuestions<T>(
  items: readonly T[],
  textOf: (item: T) => string,
  language: Language,
  threshold = DEFAULT_TOPIC_SIMILARITY,
): Array<QuestionGroup<T>> {
  const surfaces = new Map<string, Map<string, number>>();
  const analyzed: Array<Analyzed<T>> = items.map((item) => {
    const text = textOf(item);
    // Word by word, to remember which word a stem came from (the topic label).
    for (const word of text.split(/[^\p{L}\p{N}'’-]+/u)) {
      for (const term of analyzeText(word, language)) {
        const counts = surfaces.get(term) ?? new Map<string, number>();
        const surface = word.toLowerCase();
        counts.set(surface, (counts.get(surface) ?? 0) + 1);
        surfaces.set(term, counts);
      }
    }
    return { item, terms: [...new Set(analyzeText(text, language))] };
  });

  const documentFrequency = new Map<string, number>();
  for (const { terms } of analyzed)
    for (const term of terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const weight = (term: string) =>
    Math.log(1 + analyzed.length / (documentFrequency.get(term) ?? 1));

  const matchedWeight = (from: string[], to: string[]) =>
    from.reduce(
      (sum, term) => (to.some((other) => termsMatch(term, other)) ? sum + weight(term) : sum),
      0,
    );
  const totalWeight = (terms: string[]) => terms.reduce((sum, term) => sum + weight(term), 0);
  const similarity = (left: string[], right: string[]) => {
    const total = totalWeight(left) + totalWeight(right);
    return total === 0 ? 0 : (matchedWeight(left, right) + matchedWeight(right, left)) / total;
  };

  const count = analyzed.length;
  const pairwise: number[][] = analyzed.map((left, row) =>
    analyzed.map((right, column) => (row === column ? 1 : similarity(left.terms, right.terms))),
  );
  let clusters: number[][] = analyzed.map((_, index) => [index]);
  for (;;) {
    let best = { score: -1, left: -1, right: -1 };
    for (let left = 0; left < clusters.length; left++) {
      for (let right = left + 1; right < clusters.length; right++) {
        const leftMembers = clusters[left] ?? [];
        const rightMembers = clusters[right] ?? [];
        let sum = 0;
        for (const a of leftMembers) for (const b of rightMembers) sum += pairwise[a]?.[b] ?? 0;
        const score = sum / (leftMembers.length * rightMembers.length);
        if (score > best.score) best = { score, left, right };
      }
    }
    if (best.score < threshold || count < 2) break;
    const merged = [...(clusters[best.left] ?? []), ...(clusters[best.right] ?? [])];
    clusters = clusters.filter((_, index) => index !== best.left && index !== best.right);
    clusters.push(merged);
  }

  return clusters
    .map((members) => ({
      topic: topicLabel(
        members.map((index) => analyzed[index]?.terms ?? []),
        weight,
        surfaces,
      ),
      members: members.sort((left, right) => left - right).map((index) => analyzed[index]!.item),
    }))
    .sort((left, right) => right.members.length - left.members.length);
}

/** The (up to) three terms most shared in the group, rarest first on ties, as customers wrote them. */
function topicLabel(
  memberTerms: string[][],
  weight: (term: string) => number,
  surfaces: Map<string, Map<string, number>>,
): string {
  const shared = new Map<string, number>();
  for (const terms of memberTerms)
    for (const term of terms) shared.set(term, (shared.get(term) ?? 0) + 1);
  const ranked = [...shared.entries()]
    .sort(
      ([leftTerm, leftCount], [rightTerm, rightCount]) =>
        rightCount - leftCount ||
        weight(rightTerm) - weight(leftTerm) ||
        leftTerm.localeCompare(rightTerm),
    )
    .slice(0, 3)
    .map(([term]) => {
      const words = [...(surfaces.get(term) ?? new Map([[term, 1]])).entries()];
      return (
        words.sort(
          (left, right) => right[1] - left[1] || left[0].localeCompare(right[0]),
        )[0]?.[0] ?? term
      );
    });
  return ranked.join(' · ') || '(no words)';
}
