import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  evaluateRouting,
  parseRoutingCases,
  type RoutingCase,
} from '../../../src/core/routing/evaluate-routing.js';
import { routeTurn } from '../../../src/core/routing/route-turn.js';

function load(url: URL): RoutingCase[] {
  return parseRoutingCases(readFileSync(url, 'utf8'));
}

// The team's labelled development set, kept with the tests (test/fixtures/routing/).
const devSet = load(new URL('../../fixtures/routing/routing-dev.jsonl', import.meta.url));

describe('routing on the development set (routing-dev.jsonl)', () => {
  const result = evaluateRouting(devSet, (signals) => routeTurn(signals));

  it('covers all 50 labelled messages', () => {
    expect(result.total).toBe(50);
  });

  it('gets the tier right for at least 95% of the messages', () => {
    expect(result.tierAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('never reports a reason the label does not have (reason precision 100%)', () => {
    const unlabelled = result.misses
      .map(({ routingCase, decision }) => ({
        text: routingCase.text,
        extra: decision.reasons.filter((reason) => !routingCase.reasons.includes(reason)),
      }))
      .filter(({ extra }) => extra.length > 0);
    expect(unlabelled).toEqual([]);
    expect(result.reasonPrecision).toBe(1);
  });

  it('finds at least 95% of the labelled reasons', () => {
    expect(result.reasonRecall).toBeGreaterThanOrEqual(0.95);
  });
});

/*
 * Held-out sets, all phrased unlike the development set:
 * - routing-heldout.jsonl: written before the lexicons existed;
 * - routing-heldout-blind.jsonl, -blind-2.jsonl, -blind-3.jsonl: written after, each run once
 *   before any change was made for it (first runs: 72.6%, 76.0%, 80.0% tier accuracy, all
 *   with 100% reason precision; see git log). The lexicons were then generalized (word
 *   families, idioms), so these now guard regressions rather than measure unseen phrasing.
 */
describe.each([
  ['routing-heldout.jsonl', 60, 12],
  ['routing-heldout-blind.jsonl', 60, 12],
  ['routing-heldout-blind-2.jsonl', 50, 10],
  ['routing-heldout-blind-3.jsonl', 40, 8],
])('routing on the held-out set %s', (file, minimumSize, minimumPerLanguage) => {
  const cases = load(new URL(file, import.meta.url));
  const result = evaluateRouting(cases, (signals) => routeTurn(signals));

  it(`has at least ${minimumSize} messages, at least ${minimumPerLanguage} per language`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(minimumSize);
    for (const language of ['en', 'fr', 'de', 'es', 'it']) {
      expect(
        cases.filter((routingCase) => routingCase.lang === language).length,
      ).toBeGreaterThanOrEqual(minimumPerLanguage);
    }
  });

  it('gets the tier right for at least 90% of the messages', () => {
    expect(result.tierAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps reason precision at 95% or more', () => {
    expect(result.reasonPrecision).toBeGreaterThanOrEqual(0.95);
  });
});

/*
 * Issue 19's sets, router alone (their full-pipeline figures, retrieval included, are in README):
 * - blind-t1/t2.jsonl: written blind (first runs 69.4% / 72.5% through the pipeline), then used
 *   to tune the structural rules, so they now guard regressions only;
 * - router-structure-dev.jsonl: new phrasings of the structures (two amounts, an option not
 *   chosen, two payment methods, a short refund, indirect and dialect requests for a person,
 *   local consumer bodies, slang and negated anger, several questions), written before the
 *   rules (main's router: 61.5%);
 * - router-structure-check.jsonl: written after the rules, to estimate unseen phrasing
 *   (first run 66.0%, main's router 53.2%; 68.1% after its one false positive was fixed). The bar is low on purpose: it is the honest gap.
 * - blind-h3a/h3b … blind-h9a/h9b/h9c.jsonl: written blind after the classifier was trained and
 *   run once (first runs through the pipeline 95.6% / 96.3%, 95.6% / 96.9%, 94.4% / 97.5%,
 *   98.1% / 93.8%, 97.5% / 95.6%, 97.5% / 97.5% and 96.9% / 97.5% / 96.9%), then added to the
 *   training data, so they too guard regressions only.
 */
describe.each([
  ['../../fixtures/routing/blind-t1.jsonl', 0.95, 0.95, 0],
  ['../../fixtures/routing/blind-t2.jsonl', 0.95, 0.95, 0],
  ['../../fixtures/routing/router-structure-dev.jsonl', 0.95, 0.95, 0],
  ['../../fixtures/routing/router-structure-check.jsonl', 0.65, 0.9, 0],
  ['../../fixtures/routing/blind-h3a.jsonl', 0.95, 0.95, 0],
  ['../../fixtures/routing/blind-h3b.jsonl', 0.95, 0.95, 0],
  ['../../fixtures/routing/blind-h4a.jsonl', 0.95, 0.95, 0],
  ['../../fixtures/routing/blind-h4b.jsonl', 0.95, 0.95, 0],
  // Two table matches the classifier does not overrule, even trained on them: "die Kollegin am
  // Telefon letzte Woche war sehr nett" (a person, but no request) and "ya la cambié dos veces"
  // (a password changed twice, read as a charge taken twice).
  ['../../fixtures/routing/blind-h5a.jsonl', 0.95, 0.94, 2],
  ['../../fixtures/routing/blind-h5b.jsonl', 0.95, 0.95, 0],
  ['../../fixtures/routing/blind-h6a.jsonl', 0.95, 0.95, 0],
  // Two legal words used innocently that the classifier does not overrule (legal's veto is 0.005):
  // "als Zeugin vor Gericht aussagen" and "un regalo al mio avvocato"; and "cambiar una blusa por
  // otra talla, ¿tengo que pagar yo el envío?" read as two topics (exchange, shipping).
  ['../../fixtures/routing/blind-h6b.jsonl', 0.95, 0.95, 3],
  ['../../fixtures/routing/blind-h7a.jsonl', 0.95, 0.95, 0],
  ['../../fixtures/routing/blind-h7b.jsonl', 0.95, 0.95, 0],
  ['../../fixtures/routing/blind-h8a.jsonl', 0.95, 0.95, 0],
  ['../../fixtures/routing/blind-h8b.jsonl', 0.95, 0.95, 0],
  // Topic tables that read one question as two: "darme de baja del Club, ¿me devolvéis lo que queda
  // del mes?" (subscription, returns) and "SOMMER15 … abgelaufen. Kann man den noch verlängern?"
  // (discount, subscription: "verlängern" is also renewing a plan).
  ['../../fixtures/routing/blind-h9a.jsonl', 0.95, 0.95, 1],
  ['../../fixtures/routing/blind-h9b.jsonl', 0.95, 0.95, 0],
  ['../../fixtures/routing/blind-h9c.jsonl', 0.95, 0.95, 1],
])('routing on the issue 19 set %s', (file, minimumAccuracy, minimumPrecision, plainAllowed) => {
  const cases = load(new URL(file, import.meta.url));
  const result = evaluateRouting(cases, (signals) => routeTurn(signals));

  it('covers every language', () => {
    for (const language of ['en', 'fr', 'de', 'es', 'it'])
      expect(cases.some((routingCase) => routingCase.lang === language)).toBe(true);
  });

  it(`gets the tier right for at least ${minimumAccuracy * 100}% of the messages`, () => {
    expect(result.tierAccuracy).toBeGreaterThanOrEqual(minimumAccuracy);
  });

  it(`keeps reason precision at ${minimumPrecision * 100}% or more`, () => {
    expect(result.reasonPrecision).toBeGreaterThanOrEqual(minimumPrecision);
  });

  it(`sends at most ${plainAllowed} plain question(s) (labelled small) to a higher tier`, () => {
    const escalated = result.misses
      .filter(
        ({ routingCase, decision }) => routingCase.tier === 'small' && decision.tier !== 'small',
      )
      .map(({ routingCase }) => routingCase.text);
    expect(escalated.length, escalated.join('\n')).toBeLessThanOrEqual(plainAllowed);
  });
});
