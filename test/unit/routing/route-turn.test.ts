import { describe, expect, it } from 'vitest';
import { createRouter, orderReasons, routeTurn } from '../../../src/core/routing/route-turn.js';
import { REASON_CODES, tierOf } from '../../../src/core/routing/routing-decision.js';
import {
  expectReason,
  reasonsOf,
  routingSignals as signals,
} from '../../support/routing-reasons.js';

describe('human_requested', () => {
  expectReason(
    'human_requested',
    [
      ['en', 'Can I talk to someone from your team?'],
      ['en', 'transfer me to an agent please'],
      ['en', 'agent'],
      ['en', 'I want to speak to a represenative'],
      ['en', 'Could a human look at this?'],
      ['fr', "Je veux parler à quelqu'un"],
      ['fr', 'Mettez-moi en relation avec un conseiller'],
      ['fr', 'un humain svp'],
      ['de', 'Ich will mit einem echten Menschen reden'],
      ['de', 'Verbinden Sie mich bitte mit einer Mitarbeiterin'],
      ['de', 'Bitte rufen Sie mich zurück'],
      ['es', '¿Puedo hablar con un agente?'],
      ['es', 'Pásenme con una persona real'],
      ['it', 'Posso parlare con qualcuno?'],
      ['it', 'Vorrei un operatore umano'],
    ],
    [
      ['en', 'I want to talk about my order'],
      ['en', 'Are you a bot?'],
      ['en', 'The delivery person left my parcel at the wrong door'],
      // Asking how to contact support is the kb's "contact" topic: the bot answers it.
      ['en', 'How can I contact customer service?'],
      ['en', 'I spoke to an agent yesterday and she said the refund was on its way'],
      ['fr', 'Je veux parler de ma livraison'],
      ['fr', 'Personne ne peut me livrer samedi ?'],
      ['de', 'Ich möchte über meine Bestellung sprechen'],
      ['es', 'Quiero hablar de mi pedido'],
      ['it', 'Vorrei parlare del mio reso'],
    ],
  );
});

describe('legal_threat', () => {
  expectReason(
    'legal_threat',
    [
      ['en', 'I will sue you'],
      ['en', "I'm taking you to court over this"],
      ['en', 'I have reported you to the consumer protection authority'],
      ['fr', 'Je vais porter plainte'],
      ['fr', "J'ai écrit à l'UFC-Que Choisir"],
      ['fr', 'L’avocat de ma famille est prévenu'],
      ['de', 'Ich werde Sie verklagen'],
      ['de', 'Ich schalte die Verbraucherzentrale ein'],
      ['es', 'Voy a denunciarles'],
      ['es', 'Lo llevaré a los tribunales'],
      ['it', 'Vi faccio causa'],
      ['it', "Segnalerò tutto all'AGCM"],
    ],
    [
      // Choice: a lawyer named as a friend or a profession is not a threat.
      ['en', 'My lawyer friend recommended you, do you ship to Ireland?'],
      ['en', 'Do you sell tennis court shoes?'],
      ['en', "Hi, this is Sue, where's my order?"],
      ['fr', 'Mon frère est avocat, il adore vos pulls'],
      ['fr', "Le délai court à partir de l'expédition"],
      ['de', 'Meine Freundin ist Anwältin und hat Ihren Shop empfohlen'],
      ['es', 'Mi hermano es abogado y le encantan vuestras camisas'],
      ['it', 'A causa del ritardo vorrei sapere quando arriva'],
      ['it', 'Qual è la vostra sede legale per la fattura?'],
    ],
  );
});

