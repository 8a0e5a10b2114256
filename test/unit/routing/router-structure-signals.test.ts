import { describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language/language.js';
import { countSeparateQuestions } from '../../../src/core/routing/detect-complex-request.js';
import { distinctMoneyAmounts } from '../../../src/core/routing/find-money-amounts.js';
import { createRouter } from '../../../src/core/routing/route-turn.js';

const router = createRouter();
const explain = (text: string, language: Language) =>
  router.explain({
    text,
    language,
    retrieval: { topScore: 0.8, relevantCount: 3 },
    previousUserMessages: [],
  });

describe('money amounts', () => {
  it('reads amounts with a currency or in price shape, in any language', () => {
    expect(
      distinctMoneyAmounts('Warenkorb 34,95, Kontoauszug 43,95 – wo kommen die 9 € her?').map(
        (amount) => amount.value,
      ),
    ).toEqual([34.95, 43.95, 9]);
    expect(distinctMoneyAmounts('said €79.90 but my bank shows €97.90').length).toBe(2);
  });

  it('ignores counts, sizes, order numbers and the same amount twice', () => {
    expect(distinctMoneyAmounts('size 38, 2 minutes, order 12345')).toEqual([]);
    expect(distinctMoneyAmounts('4,99 € then again 4,99 €').length).toBe(1);
  });

  it('does not count vouchers and thresholds as a side of a discrepancy', () => {
    expect(distinctMoneyAmounts('I paid 60 euros, can I use my 10 euro voucher?').length).toBe(1);
    expect(distinctMoneyAmounts('free over 50 euros if my basket is 45?').length).toBe(0);
    expect(distinctMoneyAmounts('ich hab 30 € bezahlt').length).toBe(1);
  });
});

describe('billing_dispute from structure', () => {
  it.each([
    ['it', 'Il totale era 27,80 €, sull’estratto conto vedo 37,80 €.'],
    ['de', 'Laut Bestätigung 24,99 €, auf dem Kontoauszug 34,99 €'],
    ['en', 'my receipt shows 12.00, my bank statement 21.00'],
  ] as const)('[%s] two amounts and money taken: %s', (language, text) => {
    const explained = explain(text, language);
    expect(explained.reasons).toContain('billing_dispute');
    expect(explained.evidence.find((item) => item.reason === 'billing_dispute')?.detail).toMatch(
      /^amounts /,
    );
  });

  it.each([
    ['en', 'Is shipping free on orders over 50 euros if my basket is 45?'],
    ['fr', 'je peux payer 20 € par carte et 15 € avec un bon ?'],
    ['es', '¿el envío cuesta 4,95 € o 6,95 € a Canarias?'],
  ] as const)('[%s] two amounts without money taken stay plain: %s', (language, text) => {
    expect(explain(text, language).reasons).toEqual([]);
  });

  it.each([
    ['en', 'there is a gift wrap fee on my bill that I never ticked'],
    ['fr', 'vous m’avez facturé l’express, j’avais choisi la standard'],
    ['es', 'me cobraron el seguro y yo había elegido sin seguro'],
    ['it', 'mi avete addebitato il reso ma avevo scelto il ritiro gratuito'],
    ['de', 'Sie haben mir Express berechnet, den hatte ich nie ausgewählt'],
  ] as const)('[%s] a charge for an option not chosen: %s', (language, text) => {
    expect(explain(text, language).reasons).toContain('billing_dispute');
  });

  it.each([
    ['en', 'I cancelled within an hour, but the money still came out of my account'],
    ['fr', 'j’ai annulé tout de suite et on m’a quand même prélevé'],
    ['es', 'anulé la compra enseguida y aun así me cobraron'],
    ['it', 'ho disdetto subito ma mi hanno addebitato lo stesso'],
    ['de', 'Ich habe sofort storniert, aber es wurde trotzdem abgebucht'],
  ] as const)('[%s] charged after cancelling: %s', (language, text) => {
    expect(explain(text, language).reasons).toContain('billing_dispute');
  });
});

describe('a refund that came short', () => {
  it.each([
    ['en', 'I only received half of it back after the return'],
    ['fr', 'on ne m’a remboursé que la moitié'],
    ['de', 'ich habe nur einen Teil zurückbekommen'],
    ['es', 'me reembolsaron solo la mitad'],
    ['it', 'mi avete rimborsato solo una parte'],
  ] as const)('[%s] %s', (language, text) => {
    expect(explain(text, language).reasons).toContain('billing_dispute');
  });

  it('asking for a partial refund is a plain question', () => {
    expect(explain('can I get a refund for only part of my order?', 'en').reasons).toEqual([]);
  });
});

describe('negated anger stays small', () => {
  it.each([
    ['en', 'not angry at all, just asking how long delivery takes'],
    ['fr', 'je ne suis pas fâché, je voulais savoir si vous livrez en Suisse'],
    ['de', 'ich bin nicht sauer, nur eine Frage zum Versand'],
    ['es', 'no estoy enojado, solo pregunto por el envío'],
    ['it', 'non sono arrabbiato, chiedo solo della spedizione'],
  ] as const)('[%s] %s', (language, text) => {
    expect(explain(text, language).reasons).toEqual([]);
  });

  it('still fires when the anger is not negated', () => {
    expect(explain('ich bin echt sauer, seit Wochen nichts', 'de').reasons).toContain(
      'negative_sentiment',
    );
  });
});

describe('several questions in one line', () => {
  it('counts questions of three words or more, each with its own question mark', () => {
    expect(
      countSeparateQuestions('do you ship to Malta? do you take Klarna? where are you based?'),
    ).toBe(3);
    expect(countSeparateQuestions('hi? ok? where is my order?')).toBe(1);
  });

  it('makes three separate questions complex and says so', () => {
    const explained = explain(
      'what are your opening hours? where is your warehouse? who makes the Tromso jacket?',
      'en',
    );
    expect(explained.reasons).toEqual(['complex_request']);
    expect(explained.evidence[0]?.detail).toBe('3 separate questions');
  });
});
