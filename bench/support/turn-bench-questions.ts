import { readFileSync } from 'node:fs';
import type { Language } from '../../src/core/language/language.js';
import { SUPPORTED_LANGUAGES } from '../../src/core/language/language.js';
import { isStopWord } from '../../src/core/language/stop-words.js';
import { questionSets } from '../local-retriever-questions.js';

/*
 * The customer messages of `npm run bench:turn`: every message of the shared routing development
 * set, every question of the retriever bench (on- and off-topic), and the ones below, written for
 * this bench: more FAQ phrasings plus the disputes, complaints and requests for a person that real
 * support traffic also carries. Popularity is Zipf-like (see createQuestionMix).
 */
const MORE_QUESTIONS: Record<Language, string[]> = {
  en: [
    'How long does shipping to France take?',
    'Do you deliver on Saturdays?',
    'What does express delivery cost?',
    'Can I change my delivery address after ordering?',
    'My tracking link says nothing, where is my order?',
    'The parcel shows delivered but I never got it',
    'How many days do I have to return something?',
    'Do I have to pay for the return label?',
    'How long does a refund take to show up on my card?',
    'Can I swap these trainers for a half size up?',
    'Is it possible to exchange a gift?',
    'Do you accept Klarna?',
    'Can I pay by bank transfer?',
    'Why was my card declined at checkout?',
    "I can't log in even after resetting my password",
    'How do I change the email address on my account?',
    'What is included in the premium plan?',
    'Can I pause my subscription for a month?',
    'How do I add my VAT number to an invoice?',
    'Where can I download invoices for past orders?',
    'When does the summer discount code expire?',
    'Can I combine a discount code with the sale prices?',
    'How can I delete my customer account?',
    'Are you open on Sundays?',
    'You charged me after I cancelled my subscription, refund it now.',
    'I was billed 89 euros but the price on the site was 59.',
    'This is the worst shop ever, nobody answers my emails!',
    'Please put me through to a human agent.',
    'I want to return the shoes and also change my password and my invoice address.',
    'My order is late again and I am really angry about it',
  ],
  fr: [
    'Livrez-vous en Belgique ?',
    'Combien de temps pour une livraison en Suisse ?',
    'Puis-je changer mon adresse de livraison ?',
    'Mon colis est marqué livré mais je ne l’ai pas reçu',
    'Le suivi de ma commande ne bouge plus depuis trois jours',
    'Le retour est-il gratuit ?',
    'Combien de temps prend le remboursement ?',
    'Je voudrais échanger ma robe contre une taille M',
    'Acceptez-vous la carte American Express ?',
    'Peut-on payer en trois fois sans frais ?',
    'Ma carte a été refusée, pourquoi ?',
    'Je ne reçois pas l’e-mail de réinitialisation',
    'Comment changer mon adresse e-mail ?',
    'Que comprend l’abonnement premium ?',
    'Puis-je mettre mon abonnement en pause ?',
    'Où télécharger mes anciennes factures ?',
    'Comment ajouter mon numéro de TVA intracommunautaire ?',
    'Jusqu’à quand mon code promo est-il valable ?',
    'Peut-on cumuler deux codes promo ?',
    'Comment supprimer définitivement mon compte ?',
    'Êtes-vous joignables le samedi ?',
    'Vous m’avez facturé après la résiliation de mon abonnement, remboursez-moi.',
    'On m’a débité 45 euros au lieu de 30, c’est une erreur.',
    'C’est inadmissible, personne ne répond à mes messages !',
    'Je veux parler à quelqu’un de votre équipe.',
    'Je voudrais retourner un article, changer de mot de passe et recevoir ma facture.',
    'Où est mon colis ?',
    'Comment faire un retour ?',
    'Quels moyens de paiement acceptez-vous ?',
    'Comment contacter le service client ?',
  ],
  de: [
    'Liefert ihr in die Schweiz?',
    'Wie teuer ist der Versand?',
    'Kann ich die Lieferadresse noch ändern?',
    'Die Sendungsverfolgung zeigt seit Tagen nichts Neues',
    'Paket als zugestellt markiert, aber nicht angekommen',
    'Ist die Rücksendung kostenlos?',
    'Wie lange dauert die Rückerstattung?',
    'Kann ich das Kleid gegen Größe M tauschen?',
    'Kann ich mit PayPal bezahlen?',
    'Bietet ihr Ratenzahlung an?',
    'Warum wurde meine Karte abgelehnt?',
    'Ich bekomme keine E-Mail zum Zurücksetzen des Passworts',
    'Wie ändere ich meine E-Mail-Adresse?',
    'Was ist im Premium-Abo enthalten?',
    'Kann ich mein Abo pausieren?',
    'Wo kann ich alte Rechnungen herunterladen?',
    'Wie füge ich meine Umsatzsteuer-ID hinzu?',
    'Wie lange ist mein Gutscheincode gültig?',
    'Kann ich zwei Rabattcodes kombinieren?',
    'Wie kann ich mein Kundenkonto löschen?',
    'Seid ihr am Samstag erreichbar?',
    'Ihr habt nach meiner Kündigung noch abgebucht, ich will das Geld zurück.',
    'Mir wurden 80 Euro berechnet statt 50, das ist falsch.',
    'Unverschämt, seit einer Woche antwortet niemand!',
    'Ich will mit einem Mitarbeiter reden.',
    'Ich möchte einen Artikel zurückgeben, mein Passwort ändern und eine Rechnung bekommen.',
    'Wo ist meine Bestellung?',
    'Wie funktioniert die Rücksendung?',
    'Welche Versandarten gibt es?',
    'Wie erreiche ich den Kundenservice?',
  ],
  es: [
    '¿Hacen envíos a Portugal?',
    '¿Cuánto cuesta el envío a Canarias?',
    '¿Puedo cambiar la dirección de entrega?',
    'El seguimiento no se actualiza desde hace días',
    'Figura como entregado pero no lo he recibido',
    '¿La devolución es gratuita?',
    '¿Cuánto tarda el reembolso en llegar?',
    '¿Puedo cambiar el vestido por una talla M?',
    '¿Aceptan PayPal?',
    '¿Se puede pagar a plazos?',
    '¿Por qué rechazaron mi tarjeta?',
    'No me llega el correo para restablecer la contraseña',
    '¿Cómo cambio mi correo electrónico?',
    '¿Qué incluye la suscripción premium?',
    '¿Puedo pausar mi suscripción?',
    '¿Dónde descargo mis facturas anteriores?',
    '¿Cómo añado mi NIF a la factura?',
    '¿Hasta cuándo es válido mi código de descuento?',
    '¿Puedo usar dos códigos de descuento?',
    '¿Cómo borro mi cuenta?',
    '¿Atienden los sábados?',
    'Me cobraron después de cancelar la suscripción, quiero el reembolso.',
    'Me han cobrado 70 euros en vez de 40, es un error.',
    '¡Es una vergüenza, nadie contesta mis correos!',
    'Quiero hablar con un agente humano.',
    'Quiero devolver un artículo, cambiar mi contraseña y pedir una factura.',
    '¿Dónde está mi paquete?',
    '¿Cómo hago una devolución?',
    '¿Qué formas de envío tienen?',
    '¿Cómo contacto con atención al cliente?',
  ],
  it: [
    'Spedite in Svizzera?',
    'Quanto costa la spedizione in Sardegna?',
    "Posso cambiare l'indirizzo di consegna?",
    'Il tracciamento non si aggiorna da giorni',
    'Risulta consegnato ma non ho ricevuto nulla',
    'Il reso è gratuito?',
    'Quanto tempo ci vuole per il rimborso?',
    'Posso cambiare il vestito con una taglia M?',
    'Accettate PayPal?',
    'Si può pagare a rate?',
    'Perché la mia carta è stata rifiutata?',
    "Non ricevo l'email per reimpostare la password",
    "Come cambio l'indirizzo email?",
    "Cosa include l'abbonamento premium?",
    "Posso sospendere l'abbonamento?",
    'Dove scarico le fatture precedenti?',
    'Come aggiungo la partita IVA alla fattura?',
    'Fino a quando è valido il mio codice sconto?',
    'Posso usare due codici sconto insieme?',
    'Come elimino il mio account?',
    'Siete disponibili il sabato?',
    "Mi avete addebitato dopo la disdetta dell'abbonamento, voglio il rimborso.",
    'Mi avete fatto pagare 60 euro invece di 35, è un errore.',
    'Vergognoso, nessuno risponde alle mie email!',
    'Voglio parlare con una persona vera.',
    'Vorrei restituire un articolo, cambiare la password e avere la fattura.',
    "Dov'è il mio ordine?",
    'Come faccio un reso?',
    'Quali sono i tempi di consegna?',
    'Come contatto il servizio clienti?',
  ],
};

