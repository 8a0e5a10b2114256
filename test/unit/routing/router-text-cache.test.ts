import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../../../src/core/language/language.js';
import { parseRoutingCases, signalsOfCase } from '../../../src/core/routing/evaluate-routing.js';
import { ROUTING_LEXICONS } from '../../../src/core/routing/lexicon/routing-lexicons.js';
import {
  blankOut,
  findMatches,
  prepareLexiconText,
} from '../../../src/core/routing/lexicon-text.js';
import { createRouter } from '../../../src/core/routing/route-turn.js';
import type { RoutingSignals } from '../../../src/core/routing/routing-decision.js';

const cases = [
  ...parseRoutingCases(
    readFileSync(new URL('../../fixtures/routing/routing-dev.jsonl', import.meta.url), 'utf8'),
  ),
  ...parseRoutingCases(readFileSync(new URL('./routing-heldout.jsonl', import.meta.url), 'utf8')),
];

describe('a router remembering what the text alone says', () => {
  it('decides a repeated message exactly as a fresh router does, whatever its history and retrieval', () => {
    const router = createRouter();
    for (const round of [1, 2, 3]) {
      for (const routingCase of cases) {
        const base = signalsOfCase(routingCase);
        // Round 2: same text, nothing relevant retrieved; round 3: the customer asked it before.
        const signals: RoutingSignals =
          round === 1
            ? base
            : round === 2
              ? { ...base, retrieval: { topScore: 0.1, relevantCount: 0 } }
              : { ...base, previousUserMessages: [routingCase.text] };
        expect(router.explain(signals), `${routingCase.text} (round ${round})`).toEqual(
          createRouter().explain(signals),
        );
      }
    }
  });

  it('hands out fresh evidence: a caller changing it does not change the next decision', () => {
    const router = createRouter();
    const signals: RoutingSignals = {
      text: 'I want to talk to a human, this is ridiculous',
      language: 'en',
      retrieval: { topScore: 0.9, relevantCount: 2 },
      previousUserMessages: [],
    };
    const first = router.explain(signals);
    expect(first.reasons).toContain('human_requested');
    first.evidence.length = 0;
    first.evidence.push({ reason: 'legal_threat', detail: 'changed' });
    const again = router.explain(signals);
    expect(again.evidence.map((item) => item.reason)).not.toContain('legal_threat');
    expect(again).toEqual(createRouter().explain(signals));
  });
});

describe('lexicon matching with a one-pass filter per table', () => {
  // Every pattern table of every lexicon, run on every labelled message in every language.
  const tables = SUPPORTED_LANGUAGES.flatMap((language) => {
    const lexicon = ROUTING_LEXICONS[language];
    return [
      lexicon.humanRequested.match,
      lexicon.legalThreat.match,
      lexicon.billingDispute.match,
      lexicon.billingDispute.chargeTerms,
      lexicon.billingDispute.disputeTerms,
      lexicon.negativeSentiment.match,
      lexicon.negativeSentiment.sarcasticPraise,
      lexicon.negativeSentiment.unresolvedProblem,
      lexicon.negativeSentiment.gratitude,
      lexicon.clauseBreaks,
      lexicon.sequenceMarkers,
      lexicon.repeatMarkers,
      ...lexicon.topics.map((topic) => topic.match),
      ...[
        lexicon.humanRequested.ignore,
        lexicon.legalThreat.ignore,
        lexicon.billingDispute.ignore,
        lexicon.negativeSentiment.ignore,
      ].filter((table) => table !== undefined),
    ].map((regexes) => ({ language, regexes }));
  });

  function everyPattern(text: string, regexes: readonly RegExp[]) {
    return regexes.flatMap((regex) =>
      [...text.matchAll(regex)].filter((match) => match[0] !== '').map((match) => match[0].trim()),
    );
  }

  it('finds exactly what running every pattern finds, and blanks out the same spans', () => {
    let matched = 0;
    for (const routingCase of cases) {
      for (const { language, regexes } of tables) {
        const text = prepareLexiconText(ROUTING_LEXICONS[language], routingCase.text, {
          correctTypos: true,
        });
        const found = findMatches(text, regexes).map((match) => match.text);
        expect(found, `${language}: ${text}`).toEqual(everyPattern(text, regexes));
        let blanked = text;
        for (const regex of regexes) blanked = blanked.replace(regex, ' _ ');
        expect(blankOut(text, regexes)).toBe(blanked.replace(/ +/g, ' ').trim());
        if (found.length > 0) matched += 1;
      }
    }
    // The comparison means something only if both outcomes occur often.
    expect(matched).toBeGreaterThan(100);
  });
});
