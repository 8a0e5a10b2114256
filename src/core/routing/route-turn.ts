import { type Language, SUPPORTED_LANGUAGES } from '../language/language.js';
import {
  CLASSIFIED_REASONS,
  type ClassifiedReason,
  type RoutingClassifier,
} from './classifier/routing-classifier.js';
import { shippedRoutingClassifier } from './classifier/shipped-routing-classifier.js';
import { AMOUNTS_EVIDENCE, detectBillingDispute } from './detect-billing-dispute.js';
import { detectComplexRequest } from './detect-complex-request.js';
import { detectNegativeSentiment, typographicSignals } from './detect-negative-sentiment.js';
import { detectRepeatedQuestion } from './detect-repeated-question.js';
import { distinctMoneyAmounts } from './find-money-amounts.js';
import { ROUTING_LEXICONS } from './lexicon/routing-lexicons.js';
import { matchSignal, prepareLexiconText } from './lexicon-text.js';
import {
  REASON_CODES,
  type ReasonCode,
  type RoutingDecision,
  type RoutingSignals,
  tierOf,
} from './routing-decision.js';
import type { RoutingLexicon, TopicId } from './routing-lexicon.js';
import { courtesyIn, detectSmallTalk, type SmallTalk } from './small-talk.js';

export interface RouterOptions {
  /** Replace or add routing tables per language (tests, tenant-specific vocabulary). */
  lexicons?: Partial<Record<Language, RoutingLexicon>>;
  /**
   * Which other languages' tables also read a message for human/legal/billing/sentiment
   * signals: `english` (default: customers mix English in, "je veux un human"), `all` (robust
   * to a wrong language guess, at the price of cross-language false friends), or `none`.
   * Topics, repeats and typo correction always use the message's own language.
   */
  crossLanguage?: 'none' | 'english' | 'all';
  /**
   * The statistical classifier read beside the lexicons: a reason fires when a rule or the
   * classifier finds it. Default: the shipped model; `null` routes on the rules alone.
   */
  classifier?: RoutingClassifier | null;
  /** `low_retrieval` fires when fewer passages than this cleared the retriever's threshold. */
  minRelevantPassages?: number;
  /** Most words between a money word and a dispute word for `billing_dispute`. */
  billingWindowWords?: number;
  repeatSimilarity?: number;
  repeatContainment?: number;
  repeatMinSharedTokens?: number;
  repeatLookback?: number;
  multiStepMinWords?: number;
  multiStepMinMarkers?: number;
  longMessageWords?: number;
  shoutingMinLetters?: number;
  shoutingMinUppercaseRatio?: number;
}

export const DEFAULT_ROUTER_OPTIONS = {
  crossLanguage: 'english',
  minRelevantPassages: 1,
  billingWindowWords: 10,
  repeatSimilarity: 0.7,
  repeatContainment: 0.75,
  repeatMinSharedTokens: 2,
  repeatLookback: 6,
  multiStepMinWords: 35,
  multiStepMinMarkers: 2,
  longMessageWords: 90,
  shoutingMinLetters: 12,
  shoutingMinUppercaseRatio: 0.7,
} as const satisfies Required<Omit<RouterOptions, 'lexicons' | 'classifier'>>;

/** Why a reason fired: the matched words (normalized), for logs and the ops review page. */
export interface RoutingEvidence {
  reason: ReasonCode;
  detail: string;
  language?: Language;
  /**
   * Fired by the message's structure (two amounts that disagree, announced or counted requests, a
   * multi-step story), which the classifier's bag of words cannot see: it never overrules these.
   */
  structural?: true;
}

export interface Explanation extends RoutingDecision {
  evidence: RoutingEvidence[];
  /** Table matches the classifier overruled: not reasons, kept to show why. */
  overruled: RoutingEvidence[];
  /** The whole message is a courtesy (see `Router.smallTalk`). */
  smallTalk?: SmallTalk;
}

export interface Router {
  route(signals: RoutingSignals): RoutingDecision;
  /**
   * Whether the whole message is a courtesy, and which: the phrase list's exact answer; else, when
   * the help center had nothing for it and no reason fired, the classifier's (its kind from the
   * courtesy words it holds, or an acknowledgement). The pipeline answers it with a courtesy.
   */
  smallTalk(signals: RoutingSignals): SmallTalk | undefined;
  /** The same decision plus the evidence behind each reason. */
  explain(signals: RoutingSignals): Explanation;
}