describe('billing_dispute', () => {
  expectReason(
    'billing_dispute',
    [
      ['en', 'I was charged twice for the same order'],
      ['en', 'I cancelled last month but you still charged me'],
      ['en', 'There is an unauthorized payment on my card'],
      ['en', "I still haven't received my refund for order 1234"],
      ['fr', 'Vous m’avez débité deux fois'],
      ['fr', "J'ai résilié mais vous continuez à me prélever"],
      ['de', 'Mir wurde der Betrag doppelt abgebucht'],
      ['de', 'Trotz Kündigung wurde mein Konto belastet'],
      ['es', 'Me han cobrado dos veces'],
      ['es', 'Hay un cargo no autorizado en mi tarjeta'],
      ['it', 'Mi avete addebitato due volte'],
      ['it', "C'è un addebito non autorizzato sulla mia carta"],
    ],
    [
      ['en', 'How long do refunds take?'],
      ['en', 'What payment methods do you accept?'],
      ['en', 'I ordered the wrong size, can I exchange it?'],
      ['en', 'Will I be charged for express shipping?'],
      ['fr', 'Combien de temps pour être remboursé ?'],
      ['fr', 'Un code promo est-il remboursé en argent ?'],
      ['de', 'Wie lange dauert eine Rückerstattung?'],
      ['es', '¿Cuánto tarda el reembolso?'],
      ['es', '¿Se puede pagar contra reembolso?'],
      ['it', 'Quanto tempo ci vuole per il rimborso?'],
    ],
  );

  it('needs the money word and the dispute word close together', () => {
    const text =
      'I paid for my order on Monday and the parcel came on Friday, a nice surprise, but two of the three shirts are the wrong colour and I never ordered that.';
    // The window is a table option: read by the tables alone (the classifier has no window).
    const tablesOnly = { classifier: null };
    expect(reasonsOf(text, 'en', {}, { ...tablesOnly, billingWindowWords: 30 })).toContain(
      'billing_dispute',
    );
    expect(reasonsOf(text, 'en', {}, { ...tablesOnly, billingWindowWords: 5 })).not.toContain(
      'billing_dispute',
    );
  });
});

describe('negative_sentiment', () => {
  expectReason(
    'negative_sentiment',
    [
      ['en', 'This is ridiculous'],
      ['en', 'WHERE IS MY ORDER I HAVE BEEN WAITING FOR WEEKS'],
      ['en', 'I have been waiting for two weeks!!!'],
      ['en', 'worst shop ever'],
      ['en', 'Oh great, still no parcel. Well done.'],
      ['fr', "C'est inadmissible"],
      ['fr', "J'en ai ras le bol"],
      ['de', 'Das ist eine Unverschämtheit'],
      ['de', 'Es reicht mir jetzt'],
      ['es', 'Estoy harta de esperar'],
      ['es', 'Es inaceptable'],
      ['it', 'Che vergogna'],
      ['it', 'Sono stufo di aspettare'],
    ],
    [
      ['en', 'Thank you so much!!!'],
      ['en', "I'm a bit disappointed the colour is lighter than on the photo, can I exchange it?"],
      ['en', 'Worst case, can I return it after 30 days?'],
      ['en', 'I hate to bother you, but where is my parcel?'],
      ['en', 'My order number is DE-4432 and my VAT ID is ATU12345678'],
      ['fr', 'Au pire, je peux le renvoyer ?'],
      ['fr', 'Merci beaucoup !!!'],
      ['fr', 'Je ne trouve le bouton nulle part'],
      ['de', 'Kein Problem, nicht so schlimm'],
      ['es', 'Perdone la molestia, ¿dónde está mi pedido?'],
      ['it', 'Basta cliccare su reso?'],
    ],
  );
});

