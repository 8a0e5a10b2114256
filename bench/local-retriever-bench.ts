/*
 * Compares full-text engines for the local retriever on a knowledge base and calibrates its
 * relevance threshold. Usage:
 *   npx tsx bench/local-retriever-bench.ts [kbDir=kb]
 * Prints, per engine: top-1 topic accuracy (any language / customer's language), share of
 * on-topic questions judged relevant, share of off-topic questions judged relevant (lower is
 * better), index build time and mean query time; then a threshold sweep for the default engine.
 * ENGINE=minisearch or ENGINE=orama runs one engine only. VERBOSE=1 also prints the top three passages of every question for the default engine.
 */
import { performance } from 'node:perf_hooks';
import { create, insertMultiple, search } from '@orama/orama';
import type { Language } from '../src/core/language/language.js';
import { loadKnowledgeBase } from '../src/core/retrieval/knowledge-base-loader.js';
import type { KnowledgeBase } from '../src/core/retrieval/knowledge-base-loader.js';
import { createLocalRetriever } from '../src/core/retrieval/local-retriever.js';
import { createMiniSearchIndex, FIELD_BOOSTS } from '../src/core/retrieval/local-search-index.js';
import type { CreateLocalSearchIndex } from '../src/core/retrieval/local-search-index.js';
import { STOP_WORDS } from '../src/core/retrieval/local-stop-words.js';
import { stemmer as stemGerman } from '@orama/stemmers/german';
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemSpanish } from '@orama/stemmers/spanish';
import { stemmer as stemFrench } from '@orama/stemmers/french';
import { stemmer as stemItalian } from '@orama/stemmers/italian';

type Question = { language: Language; text: string; topic: string | null };

const onTopic: Record<Language, Array<[string, string]>> = {
  en: [
    ['How long does standard delivery take?', 'shipping'],
    ['Do you ship to Switzerland?', 'shipping'],
    ['How much is express shipping?', 'shipping'],
    ['Where is my parcel? I want to track my order.', 'order-tracking'],
    ['What is your return policy?', 'returns-refunds'],
    ['When will I get my refund?', 'returns-refunds'],
    ['Can I exchange shoes for a bigger size?', 'exchanges'],
    ['Which payment methods do you accept?', 'payment-methods'],
    ['Can I pay in installments?', 'payment-methods'],
    ['How do I reset my password?', 'password-login'],
    ["I forgot my password and can't log in", 'password-login'],
    ['How do I cancel my subscription?', 'subscriptions'],
    ['How can I get an invoice with my VAT number?', 'invoices-vat'],
    ["My discount code doesn't work", 'discount-codes'],
    ['Please delete my account and personal data', 'account-deletion'],
    ['What are your customer service opening hours?', 'contact-hours'],
  ],
  fr: [
    ['Quels sont les délais de livraison en France ?', 'shipping'],
    ['Combien coûte la livraison express ?', 'shipping'],
    ['Où en est ma commande ? Je voudrais suivre mon colis.', 'order-tracking'],
    ['Comment retourner un article ?', 'returns-refunds'],
    ['Quand serai-je remboursé ?', 'returns-refunds'],
    ['Puis-je échanger un pull contre une autre taille ?', 'exchanges'],
    ['Est-ce que je peux payer avec PayPal ?', 'payment-methods'],
    ['Comment réinitialiser mon mot de passe ?', 'password-login'],
    ['Comment résilier mon abonnement ?', 'subscriptions'],
    ['Comment obtenir une facture avec mon numéro de TVA ?', 'invoices-vat'],
    ['Mon code promo ne fonctionne pas', 'discount-codes'],
    ['Je veux supprimer mon compte et mes données personnelles', 'account-deletion'],
    ["Quels sont vos horaires d'assistance ?", 'contact-hours'],
  ],
  de: [
    ['Wie lange dauert der Standardversand nach Deutschland?', 'shipping'],
    ['Was kostet der Expressversand?', 'shipping'],
    ['Wo ist mein Paket? Ich möchte meine Bestellung verfolgen.', 'order-tracking'],
    ['Wie kann ich einen Artikel zurückschicken?', 'returns-refunds'],
    ['Wann bekomme ich mein Geld zurück?', 'returns-refunds'],
    ['Kann ich Schuhe in einer anderen Größe umtauschen?', 'exchanges'],
    ['Welche Zahlungsmethoden akzeptieren Sie?', 'payment-methods'],
    ['Wie setze ich mein Passwort zurück?', 'password-login'],
    ['Wie kündige ich mein Abo?', 'subscriptions'],
    ['Ich brauche eine Rechnung mit meiner USt-IdNr.', 'invoices-vat'],
    ['Mein Rabattcode funktioniert nicht', 'discount-codes'],
    ['Wie lösche ich mein Konto und meine Daten?', 'account-deletion'],
    ['Wann ist der Kundenservice erreichbar?', 'contact-hours'],
  ],
  es: [
    ['¿Cuánto tarda el envío estándar?', 'shipping'],
    ['¿Cuánto cuesta el envío exprés?', 'shipping'],
    ['¿Cómo puedo seguir mi pedido?', 'order-tracking'],
    ['¿Cuál es su política de devoluciones?', 'returns-refunds'],
    ['¿Cuándo recibiré el reembolso?', 'returns-refunds'],
    ['¿Puedo cambiar unas zapatillas por otra talla?', 'exchanges'],
    ['¿Qué métodos de pago aceptan?', 'payment-methods'],
    ['¿Cómo restablezco mi contraseña?', 'password-login'],
    ['¿Cómo cancelo mi suscripción?', 'subscriptions'],
    ['Necesito una factura con mi NIF', 'invoices-vat'],
    ['Mi código de descuento no funciona', 'discount-codes'],
    ['Quiero eliminar mi cuenta y mis datos personales', 'account-deletion'],
    ['¿Cuál es el horario de atención al cliente?', 'contact-hours'],
  ],
  it: [
    ['Quanto tempo ci vuole per la spedizione standard?', 'shipping'],
    ['Quanto costa la spedizione express?', 'shipping'],
    ["Dov'è il mio pacco? Vorrei tracciare l'ordine.", 'order-tracking'],
    ['Come posso restituire un articolo?', 'returns-refunds'],
    ['Quando riceverò il rimborso?', 'returns-refunds'],
    ['Posso cambiare le scarpe con una taglia diversa?', 'exchanges'],
    ['Quali metodi di pagamento accettate?', 'payment-methods'],
    ['Come reimposto la password?', 'password-login'],
    ["Come posso annullare l'abbonamento?", 'subscriptions'],
    ['Come ottengo una fattura con la partita IVA?', 'invoices-vat'],
    ['Il mio codice sconto non funziona', 'discount-codes'],
    ['Voglio cancellare il mio account e i miei dati personali', 'account-deletion'],
    ['Quali sono gli orari del servizio clienti?', 'contact-hours'],
  ],
};

