import { describe, expect, it } from 'vitest';
import { expectReason, reasonsOf } from '../../support/routing-reasons.js';

describe('complex requests the customer announces', () => {
  expectReason(
    'complex_request',
    [
      [
        'en',
        'Hi, a few things. My order has not moved in tracking, and does the jacket come in blue?',
      ],
      ['en', 'Two questions about my account'],
      ['it', 'salve volevo sapere 2 cose: fate fattura con partita iva? e il sabato siete aperti?'],
      [
        'de',
        'Hallo, mehrere Sachen: die Lieferadresse soll ins Büro, und ich bräuchte eine Rechnung.',
      ],
      ['fr', 'Bonjour, deux questions : je peux payer en trois fois ? et vous livrez en Suisse ?'],
      ['es', 'Tengo varias dudas: ¿hacéis envíos a Canarias y aceptáis Bizum?'],
      [
        'it',
        "Le scarpe sono arrivate di due numeri più grandi e per giunta non riesco nemmeno a entrare nel mio account. Come faccio a cambiarle e a recuperare l'accesso?",
      ],
      [
        'en',
        'I was still billed the monthly fee after cancelling. Separately, how do I change my delivery address?',
      ],
    ],
    // Counting items is not announcing requests.
    [
      ['en', 'I ordered a few things. Where are they?'],
      ['it', 'Ho ordinato 2 cose ieri, quando arrivano?'],
      ['de', 'Ich habe ein paar Sachen bestellt, wann kommen die an?'],
    ],
  );
});

describe('a disputed charge is one matter', () => {
  it.each([
    [
      'en',
      'I was charged €24.99 for a subscription renewal on the 1st, but I cancelled back in January. Please refund this.',
    ],
    [
      'de',
      'Mir wurden 49,99 € abgebucht, obwohl ich das Abo schon im Januar gekündigt habe. Bitte erstatten Sie den Betrag.',
    ],
    [
      'it',
      "Ho disdetto l'abbonamento a febbraio ma a marzo mi avete comunque addebitato 12,90 €. Chiedo il rimborso.",
    ],
  ] as const)(
    '[%s] the refund, the card and the subscription of a dispute are not further requests: %s',
    (language, text) => {
      const reasons = reasonsOf(text, language);
      expect(reasons).toContain('billing_dispute');
      expect(reasons).not.toContain('complex_request');
    },
  );

  it('does not read a certified e-mail (PEC) in a legal notice as an invoice question', () => {
    const reasons = reasonsOf(
      "Vi ho già inviato una diffida via PEC. Se entro 15 giorni non ricevo il rimborso, presenterò un esposto all'Antitrust.",
      'it',
    );
    expect(reasons).toContain('legal_threat');
    expect(reasons).not.toContain('complex_request');
  });

  it('still counts a different topic asked beside the dispute', () => {
    const reasons = reasonsOf(
      'You charged me twice for order 1234 and please refund it. Also, how do I reset my password?',
      'en',
    );
    expect(reasons).toEqual(expect.arrayContaining(['billing_dispute', 'complex_request']));
  });
});
