import type { Language } from '../../language/language.js';
import { ROUTING_LEXICONS } from '../lexicon/routing-lexicons.js';
import { blankOut, findMatches, prepareLexiconText } from '../lexicon-text.js';
import { MESSAGE_REASONS } from '../routing-decision.js';
import type { RoutingLexicon } from '../routing-lexicon.js';
import { messageFeatures } from './message-features.js';

/** The reasons the classifier reads: those a message's words carry. */
export const CLASSIFIED_REASONS = MESSAGE_REASONS;

export type ClassifiedReason = (typeof CLASSIFIED_REASONS)[number];

/**
 * What the model predicts: the reasons, and whether the whole message is small talk (a courtesy
 * that needs no help-center passage, so finding none is no `low_retrieval`).
 */
export const CLASSIFIER_LABELS = [...CLASSIFIED_REASONS, 'small_talk'] as const;

export type ClassifierLabel = (typeof CLASSIFIER_LABELS)[number];

/**
 * A trained model as shipped (`routing-model.json`, written by `scripts/train-routing-model.ts`):
 * one logistic regression per label over `messageFeatures`, and the probability from which each
 * label fires (chosen by the trainer on writers the model was not trained on).
 */
export interface RoutingModel {
  /** What it was trained on: kept with the weights for the record. */
  trainedOn: string;
  labels: readonly ClassifierLabel[];
  bias: readonly number[];
  thresholds: readonly number[];
  /**
   * Under this probability the model overrules a lexicon table's match of the label ("my sister's
   * a lawyer" matched `avocat`, the model reads no threat); 0 never overrules.
   */
  vetoes: readonly number[];
  /** Feature → one weight per label, in `labels` order. */
  weights: Readonly<Record<string, readonly number[]>>;
}

export interface ClassifiedSignal {
  reason: ClassifiedReason;
  probability: number;
  /** The features that pushed hardest towards the reason, strongest first (for the evidence). */
  strongest: string[];
}

export interface ReasonAssessment {
  probability: number;
  /** The probability reaches the reason's threshold: the reason fires. */
  fires: boolean;
  /** The probability is under the reason's veto: a table's match of it is overruled. */
  overrules: boolean;
  /** The features that pushed hardest towards the reason, strongest first (for the evidence). */
  strongest: string[];
}

export interface RoutingClassifier {
  /**
   * Every label's probability and what it decides, in one pass (small talk included: it fires
   * when the whole message reads as a courtesy). `prepared`: as for `classify`.
   */
  assess(
    text: string,
    language: Language,
    prepared?: string,
  ): Record<ClassifierLabel, ReasonAssessment>;
  /**
   * Every reason whose probability reaches its threshold. `prepared`: the message's
   * lexicon-prepared text when the caller has it already (the router does).
   */
  classify(text: string, language: Language, prepared?: string): ClassifiedSignal[];
  /** Every label's probability, fired or not (evaluation, threshold choice). */
  probabilities(text: string, language: Language): Record<ClassifierLabel, number>;
}

/**
 * The features each reason's model reads. The words are the lexicon-prepared text of the
 * message's own language with that reason's look-alikes blanked out: "personne ne peut me livrer"
 * or "my lawyer friend" are no evidence for the rules, and none for the model either.
 */
export function classifierFeatures(
  text: string,
  lexicon: RoutingLexicon,
  prepared = prepareLexiconText(lexicon, text, { correctTypos: true }),
): Record<ClassifierLabel, string[]> {
  const gratitude = findMatches(prepared, lexicon.negativeSentiment.gratitude).length > 0;
  const byText = new Map<string, string[]>();
  const featuresOf = (words: string) => {
    let features = byText.get(words);
    if (!features) {
      features = messageFeatures(words, text, { gratitude });
      byText.set(words, features);
    }
    return features;
  };
  return {
    human_requested: featuresOf(blankOut(prepared, lexicon.humanRequested.ignore)),
    legal_threat: featuresOf(blankOut(prepared, lexicon.legalThreat.ignore)),
    billing_dispute: featuresOf(blankOut(prepared, lexicon.billingDispute.ignore)),
    negative_sentiment: featuresOf(blankOut(prepared, lexicon.negativeSentiment.ignore)),
    complex_request: featuresOf(prepared),
    small_talk: featuresOf(prepared),
  };
}

export function createRoutingClassifier(
  model: RoutingModel,
  lexicons: Record<Language, RoutingLexicon> = ROUTING_LEXICONS,
): RoutingClassifier {
  function scores(text: string, language: Language, prepared?: string) {
    const featuresByReason = classifierFeatures(text, lexicons[language], prepared);
    return model.labels.map((label, index) => {
      let logit = model.bias[index] ?? 0;
      const contributions: Array<[string, number]> = [];
      for (const feature of featuresByReason[label]) {
        const weight = model.weights[feature]?.[index] ?? 0;
        logit += weight;
        if (weight > 0) contributions.push([feature, weight]);
      }
      const probability = 1 / (1 + Math.exp(-logit));
      const fires = probability >= (model.thresholds[index] ?? 1);
      const overrules = probability < (model.vetoes[index] ?? 0);
      return { label, fires, overrules, probability, contributions };
    });
  }

  const strongestOf = (contributions: Array<[string, number]>) =>
    contributions
      .sort((left, right) => right[1] - left[1])
      .slice(0, 3)
      .map(([feature]) => feature);

  return {
    assess(text, language, prepared) {
      const result = {} as Record<ClassifierLabel, ReasonAssessment>;
      for (const { label, fires, overrules, probability, contributions } of scores(
        text,
        language,
        prepared,
      ))
        result[label] = { probability, fires, overrules, strongest: strongestOf(contributions) };
      return result;
    },
    classify(text, language, prepared) {
      return scores(text, language, prepared).flatMap(
        ({ label, fires, probability, contributions }) =>
          fires && label !== 'small_talk'
            ? [
                {
                  reason: label,
                  probability,
                  strongest: strongestOf(contributions),
                },
              ]
            : [],
      );
    },
    probabilities(text, language) {
      const result = {} as Record<ClassifierLabel, number>;
      for (const { label, probability } of scores(text, language)) result[label] = probability;
      return result;
    },
  };
}