const offTopic: Record<Language, string[]> = {
  en: [
    "What's the weather in Paris?",
    'Can you write me a poem?',
    'Who won the football match yesterday?',
    'What is the capital of Australia?',
    'Tell me a joke about cats',
  ],
  fr: [
    'Quel temps fait-il à Paris ?',
    "Peux-tu m'écrire un poème ?",
    'Qui a gagné le match de foot hier ?',
    "Quelle est la capitale de l'Australie ?",
    'Raconte-moi une blague sur les chats',
  ],
  de: [
    'Wie ist das Wetter in Berlin?',
    'Kannst du mir ein Gedicht schreiben?',
    'Wer hat gestern das Fußballspiel gewonnen?',
    'Was ist die Hauptstadt von Australien?',
    'Erzähl mir einen Witz über Katzen',
  ],
  es: [
    '¿Qué tiempo hace en Madrid?',
    '¿Puedes escribirme un poema?',
    '¿Quién ganó el partido de fútbol ayer?',
    '¿Cuál es la capital de Australia?',
    'Cuéntame un chiste de gatos',
  ],
  it: [
    'Che tempo fa a Roma?',
    'Puoi scrivermi una poesia?',
    'Chi ha vinto la partita di calcio ieri?',
    "Qual è la capitale dell'Australia?",
    'Raccontami una barzelletta sui gatti',
  ],
};

/*
 * Written after the first tuning round and not tuned on: paraphrases, missing accents, synonyms
 * that the articles may not use. Reported separately so that the numbers above stay honest.
 */
