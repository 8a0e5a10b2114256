import type { MoneyAmount } from './find-money-amounts.js';
import { blankOut, findMatches } from './lexicon-text.js';
import type { BillingTable } from './routing-lexicon.js';

/** How the evidence of a dispute read from two different amounts begins. */
export const AMOUNTS_EVIDENCE = 'amounts ';

/**
 * A contested charge: a phrase that says so on its own ("charged twice", "chargeback"), or a
 * money word and a dispute word within `windowWords` of each other ("a charge on my statement
 * for an order I never placed"). Neither alone is enough: "how long do refunds take?" names
 * money and "I ordered the wrong size" names an error, and both are plain questions.
 * Returns the evidence, or undefined.
 */
export function detectBillingDispute(
  preparedText: string,
  table: BillingTable,
  windowWords: number,
  amounts: readonly MoneyAmount[] = [],
): string | undefined {
  const text = blankOut(preparedText, table.ignore);
  const explicit = findMatches(text, table.match)[0];
  if (explicit) return explicit.text;

  // Two different amounts and a word that money moved: the customer compares what they were
  // told with what was taken (or refunded). The amounts themselves are the contradiction.
  if (amounts.length >= 2) {
    const context = findMatches(text, table.amountContext)[0];
    if (context)
      return `${AMOUNTS_EVIDENCE}${amounts.map((amount) => amount.text).join(' vs ')} … ${context.text}`;
  }

  const disputes = findMatches(text, table.disputeTerms);
  if (disputes.length === 0) return undefined;
  for (const charge of findMatches(text, table.chargeTerms)) {
    for (const dispute of disputes) {
      const gap =
        Math.max(charge.firstWord, dispute.firstWord) - Math.min(charge.lastWord, dispute.lastWord);
      if (gap <= windowWords) return `${charge.text} … ${dispute.text}`;
    }
  }
  return undefined;
}
