/**
 * Money amounts written in a message, language-independent: a number next to a currency sign or
 * word ("€79.90", "38 euro", "12 CHF", "$5") or a price-shaped decimal ("34,95", "112.40").
 * Read on the raw text, because normalization drops the decimal separator and the sign.
 * Plain counts ("2 minutes", "size 38", "order 12345") are not amounts.
 */
const CURRENCY_WORD =
  '(?:€|\\$|£|eur|euros?|chf|fr\\.|francs?|usd|dollars?|pounds?|quid|bucks|pesos?|mxn|ars|clp|cop|pen|soles)';
const NUMBER = '(\\d{1,6}(?:[.,]\\d{1,2})?)';
const AMOUNT = new RegExp(
  `${CURRENCY_WORD}\\s?${NUMBER}(?![\\d.,]*\\d)|(?<![\\d.,])${NUMBER}\\s?${CURRENCY_WORD}(?![\\p{L}])|(?<![\\d.,\\p{L}])(\\d{1,5}[.,]\\d{2})(?![\\d\\p{L}])`,
  'giu',
);

/**
 * An amount next to one of these is a voucher, a discount or a threshold ("my 10 euro voucher",
 * "free over 50 €"), not money the customer saw taken: it is no side of a discrepancy.
 */
const NOT_A_CHARGE = new RegExp(
  '(?:voucher|coupon|code|discount|gift ?card|credit|over|above|from|minimum|min\\.?|under|below|' +
    'gutschein|rabatt|ab|uber|über|unter|mindestens|bon|avoir|reduction|réduction|remise|partir de|dessus|' +
    'cupon|cupón|descuento|desde|mas de|más de|buono|sconto|sopra|oltre|da|sotto)',
  'iu',
);
const BEFORE = new RegExp(
  `(?<![\\p{L}])${NOT_A_CHARGE.source}\\s*(?:de\\s+|of\\s+|di\\s+|i\\s+)?$`,
  'iu',
);
const AFTER = new RegExp(`^\\s*${NOT_A_CHARGE.source}(?![\\p{L}])`, 'iu');

export interface MoneyAmount {
  text: string;
  value: number;
}

/** Every amount, in order of appearance (duplicates kept). */
export function findMoneyAmounts(rawText: string): MoneyAmount[] {
  const amounts: MoneyAmount[] = [];
  for (const match of rawText.matchAll(AMOUNT)) {
    const digits = match[1] ?? match[2] ?? match[3];
    if (!digits) continue;
    const value = Number(digits.replace(',', '.'));
    const before = rawText.slice(Math.max(0, match.index - 20), match.index);
    const after = rawText.slice(match.index + match[0].length, match.index + match[0].length + 20);
    const offCharge = BEFORE.test(before) || AFTER.test(after);
    if (Number.isFinite(value) && value > 0 && !offCharge)
      amounts.push({ text: match[0].trim(), value });
  }
  return amounts;
}

/** The distinct amounts: "79.90 … 97.90" is two, "4,99 … 4,99" is one. */
export function distinctMoneyAmounts(rawText: string): MoneyAmount[] {
  const seen = new Map<number, MoneyAmount>();
  for (const amount of findMoneyAmounts(rawText))
    if (!seen.has(amount.value)) seen.set(amount.value, amount);
  return [...seen.values()];
}