const heldOutOnTopic: Record<Language, Array<[string, string]>> = {
  en: [
    ['Is shipping free above a certain amount?', 'shipping'],
    ["my package hasn't arrived yet, it's been a week", 'order-tracking'],
    ['who pays for return postage', 'returns-refunds'],
    ['The jacket is too small, can I swap it for a large?', 'exchanges'],
    ['do you take apple pay', 'payment-methods'],
    ['I never received the password reset email', 'password-login'],
    ['how much does the club membership cost per year', 'subscriptions'],
    ['I need a receipt for my company', 'invoices-vat'],
    ['can I use two promo codes on one order', 'discount-codes'],
    ['how do I close my account', 'account-deletion'],
    ['can I call you on the phone?', 'contact-hours'],
  ],
  fr: [
    ['La livraison est-elle gratuite ?', 'shipping'],
    ["mon colis n'est toujours pas arrivé", 'order-tracking'],
    ['combien de jours ai-je pour renvoyer un produit', 'returns-refunds'],
    ['je voudrais une taille plus grande', 'exchanges'],
    ['paiement en plusieurs fois possible ?', 'payment-methods'],
    ["je n'arrive pas a me connecter a mon compte", 'password-login'],
    ['comment arreter mon abonnement', 'subscriptions'],
    ['ou trouver ma facture', 'invoices-vat'],
    ['mon code de reduction est expire', 'discount-codes'],
    ['effacer mes donnees personnelles', 'account-deletion'],
    ['a quelle heure ouvre le service client', 'contact-hours'],
  ],
  de: [
    ['Liefert ihr auch nach Österreich?', 'shipping'],
    ['Meine Sendungsnummer funktioniert nicht', 'order-tracking'],
    ['Wer zahlt die Rücksendung?', 'returns-refunds'],
    ['Kann ich eine andere Farbe bekommen?', 'exchanges'],
    ['Kann ich mit Kreditkarte bezahlen?', 'payment-methods'],
    ['Ich habe mein Passwort vergessen', 'password-login'],
    ['Wie viel kostet die Mitgliedschaft?', 'subscriptions'],
    ['Wo finde ich meine Rechnung?', 'invoices-vat'],
    ['Gutschein lässt sich nicht einlösen', 'discount-codes'],
    ['Bitte mein Kundenkonto löschen', 'account-deletion'],
    ['Kann ich Sie anrufen?', 'contact-hours'],
  ],
  es: [
    ['¿Hacen envíos a Portugal?', 'shipping'],
    ['mi paquete no ha llegado', 'order-tracking'],
    ['¿Quién paga los gastos de devolución?', 'returns-refunds'],
    ['quiero cambiar el color de mi bolso', 'exchanges'],
    ['¿Puedo pagar a plazos?', 'payment-methods'],
    ['olvidé mi contraseña', 'password-login'],
    ['¿Cuánto cuesta ser socio del club?', 'subscriptions'],
    ['¿Dónde descargo mi factura?', 'invoices-vat'],
    ['¿Puedo usar dos códigos promocionales?', 'discount-codes'],
    ['borrar mi cuenta', 'account-deletion'],
    ['¿Tienen teléfono de atención?', 'contact-hours'],
  ],
  it: [
    ['Spedite anche in Svizzera?', 'shipping'],
    ['il pacco è in ritardo', 'order-tracking'],
    ['entro quanti giorni posso fare un reso', 'returns-refunds'],
    ['vorrei una taglia più piccola', 'exchanges'],
    ['posso pagare con PayPal?', 'payment-methods'],
    ['ho dimenticato la password', 'password-login'],
    ["quanto costa l'abbonamento al club", 'subscriptions'],
    ['dove trovo la fattura del mio ordine', 'invoices-vat'],
    ['il codice promozionale è scaduto', 'discount-codes'],
    ['come cancello il mio profilo', 'account-deletion'],
    ['posso chiamarvi al telefono?', 'contact-hours'],
  ],
};

const heldOutOffTopic: Record<Language, string[]> = {
  en: ['recommend a good restaurant nearby', 'how do I bake bread', 'what time is it in Tokyo'],
  fr: ['recommande-moi un bon restaurant', 'comment faire du pain', 'quelle heure est-il à Tokyo'],
  de: ['Empfiehl mir ein gutes Restaurant', 'Wie backe ich Brot?', 'Wie spät ist es in Tokio?'],
  es: ['recomiéndame un buen restaurante', '¿cómo hago pan?', '¿qué hora es en Tokio?'],
  it: ['consigliami un buon ristorante', 'come si fa il pane?', 'che ore sono a Tokyo?'],
};

