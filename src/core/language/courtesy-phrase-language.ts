import type { Language } from './language.js';

/**
 * Greetings and thanks that open or close support chats and that n-gram engines get wrong because
 * they are one or two words long: eld reads "merci" as Italian and "hallo" as a coin toss, franc
 * reads "hola" as Italian. Only phrases that belong to one of our five languages are listed;
 * "ok", "si", "no", "super" or "perfect" are shared and left to the detector and the fallbacks.
 * Written from everyday usage, not from the evaluation data.
 */
const PHRASES_BY_LANGUAGE: Readonly<Record<Language, readonly string[]>> = {
  en: [
    'hi',
    'hello',
    'hey',
    'hi there',
    'hello there',
    'good morning',
    'good afternoon',
    'good evening',
    'thanks',
    'thank you',
    'thanks a lot',
    'thank you very much',
    'many thanks',
    'thx',
    'ty',
    'no thanks',
    'no thank you',
    'yes please',
    'bye',
    'goodbye',
    'help',
    'please help',
  ],
  fr: [
    'bonjour',
    'bonsoir',
    'salut',
    'coucou',
    'merci',
    'merci beaucoup',
    'merci bien',
    'mille mercis',
    'oui',
    "d'accord",
    'd’accord',
    'au revoir',
    "s'il vous plaît",
    's’il vous plaît',
    "s'il vous plait",
    'oui merci',
    'non merci',
    'à bientôt',
    'bonne journée',
    'aidez-moi',
  ],
  de: [
    'hallo',
    'guten tag',
    'guten morgen',
    'guten abend',
    'servus',
    'moin',
    'danke',
    'danke schön',
    'dankeschön',
    'danke sehr',
    'vielen dank',
    'besten dank',
    'ja',
    'nein',
    'ja bitte',
    'nein danke',
    'bitte',
    'tschüss',
    'tschüs',
    'auf wiedersehen',
    'hilfe',
  ],
  es: [
    'hola',
    'buenos días',
    'buenos dias',
    'buenas tardes',
    'buenas noches',
    'buenas',
    'gracias',
    'muchas gracias',
    'mil gracias',
    'sí',
    'vale',
    'de acuerdo',
    'por favor',
    'adiós',
    'adios',
    'hasta luego',
    'no gracias',
    'sí gracias',
    'ayuda',
  ],
  it: [
    'ciao',
    'buongiorno',
    'buonasera',
    'salve',
    'grazie',
    'grazie mille',
    'grazie tante',
    'molte grazie',
    'sì',
    'va bene',
    'per favore',
    'per piacere',
    'arrivederci',
    'prego',
    'no grazie',
    'sì grazie',
    'aiuto',
  ],
};

const LANGUAGE_BY_PHRASE: ReadonlyMap<string, Language> = new Map(
  Object.entries(PHRASES_BY_LANGUAGE).flatMap(([language, phrases]) =>
    phrases.map((phrase) => [normalizePhrase(phrase), language as Language] as const),
  ),
);

/** Keeps letters and in-word apostrophes and hyphens; drops case, emoji, punctuation and spacing differences. */
function normalizePhrase(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}'’-]+/gu, ' ')
    .replace(/(^|\s)['’-]+|['’-]+(?=\s|$)/gu, '$1')
    .trim()
    .replace(/\s+/g, ' ');
}

/** The language of a whole message that is one of the known courtesy phrases ("Merci !", "danke schön 🙂"), else undefined. */
export function languageOfCourtesyPhrase(text: string): Language | undefined {
  if (text.length > 40) return undefined;
  return LANGUAGE_BY_PHRASE.get(normalizePhrase(text));
}
