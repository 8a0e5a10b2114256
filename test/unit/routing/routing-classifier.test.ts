import { describe, expect, it } from 'vitest';
import {
  CLASSIFIER_LABELS,
  classifierFeatures,
  createRoutingClassifier,
  type RoutingModel,
} from '../../../src/core/routing/classifier/routing-classifier.js';
import { shippedRoutingClassifier } from '../../../src/core/routing/classifier/shipped-routing-classifier.js';
import { ROUTING_LEXICONS } from '../../../src/core/routing/lexicon/routing-lexicons.js';
import { createRouter } from '../../../src/core/routing/route-turn.js';
import { routingSignals as signals } from '../../support/routing-reasons.js';

/** A model with one weight: enough to show how the router combines it with the tables. */
function modelWith(weights: RoutingModel['weights'], threshold = 0.5): RoutingModel {
  return {
    trainedOn: 'test',
    labels: CLASSIFIER_LABELS,
    bias: CLASSIFIER_LABELS.map(() => -3),
    thresholds: CLASSIFIER_LABELS.map(() => threshold),
    vetoes: CLASSIFIER_LABELS.map(() => 0),
    weights,
  };
}

describe('routing classifier', () => {
  it('adds a reason the tables missed, with evidence naming the features that fired it', () => {
    // human_requested is the first reason: this weight pushes it alone.
    const classifier = createRoutingClassifier(modelWith({ 'w:sonnez': [6, 0, 0, 0, 0] }));
    const router = createRouter({ classifier });
    const explained = router.explain(signals('Sonnez-moi demain, merci', 'fr'));
    expect(explained.tier).toBe('human');
    expect(explained.reasons).toEqual(['human_requested']);
    expect(explained.evidence).toEqual([
      { reason: 'human_requested', detail: expect.stringMatching(/^classifier 0\.95: w:sonnez/) },
    ]);
    expect(
      createRouter({ classifier: null }).route(signals('Sonnez-moi demain, merci', 'fr')),
    ).toEqual({ tier: 'small', reasons: [] });
  });

  it('keeps the tables’ evidence when both find the same reason', () => {
    const classifier = createRoutingClassifier(modelWith({ 'w:deux': [0, 0, 6, 0, 0] }));
    const explained = createRouter({ classifier }).explain(
      signals('Vous m’avez prélevé deux fois !', 'fr'),
    );
    expect(explained.evidence).toEqual([
      { reason: 'billing_dispute', detail: 'preleve deux fois', language: 'fr' },
    ]);
  });

  it('overrules a table’s word match it all but rules out, never a structural one', () => {
    // legal_threat is the second label: a strongly negative weight on "adore" (a lawyer who loves the bag).
    const model = {
      ...modelWith({ 'w:adore': [0, -8, 0, 0, 0] }),
      // Every reason's probability here is at most sigmoid(-3) = 0.047: under this veto, so only structure survives.
      vetoes: CLASSIFIER_LABELS.map(() => 0.1),
    };
    const router = createRouter({ classifier: createRoutingClassifier(model) });
    const sister = router.explain(signals('Mon avocat adore votre sac en cuir', 'fr'));
    expect(sister.reasons).toEqual([]);
    expect(sister.overruled).toEqual([
      expect.objectContaining({
        reason: 'legal_threat',
        detail: expect.stringMatching(/overruled/),
      }),
    ]);
    // Two amounts that disagree are structure, which the model's words cannot see.
    const amounts = router.explain(
      signals('Au panier 34,95 €, prélevé 43,95 € sur ma carte', 'fr'),
    );
    expect(amounts.reasons).toContain('billing_dispute');
    expect(amounts.evidence).toContainEqual(
      expect.objectContaining({ reason: 'billing_dispute', structural: true }),
    );
  });

  it('fires only from its threshold', () => {
    const weights = { 'w:sonnez': [3.3, 0, 0, 0, 0] }; // probability 0.574
    const text = 'sonnez moi';
    expect(createRoutingClassifier(modelWith(weights, 0.6)).classify(text, 'fr')).toEqual([]);
    expect(
      createRoutingClassifier(modelWith(weights, 0.55))
        .classify(text, 'fr')
        .map((s) => s.reason),
    ).toEqual(['human_requested']);
  });

  it('reads the words the tables read: look-alikes blanked, thanks make "!!!" enthusiasm', () => {
    const french = ROUTING_LEXICONS.fr;
    expect(
      classifierFeatures('Personne ne peut me livrer samedi ?', french).human_requested,
    ).not.toContain('w:personne');
    expect(classifierFeatures('Je veux parler à une personne', french).human_requested).toContain(
      'w:personne',
    );
    const english = ROUTING_LEXICONS.en;
    expect(classifierFeatures('Thank you so much!!!', english).negative_sentiment).not.toContain(
      's:exclamations',
    );
    expect(classifierFeatures('Still nothing!!!', english).negative_sentiment).toContain(
      's:exclamations',
    );
  });

  it('ships a model that catches what the tables miss and leaves plain questions alone', () => {
    const shipped = createRouter({ classifier: shippedRoutingClassifier() });
    const tablesOnly = createRouter({ classifier: null });
    // Written for this test, in none of the training sets.
    const indirect = signals('Hätten Sie eine Nummer, wo ich wen Echten dran habe?', 'de');
    expect(tablesOnly.route(indirect).reasons).toEqual([]);
    expect(shipped.route(indirect).reasons).toContain('human_requested');
    for (const [language, text] of [
      ['en', 'Do you deliver the Verona blazer to Galway?'],
      ['fr', 'Le sac Lune existe-t-il en bleu marine ?'],
      ['es', '¿Cuánto tarda un envío a Sevilla?'],
    ] as const)
      expect(shipped.route(signals(text, language)).reasons).toEqual([]);
  });
});