function toQuestions(
  onTopicPairs: Record<Language, Array<[string, string]>>,
  offTopicTexts: Record<Language, string[]>,
): Question[] {
  return [
    ...Object.entries(onTopicPairs).flatMap(([language, pairs]) =>
      pairs.map(([text, topic]) => ({ language: language as Language, text, topic })),
    ),
    ...Object.entries(offTopicTexts).flatMap(([language, texts]) =>
      texts.map((text) => ({ language: language as Language, text, topic: null })),
    ),
  ];
}

const questionSets: Array<[string, Question[]]> = [
  ['development set', toQuestions(onTopic, offTopic)],
  ['held-out set', toQuestions(heldOutOnTopic, heldOutOffTopic)],
];

const ORAMA_LANGUAGES = { en: 'english', fr: 'french', de: 'german', es: 'spanish', it: 'italian' } as const;
const ORAMA_STEMMERS = { en: stemEnglish, fr: stemFrench, de: stemGerman, es: stemSpanish, it: stemItalian };

/** Orama 3 fed by our analyzer: isolates the ranking engine from the text analysis. */
const createOramaIndexWithOurAnalyzer: CreateLocalSearchIndex = (documents, analyzer) =>
  createOramaIndex(documents, {
    language: ORAMA_LANGUAGES[analyzer.language],
    normalizationCache: new Map(),
    tokenize: (raw: string) => analyzer.analyze(raw),
  });

/** Orama 3 as its documentation sets it up: its tokenizer, @orama/stemmers, our stop-word lists. */
const createOramaIndexWithItsTokenizer: CreateLocalSearchIndex = (documents, analyzer) =>
  createOramaIndex(documents, {
    language: ORAMA_LANGUAGES[analyzer.language],
    stemming: true,
    stemmer: ORAMA_STEMMERS[analyzer.language],
    stopWords: [...STOP_WORDS[analyzer.language]],
  });

async function createOramaIndex(documents: Parameters<CreateLocalSearchIndex>[0], tokenizer: object) {
  const database = create({
    schema: { id: 'string', articleTitle: 'string', heading: 'string', text: 'string' } as const,
    components: { tokenizer: tokenizer as never },
  });
  await insertMultiple(database, documents);
  return {
    search(query: string, limit: number, options: { fuzzy: boolean }) {
      const results = search(database, {
        term: query,
        properties: ['articleTitle', 'heading', 'text'],
        boost: { ...FIELD_BOOSTS },
        limit,
        threshold: 1,
        // Orama's tolerance is its typo allowance (edit distance), like MiniSearch's fuzzy.
        tolerance: options.fuzzy ? 1 : 0,
      });
      if (results instanceof Promise) throw new Error('Orama search unexpectedly asynchronous');
      return results.hits.map((hit) => ({ id: String(hit.id), score: hit.score }));
    },
  };
}

const allEngines: Array<[string, CreateLocalSearchIndex]> = [
  ['minisearch 7 + our analyzer', createMiniSearchIndex],
  ['orama 3 + our analyzer', createOramaIndexWithOurAnalyzer],
  ['orama 3 + its tokenizer', createOramaIndexWithItsTokenizer],
];
// ENGINE=minisearch (or orama) restricts the run, for quick tuning rounds.
const engines = allEngines.filter(([name]) => !process.env.ENGINE || name.startsWith(process.env.ENGINE));

function topicOf(passageId: string): string {
  return passageId.slice(passageId.indexOf('/') + 1, passageId.indexOf('#'));
}