describe('complex_request', () => {
  expectReason(
    'complex_request',
    [
      ['en', 'How do I reset my password? Also, do you ship to Canada?'],
      [
        'en',
        'I ordered a coat last week and first the site said it was out of stock, then I got a confirmation anyway, after that the parcel went to my old flat, so I asked the courier to send it back and now nobody can tell me where it is or what happens next.',
      ],
      ['fr', 'Comment changer mon mot de passe ? Et livrez-vous en Belgique ?'],
      ['de', 'Ich möchte meine Rechnung herunterladen und außerdem meinen Gutscheincode einlösen.'],
      ['es', '¿Cómo sigo mi pedido? Y también, ¿puedo pagar con PayPal?'],
      ['it', 'Come faccio un reso? E inoltre posso avere la fattura?'],
    ],
    [
      // One question that names two topics is still one question.
      ['en', 'Can I pay for express shipping with PayPal?'],
      ['en', 'Who pays for return shipping?'],
      ['fr', 'Puis-je payer la livraison express avec PayPal ?'],
      ['de', 'Kann ich auf Rechnung bezahlen?'],
      ['es', '¿Quién paga el envío de la devolución?'],
      ['it', 'Quanto costa la spedizione del reso?'],
    ],
  );

  it('calls a long message complex whatever it says, at the configured length', () => {
    const text = Array.from({ length: 12 }, () => 'the parcel is late again').join(' and ');
    expect(reasonsOf(text, 'en', {}, { longMessageWords: 50 })).toContain('complex_request');
    expect(reasonsOf(text, 'en', {}, { longMessageWords: 500 })).not.toContain('complex_request');
  });
});

describe('low_retrieval', () => {
  it('fires when no passage cleared the relevance threshold', () => {
    const decision = routeTurn(
      signals('How long does delivery take?', 'en', {
        retrieval: { topScore: 0.1, relevantCount: 0 },
      }),
    );
    expect(decision).toEqual({ tier: 'large', reasons: ['low_retrieval'] });
  });

  it('does not fire when the knowledge base has an answer', () => {
    expect(reasonsOf('How long does delivery take?', 'en')).toEqual([]);
  });

  it('takes the minimum from the options', () => {
    const twoPassages = { retrieval: { topScore: 0.6, relevantCount: 2 } };
    expect(
      reasonsOf('How long does delivery take?', 'en', twoPassages, { minRelevantPassages: 3 }),
    ).toEqual(['low_retrieval']);
  });
});

describe('repeated_question', () => {
  it('fires when the customer asks again what they asked before', () => {
    const history = { previousUserMessages: ['How do I reset my password?'] };
    expect(
      reasonsOf("still doesn't work, again: how do I reset my password", 'en', history),
    ).toContain('repeated_question');
    expect(reasonsOf('how can i reset the password', 'en', history)).toContain('repeated_question');
  });

  it('does not fire on a follow-up about the same topic', () => {
    const history = { previousUserMessages: ['How do I reset my password?'] };
    expect(
      reasonsOf("I reset my password but now I can't log in with my new email", 'en', history),
    ).not.toContain('repeated_question');
    expect(reasonsOf('Do you ship to Canada?', 'en', history)).not.toContain('repeated_question');
  });

  it('fires when the customer, saying "again", asks what the bot just answered', () => {
    const answer =
      'To reset your password, open the login page, click "Forgot password" and follow the link we email you.';
    expect(
      reasonsOf('again, how do I reset the password??', 'en', { previousAssistantAnswer: answer }),
    ).toContain('repeated_question');
    expect(
      reasonsOf('how do I reset the password', 'en', { previousAssistantAnswer: answer }),
    ).not.toContain('repeated_question');
  });

  it.each([
    ['fr', 'Comment suivre mon colis ?', 'je redemande : comment suivre le colis ?'],
    ['de', 'Wie setze ich mein Passwort zurück?', 'Nochmal: wie setze ich das Passwort zurück?'],
    ['es', '¿Cómo restablezco mi contraseña?', 'Otra vez, ¿cómo restablezco la contraseña?'],
    ['it', 'Come reimposto la password?', 'Di nuovo: come reimposto la password?'],
  ] as const)('[%s] fires on a repeat', (language, earlier, now) => {
    expect(reasonsOf(now, language, { previousUserMessages: [earlier] })).toContain(
      'repeated_question',
    );
  });

  it('looks back only as far as configured', () => {
    const history = {
      previousUserMessages: [
        'How do I reset my password?',
        'Do you ship to Canada?',
        'Which cards do you take?',
      ],
    };
    const text = 'how do i reset my password';
    expect(reasonsOf(text, 'en', history, { repeatLookback: 3 })).toContain('repeated_question');
    expect(reasonsOf(text, 'en', history, { repeatLookback: 2 })).not.toContain(
      'repeated_question',
    );
  });
});