const NO_TYPOGRAPHIC_SIGNAL = { shouting: false, exclamationBurst: false } as const;
/** In a disputed charge these are one matter: "charged after I cancelled the subscription, refund it" is not three requests. */
const DISPUTED_MONEY_TOPICS: ReadonlySet<TopicId> = new Set<TopicId>([
  'payment',
  'returns',
  'subscription',
  'invoice',
]);

function isClassifiedReason(reason: ReasonCode): reason is ClassifiedReason {
  return (CLASSIFIED_REASONS as readonly ReasonCode[]).includes(reason);
}

/** Sorts reasons into REASON_CODES order and drops duplicates. */
export function orderReasons(reasons: Iterable<ReasonCode>): ReasonCode[] {
  const present = new Set(reasons);
  return REASON_CODES.filter((code) => present.has(code));
}

/**
 * The routing policy (DESIGN.md, "Routing policy (v1)") as a pure function of the turn's
 * signals. `model_uncertain` and `model_unavailable` are decided later by the pipeline; merge
 * them with `orderReasons` and `tierOf`.
 */
export function createRouter(options: RouterOptions = {}): Router {
  const { classifier = shippedRoutingClassifier(), ...rest } = options;
  const settings = { ...DEFAULT_ROUTER_OPTIONS, ...withoutUndefined(rest) };
  const lexicons: Record<Language, RoutingLexicon> = {
    ...ROUTING_LEXICONS,
    ...withoutUndefined(options.lexicons ?? {}),
  };

  function readersOf(language: Language): Language[] {
    if (settings.crossLanguage === 'all')
      return [language, ...SUPPORTED_LANGUAGES.filter((other) => other !== language)];
    if (settings.crossLanguage === 'english' && language !== 'en') return [language, 'en'];
    return [language];
  }

  function readText(signals: Pick<RoutingSignals, 'text' | 'language'>): {
    evidence: RoutingEvidence[];
    overruled: RoutingEvidence[];
    /** The classifier reads the whole message as a courtesy. */
    courtesyLike: boolean;
  } {
    const evidence: RoutingEvidence[] = [];
    const fired = (reason: ReasonCode) => evidence.some((item) => item.reason === reason);
    const typography = typographicSignals(signals.text, {
      minLetters: settings.shoutingMinLetters,
      minUppercaseRatio: settings.shoutingMinUppercaseRatio,
    });

    const amounts = distinctMoneyAmounts(signals.text);

    let ownPrepared: string | undefined;
    for (const language of readersOf(signals.language)) {
      const lexicon = lexicons[language];
      const ownLanguage = language === signals.language;
      const text = prepareLexiconText(lexicon, signals.text, { correctTypos: ownLanguage });
      if (ownLanguage) ownPrepared = text;
      const human = fired('human_requested')
        ? undefined
        : matchSignal(text, lexicon.humanRequested);
      if (human) evidence.push({ reason: 'human_requested', detail: human.text, language });
      const legal = fired('legal_threat') ? undefined : matchSignal(text, lexicon.legalThreat);
      if (legal) evidence.push({ reason: 'legal_threat', detail: legal.text, language });
      const billing = fired('billing_dispute')
        ? undefined
        : detectBillingDispute(text, lexicon.billingDispute, settings.billingWindowWords, amounts);
      if (billing)
        evidence.push({
          reason: 'billing_dispute',
          detail: billing,
          language,
          ...(billing.startsWith(AMOUNTS_EVIDENCE) ? { structural: true as const } : {}),
        });
      // "!!!" and caps are read once, with the thanks vocabulary of the message's own language.
      const negative = fired('negative_sentiment')
        ? undefined
        : detectNegativeSentiment(
            text,
            lexicon.negativeSentiment,
            ownLanguage ? typography : NO_TYPOGRAPHIC_SIGNAL,
          );
      if (negative) evidence.push({ reason: 'negative_sentiment', detail: negative, language });
    }

    const ownLexicon = lexicons[signals.language];
    const complexity = detectComplexRequest(
      ownLexicon,
      signals.text,
      settings,
      fired('billing_dispute') ? { mergedTopics: DISPUTED_MONEY_TOPICS } : {},
    );
    if (complexity.complex) {
      const detail =
        complexity.why === 'topics'
          ? `topics: ${complexity.topics.join(', ')}`
          : complexity.why === 'questions'
            ? `${complexity.questions} separate questions`
            : complexity.why === 'announced'
              ? 'announces several requests'
              : `${complexity.why}: ${complexity.words} words, ${complexity.stepMarkers} steps`;
      evidence.push({
        reason: 'complex_request',
        detail,
        language: signals.language,
        ...(complexity.why === 'topics' ? {} : { structural: true as const }),
      });
    }

    if (!classifier) return { evidence, overruled: [], courtesyLike: false };
    // The classifier adds what the tables missed, and overrules a table's match it all but rules
    // out ("my sister's a lawyer"); what the tables found otherwise keeps their evidence.
    const assessment = classifier.assess(signals.text, signals.language, ownPrepared);
    const overruled: RoutingEvidence[] = [];
    const kept = evidence.filter((item) => {
      const verdict = isClassifiedReason(item.reason) ? assessment[item.reason] : undefined;
      if (!verdict?.overrules || item.structural) return true;
      overruled.push({
        ...item,
        detail: `${item.detail} (overruled: classifier ${verdict.probability.toFixed(3)})`,
      });
      return false;
    });
    for (const reason of CLASSIFIED_REASONS) {
      const verdict = assessment[reason];
      if (!verdict.fires || kept.some((item) => item.reason === reason)) continue;
      kept.push({
        reason,
        detail: `classifier ${verdict.probability.toFixed(2)}: ${verdict.strongest.join(', ')}`,
      });
    }
    return { evidence: kept, overruled, courtesyLike: assessment.small_talk.fires };
  }

  function explain(signals: RoutingSignals): Explanation {
    const { evidence, overruled, courtesyLike } = readText(signals);
    const ownLexicon = lexicons[signals.language];
    const retrievalEmpty = signals.retrieval.relevantCount < settings.minRelevantPassages;
    // The phrase list's exact answer; else the classifier's, only when the help center had
    // nothing for the message (a question it answers is answered) and no reason fired.
    const smallTalk =
      detectSmallTalk(signals.text) ??
      (retrievalEmpty && courtesyLike && evidence.length === 0
        ? (courtesyIn(signals.text) ?? 'acknowledgement')
        : undefined);

    if (signals.previousUserMessages.length > 0 || signals.previousAssistantAnswer) {
      const repeat = detectRepeatedQuestion(
        ownLexicon,
        signals.text,
        {
          previousUserMessages: signals.previousUserMessages,
          previousAssistantAnswer: signals.previousAssistantAnswer,
        },
        {
          similarity: settings.repeatSimilarity,
          containment: settings.repeatContainment,
          minSharedTokens: settings.repeatMinSharedTokens,
          lookback: settings.repeatLookback,
        },
      );
      if (repeat.repeated) {
        evidence.push({
          reason: 'repeated_question',
          detail: `${repeat.against} (similarity ${repeat.score.toFixed(2)})`,
          language: signals.language,
        });
      }
    }

    // low_retrieval explains a turn only when nothing else does: a request for a person, a threat, a
    // dispute, anger, a multi-topic message or a repeat is not expected to be answered by one help
    // article, so an empty retrieval there says nothing new (and the dev labels agree). A courtesy
    // needs no article at all (the policy: small talk is never low_retrieval).
    if (evidence.length === 0 && retrievalEmpty && smallTalk === undefined) {
      evidence.push({
        reason: 'low_retrieval',
        detail: `relevant passages: ${signals.retrieval.relevantCount}, top score: ${signals.retrieval.topScore}`,
      });
    }

    const reasons = orderReasons(evidence.map((item) => item.reason));
    return {
      tier: tierOf(reasons),
      reasons,
      evidence,
      overruled,
      ...(smallTalk ? { smallTalk } : {}),
    };
  }

  // The pipeline asks route() and then smallTalk() about the same turn: one reading serves both.
  const explained = new WeakMap<RoutingSignals, Explanation>();
  function explainOnce(signals: RoutingSignals): Explanation {
    let explanation = explained.get(signals);
    if (!explanation) {
      explanation = explain(signals);
      explained.set(signals, explanation);
    }
    return explanation;
  }

  return {
    route(signals) {
      const { tier, reasons } = explainOnce(signals);
      return { tier, reasons };
    },
    explain,
    smallTalk(signals) {
      return explainOnce(signals).smallTalk;
    },
  };
}

/** One-off routing (tests, scripts). It builds a router each call, so its text caches start empty: long-lived callers keep one `createRouter()`. */
export function routeTurn(signals: RoutingSignals, options?: RouterOptions): RoutingDecision {
  return createRouter(options).route(signals);
}

function withoutUndefined<T extends object>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