/*
 * Greetings and courtesy words (all stop words of the retriever) that customers put around the
 * same question: they make a message unique for the cold-cache row without changing what the
 * knowledge base finds for it. Checked at startup against the stop-word lists.
 */
const SCAFFOLDING: Record<
  Language,
  { openers: string[]; connectors: string[]; closers: string[] }
> = {
  en: {
    openers: ['', 'Hi, ', 'Hello, ', 'Hey, ', 'Hi there, ', 'Hello there, '],
    connectors: ['', 'so ', 'please, '],
    closers: ['', ' Thanks.', ' Thank you.', ' Please help.', ' Thanks so much.'],
  },
  fr: {
    openers: ['', 'Bonjour, ', 'Bonsoir, ', 'Bonjour à vous, ', 'Alors, ', 'Bonsoir à vous, '],
    connectors: ['', 'alors ', 'svp, '],
    closers: ['', ' Merci.', ' Merci bien.', ' Svp.', ' Merci à vous.'],
  },
  de: {
    openers: ['', 'Hallo, ', 'Hallo ihr, ', 'Ja, ', 'Ja hallo, ', 'Hallo ihr da, '],
    connectors: ['', 'also ', 'bitte, '],
    closers: ['', ' Danke.', ' Bitte.', ' Danke euch.', ' Danke, gerne.'],
  },
  es: {
    openers: ['', 'Hola, ', 'Buenas, ', 'Hola, buenas, ', 'Buenas, hola, ', 'Hola a todos, '],
    connectors: ['', 'por favor, ', 'sí, '],
    closers: ['', ' Gracias.', ' Por favor.', ' Gracias, por favor.', ' Gracias a todos.'],
  },
  it: {
    openers: ['', 'Ciao, ', 'Buongiorno, ', 'Buonasera, ', 'Ciao a voi, ', 'Buongiorno a voi, '],
    connectors: ['', 'per favore, ', 'sì, '],
    closers: ['', ' Grazie.', ' Per favore.', ' Grazie a voi.', ' Grazie, ciao.'],
  },
};