function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`;
}

async function measure(
  name: string,
  createSearchIndex: CreateLocalSearchIndex,
  knowledgeBase: KnowledgeBase,
  kbDir: string,
  questions: Question[],
) {
  const buildTimes: number[] = [];
  let retriever = await createLocalRetriever({ kbDir, knowledgeBase, createSearchIndex });
  for (let round = 0; round < 5; round += 1) {
    const started = performance.now();
    retriever = await createLocalRetriever({ kbDir, knowledgeBase, createSearchIndex });
    buildTimes.push(performance.now() - started);
  }
  buildTimes.sort((left, right) => left - right);

  let correctAnyLanguage = 0;
  let correctOwnLanguage = 0;
  let onTopicRelevant = 0;
  let offTopicRelevant = 0;
  const onTopicCount = questions.filter((question) => question.topic !== null).length;
  const misses: string[] = [];
  const topScores: Array<{ onTopic: boolean; score: number; question: Question }> = [];
  for (const question of questions) {
    const result = await retriever.retrieve({ text: question.text, language: question.language, limit: 5 });
    const top = result.passages[0];
    if (process.env.VERBOSE && name === engines[0]?.[0]) {
      console.log(`[${question.language}] ${question.text} (${question.topic ?? 'off-topic'})${result.usedLanguageFallback ? ' [fallback]' : ''}`);
      for (const passage of result.passages.slice(0, 3)) console.log(`    ${passage.score} ${passage.id}`);
    }
    topScores.push({ onTopic: question.topic !== null, score: top?.score ?? 0, question });
    if (question.topic === null) {
      if (top?.relevant) {
        offTopicRelevant += 1;
        misses.push(`  off-topic judged relevant: [${question.language}] ${question.text} → ${top.id} ${top.score}`);
      }
      continue;
    }
    if (top?.relevant) onTopicRelevant += 1;
    if (top && topicOf(top.id) === question.topic) {
      correctAnyLanguage += 1;
      if (top.language === question.language) correctOwnLanguage += 1;
    }
    if (!top || topicOf(top.id) !== question.topic || !top.relevant) {
      misses.push(`  [${question.language}] ${question.text} → ${top ? `${top.id} ${top.score}` : 'nothing'} (want ${question.topic})`);
    }
  }

  const repetitions = 50;
  const started = performance.now();
  for (let round = 0; round < repetitions; round += 1) {
    for (const question of questions) await retriever.retrieve({ text: question.text, language: question.language });
  }
  const queryMicros = ((performance.now() - started) * 1000) / (repetitions * questions.length);

  console.log(
    `| ${name} | ${percent(correctAnyLanguage, onTopicCount)} | ${percent(correctOwnLanguage, onTopicCount)} | ` +
      `${percent(onTopicRelevant, onTopicCount)} | ${percent(offTopicRelevant, questions.length - onTopicCount)} | ` +
      `${buildTimes[2]?.toFixed(1)} | ${queryMicros.toFixed(0)} |`,
  );
  return { misses, topScores };
}

const kbDir = process.argv[2] ?? 'kb';
const knowledgeBase = await loadKnowledgeBase(kbDir);
const perLanguage = new Map<string, number>();
for (const passage of knowledgeBase.passages) perLanguage.set(passage.language, (perLanguage.get(passage.language) ?? 0) + 1);
console.log(
  `${kbDir}: ${knowledgeBase.articleCount} articles, ${knowledgeBase.passages.length} passages ` +
    `(${[...perLanguage].map(([language, count]) => `${language} ${count}`).join(', ')}), version ${knowledgeBase.version}`,
);
const reports = [];
for (const [setName, questions] of questionSets) {
  const onTopicCount = questions.filter((question) => question.topic).length;
  console.log(`\n${setName}: ${onTopicCount} on-topic and ${questions.length - onTopicCount} off-topic questions\n`);
  console.log('| engine | top-1 topic | top-1 topic, own language | on-topic relevant | off-topic relevant | index ms (median of 5) | query µs (mean) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, createSearchIndex] of engines) {
    reports.push({ name: `${name}, ${setName}`, ...(await measure(name, createSearchIndex, knowledgeBase, kbDir, questions)) });
  }
}

for (const report of reports) {
  if (report.misses.length === 0) continue;
  console.log(`\n${report.name}: misses`);
  for (const miss of report.misses) console.log(miss);
}

for (const chosen of reports.filter((report) => report.name.startsWith(engines[0]?.[0] ?? ''))) {
  console.log(`\nThreshold sweep (${chosen.name}): on-topic top passage relevant / off-topic top passage relevant`);
  for (const threshold of [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]) {
    const on = chosen.topScores.filter((entry) => entry.onTopic);
    const off = chosen.topScores.filter((entry) => !entry.onTopic);
    console.log(
      `  ${threshold.toFixed(2)}: ${percent(on.filter((entry) => entry.score >= threshold).length, on.length)} / ` +
        `${percent(off.filter((entry) => entry.score >= threshold).length, off.length)}`,
    );
  }
  const lowestOnTopic = chosen.topScores.filter((entry) => entry.onTopic).sort((left, right) => left.score - right.score).slice(0, 5);
  const highestOffTopic = chosen.topScores.filter((entry) => !entry.onTopic).sort((left, right) => right.score - left.score).slice(0, 5);
  console.log('  lowest on-topic:', lowestOnTopic.map((entry) => `${entry.score} ${entry.question.text}`));
  console.log('  highest off-topic:', highestOffTopic.map((entry) => `${entry.score} ${entry.question.text}`));
}