describe('tier and reason order', () => {
  it('is small when nothing fired', () => {
    expect(routeTurn(signals('What is your returns policy?', 'en'))).toEqual({
      tier: 'small',
      reasons: [],
    });
  });

  it('takes the highest tier of the reasons and lists every reason in REASON_CODES order', () => {
    const decision = routeTurn(
      signals('You charged me twice, this is a disgrace, my lawyer will call you', 'en', {
        retrieval: { topScore: 0.2, relevantCount: 0 },
      }),
    );
    expect(decision.tier).toBe('human');
    expect(decision.reasons).toEqual(['legal_threat', 'billing_dispute', 'negative_sentiment']);
  });

  it('reports low_retrieval only when no other reason explains the turn', () => {
    const nothingFound = { retrieval: { topScore: 0.1, relevantCount: 0 } };
    expect(routeTurn(signals('Can I pay with a goat?', 'en', nothingFound)).reasons).toEqual([
      'low_retrieval',
    ]);
    expect(
      routeTurn(signals('I want to talk to a real person', 'en', nothingFound)).reasons,
    ).toEqual(['human_requested']);
  });

  it('puts a large reason above small and a human reason above large', () => {
    expect(tierOf([])).toBe('small');
    expect(tierOf(['repeated_question'])).toBe('large');
    expect(tierOf(['low_retrieval', 'model_unavailable'])).toBe('human');
  });

  it('orders and dedupes reasons merged later by the pipeline', () => {
    expect(orderReasons(['model_uncertain', 'human_requested', 'model_uncertain'])).toEqual([
      'human_requested',
      'model_uncertain',
    ]);
    expect(orderReasons([...REASON_CODES].reverse())).toEqual([...REASON_CODES]);
  });
});

describe('createRouter', () => {
  // The options below steer the lexicon tables; `classifier: null` reads them alone, since the
  // classifier reads every language's words whatever the options say.
  const tablesOnly = { classifier: null };

  it('reads English cues in another language by default, and not when told so', () => {
    const text = 'Je vais appeler my lawyer';
    expect(createRouter(tablesOnly).route(signals(text, 'fr')).reasons).toContain('legal_threat');
    expect(
      createRouter({ ...tablesOnly, crossLanguage: 'none' }).route(signals(text, 'fr')).reasons,
    ).not.toContain('legal_threat');
  });

  it('reads every language with crossLanguage "all" (robust to a wrong language guess)', () => {
    const text = 'Ich will mit einem Menschen sprechen';
    expect(createRouter(tablesOnly).route(signals(text, 'it')).reasons).not.toContain(
      'human_requested',
    );
    expect(
      createRouter({ ...tablesOnly, crossLanguage: 'all' }).route(signals(text, 'it')).reasons,
    ).toContain('human_requested');
    // The shipped classifier reads the words whatever language was guessed.
    expect(createRouter().route(signals(text, 'it')).reasons).toContain('human_requested');
  });

  it('explains each reason with the words that fired it', () => {
    const explained = createRouter().explain(signals('Vous m’avez prélevé deux fois !', 'fr'));
    expect(explained.reasons).toEqual(['billing_dispute']);
    expect(explained.evidence).toEqual([
      { reason: 'billing_dispute', detail: 'preleve deux fois', language: 'fr' },
    ]);
  });

  it('uses a lexicon given in the options instead of the built-in one', async () => {
    const { LEXICON_EN } = await import('../../../src/core/routing/lexicon/lexicon-en.js');
    const { patterns } = await import('../../../src/core/routing/routing-lexicon.js');
    const custom = { ...LEXICON_EN, humanRequested: { match: patterns('beam me up') } };
    const router = createRouter({ ...tablesOnly, lexicons: { en: custom } });
    expect(router.route(signals('beam me up', 'en')).reasons).toEqual(['human_requested']);
    expect(router.route(signals('Can I talk to a human?', 'en')).reasons).toEqual([]);
  });
});