export interface BenchQuestion {
  language: Language;
  text: string;
  /** Not about the shop at all ("write me a poem"): rare in a support widget. */
  offTopic?: boolean;
}

function routingDevSet(): BenchQuestion[] {
  const url = new URL('../../test/fixtures/routing/routing-dev.jsonl', import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { lang: Language; text: string })
    .map(({ lang, text }) => ({ language: lang, text }));
}

/** Every distinct (language, text) of the three sources. */
export function benchQuestions(): BenchQuestion[] {
  const all: BenchQuestion[] = [
    ...routingDevSet(),
    ...questionSets.flatMap(([, questions]) =>
      questions.map(({ language, text, topic }) => ({ language, text, offTopic: topic === null })),
    ),
    ...SUPPORTED_LANGUAGES.flatMap((language) =>
      MORE_QUESTIONS[language].map((text) => ({ language, text })),
    ),
  ];
  const seen = new Set<string>();
  return all.filter((question) => {
    const key = `${question.language}\u0000${question.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A small seeded generator (mulberry32): the same plan on every run and machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export interface QuestionMix {
  /** Distinct questions in the pool. */
  readonly distinct: number;
  /** The text of turn `turn` (0-based) of conversation `conversation`; deterministic. */
  messageFor(conversation: number, turn: number): string;
}

/**
 * Who asks what. Popularity follows Zipf's law (weight 1/rank^exponent, exponent 1 by default) over
 * a seeded shuffle of the pool, off-topic chat last. A conversation keeps the
 * language of its first question, and its customer does not ask the same question twice (that
 * would be `repeated_question`, a different turn). With `unique`, every message gets its own
 * combination of greetings and courtesy words, so no cache keyed on the text can help.
 */
export function createQuestionMix(
  options: { seed?: number; exponent?: number; unique?: boolean } = {},
): QuestionMix {
  const random = seededRandom(options.seed ?? 20_251_125);
  const shuffled = benchQuestions();
  for (let index = shuffled.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
  }
  // Off-topic chat takes the least popular ranks; FAQ, disputes, complaints and requests for a
  // person share the others at random.
  const pool = [
    ...shuffled.filter((question) => !question.offTopic),
    ...shuffled.filter((question) => question.offTopic),
  ];
  const exponent = options.exponent ?? 1;
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= pool.length; rank += 1) {
    total += 1 / rank ** exponent;
    cumulative.push(total);
  }
  const draw = (): number => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };

  const plans: number[][] = [];
  const planOf = (conversation: number, turns: number): number[] => {
    for (let index = plans.length; index <= conversation; index += 1) plans.push([]);
    const plan = plans[conversation]!;
    while (plan.length < turns) {
      const language = plan.length === 0 ? undefined : pool[plan[0]!]!.language;
      for (;;) {
        const candidate = draw();
        if (language !== undefined && pool[candidate]!.language !== language) continue;
        // Past a conversation's distinct questions in its language, repeats are unavoidable.
        if (plan.includes(candidate) && plan.length < 40) continue;
        plan.push(candidate);
        break;
      }
    }
    return plan;
  };

  for (const language of SUPPORTED_LANGUAGES) {
    const { openers, connectors, closers } = SCAFFOLDING[language];
    for (const phrase of [...openers, ...connectors, ...closers]) {
      for (const word of phrase.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
        if (!isStopWord(word, language))
          throw new Error(
            `bench scaffolding "${phrase}" (${language}): "${word}" is not a stop word`,
          );
      }
    }
  }
  const variantsUsed = new Map<number, number>();
  // Unique after normalization too (case, punctuation and spacing are what caches ignore).
  const textsGiven = new Set<string>();
  const normalized = (text: string) =>
    text
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.join(' ') ?? '';
  // A variant is an opener, a connector and up to two different closers ("Thanks. Please help."):
  // about 80,000 distinct messages over the pool, a minute of the cold-cache row.
  const variantText = (question: BenchQuestion, variant: number): string | undefined => {
    const { openers, connectors, closers } = SCAFFOLDING[question.language];
    const opener = openers[variant % openers.length]!;
    const connector = connectors[Math.floor(variant / openers.length) % connectors.length]!;
    const closer =
      closers[Math.floor(variant / (openers.length * connectors.length)) % closers.length]!;
    const secondCloser =
      closers[Math.floor(variant / (openers.length * connectors.length * closers.length))]!;
    // "Thanks. Thanks." is not how anyone writes.
    if (secondCloser !== '' && secondCloser === closer) return undefined;
    const body =
      opener === '' && connector === ''
        ? question.text
        : `${connector}${question.text.charAt(0).toLowerCase()}${question.text.slice(1)}`;
    return `${opener}${opener === '' ? body.charAt(0).toUpperCase() + body.slice(1) : body}${closer}${secondCloser}`;
  };
  const uniqueText = (questionIndex: number): string => {
    const question = pool[questionIndex]!;
    const { openers, connectors, closers } = SCAFFOLDING[question.language];
    const combinations = openers.length * connectors.length * closers.length * closers.length;
    // Two combinations can spell the same text: "Hallo, " + "also " and an opener "Hallo, also ".
    for (let variant = variantsUsed.get(questionIndex) ?? 0; variant < combinations; variant += 1) {
      const text = variantText(question, variant);
      if (text === undefined || textsGiven.has(normalized(text))) continue;
      variantsUsed.set(questionIndex, variant + 1);
      textsGiven.add(normalized(text));
      return text;
    }
    throw new Error(
      `bench: more than ${combinations} unique variants of "${question.text}" needed: lower --duration or --rounds`,
    );
  };

  return {
    distinct: pool.length,
    messageFor(conversation, turn) {
      const questionIndex = planOf(conversation, turn + 1)[turn]!;
      return options.unique ? uniqueText(questionIndex) : pool[questionIndex]!.text;
    },
  };
}
