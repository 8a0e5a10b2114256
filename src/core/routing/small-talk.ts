import type { Language } from '../language/language.js';
import { normalizeForMatching } from '../language/normalize-text.js';

/** A message that is only a courtesy: it needs a courtesy back, not the help center. */
export type SmallTalk = 'greeting' | 'thanks' | 'goodbye' | 'acknowledgement';

/**
 * Courtesy phrases per kind, in every supported language (a customer greeting in English on a
 * French page is still greeting). Written folded: lowercase, no accents, words only. Fillers
 * ("a lot", "so much", "you") may surround them; anything else makes the message a question.
 */
const PHRASES: Record<SmallTalk, string[]> = {
  greeting: [
    'bjr',
    'bsr',
    'slt',
    'hallochen',
    'gruezi mitenand',
    'hi',
    'hello',
    'hey',
    'hiya',
    'good morning',
    'good afternoon',
    'good evening',
    'howdy',
    'bonjour',
    'bonsoir',
    'salut',
    'coucou',
    'allo',
    'hallo',
    'guten tag',
    'guten morgen',
    'guten abend',
    'servus',
    'moin',
    'gruss gott',
    'gruezi',
    'hola',
    'buenos dias',
    'buenas tardes',
    'buenas noches',
    'buenas',
    'ciao',
    'buongiorno',
    'buonasera',
    'salve',
  ],
  thanks: [
    'merci bcp',
    'mrc',
    'thnx',
    'merci vielmals',
    'danke vielmals',
    'muy amable',
    'gentil',
    'c gentil',
    'c est gentil',
    'tres gentil',
    'gentilissimi',
    'gentilissimo',
    'gentilissima',
    'sehr nett',
    'that helped',
    'that helps',
    'that was helpful',
    'very helpful',
    'super helpful',
    'thanks',
    'thank you',
    'thx',
    'ty',
    'cheers',
    'many thanks',
    'thanks a lot',
    'thank you very much',
    'thank you so much',
    'thanks so much',
    'great thanks',
    'perfect thanks',
    'merci',
    'merci beaucoup',
    'merci bien',
    'merci mille fois',
    'super merci',
    'parfait merci',
    'danke',
    'danke schon',
    'danke sehr',
    'vielen dank',
    'besten dank',
    'dankeschon',
    'super danke',
    'gracias',
    'muchas gracias',
    'mil gracias',
    'perfecto gracias',
    'grazie',
    'grazie mille',
    'grazie tante',
    'perfetto grazie',
  ],
  goodbye: [
    'schonen abend',
    'schonen abend noch',
    'das wars',
    'das war s',
    'that s all',
    'thats all',
    'c est tout',
    'eso es todo',
    'e tutto',
    'bye',
    'goodbye',
    'bye bye',
    'see you',
    'see you later',
    'have a nice day',
    'have a good day',
    'au revoir',
    'a bientot',
    'bonne journee',
    'bonne soiree',
    'a plus',
    'tschuss',
    'auf wiedersehen',
    'bis bald',
    'schonen tag',
    'schonen tag noch',
    'ciao ciao',
    'adios',
    'hasta luego',
    'hasta pronto',
    'chao',
    'buen dia',
    'arrivederci',
    'a presto',
    'buona giornata',
    'buona serata',
  ],
  acknowledgement: [
    'grt',
    'daccord',
    'a posto',
    'a posto cosi',
    'tutto a posto',
    'ok',
    'okay',
    'k',
    'kk',
    'alright',
    'all right',
    'fine',
    'got it',
    'great',
    'perfect',
    'cool',
    'nice',
    'sure',
    'understood',
    'sounds good',
    'ok thanks',
    'ok thank you',
    'd accord',
    'dac',
    'parfait',
    'tres bien',
    'entendu',
    'compris',
    'super',
    'alles klar',
    'gut',
    'verstanden',
    'prima',
    'passt',
    'okay danke',
    'vale',
    'de acuerdo',
    'perfecto',
    'entendido',
    'genial',
    'vale gracias',
    'va bene',
    'perfetto',
    'capito',
    'certo',
    'benissimo',
    'd accordo',
  ],
};

/**
 * Words that may come with a courtesy without changing it ("thanks a lot!", "hello there").
 * "Yes", "oui", "ja", "sí" are no courtesy: they may answer the bot's offer of a person.
 */
const FILLER_WORDS = [
  'there',
  'mate',
  'dir',
  'noch',
  'bcp',
  'all',
  'again',
  'you',
  'very',
  'much',
  'so',
  'a',
  'lot',
  'team',
  'everyone',
  'guys',
  'tout',
  'le',
  'monde',
  'a',
  'vous',
  'encore',
  'madame',
  'monsieur',
  'nochmal',
  'ihnen',
  'euch',
  'zusammen',
  'de',
  'nuevo',
  'a',
  'todos',
  'ancora',
  'a',
  'tutti',
  'and',
  'et',
  'und',
  'y',
  'e',
];

/** A whole courtesy is short: a longer message carries a question even when it starts politely. */
const MAX_WORDS = 7;

/** Runs of the same letter count once: "hiii", "thanksss", "okkk" are still courtesies. */
const collapseRuns = (word: string) => word.replace(/(.)\1+/g, '$1');

/** Words of four letters or more may have one typo ("thnks", "merco", "graize", "bonjuor"). */
function withinOneEdit(given: string, expected: string): boolean {
  if (given === expected) return true;
  if (expected.length < 4 || Math.abs(given.length - expected.length) > 1) return false;
  // One substitution, insertion, deletion or swap of neighbours.
  let start = 0;
  while (start < given.length && given[start] === expected[start]) start += 1;
  const givenRest = given.slice(start);
  const expectedRest = expected.slice(start);
  return (
    givenRest.slice(1) === expectedRest.slice(1) ||
    givenRest === expectedRest.slice(1) ||
    givenRest.slice(1) === expectedRest ||
    (givenRest.length >= 2 &&
      givenRest[0] === expectedRest[1] &&
      givenRest[1] === expectedRest[0] &&
      givenRest.slice(2) === expectedRest.slice(2))
  );
}

const FILLERS = new Set(FILLER_WORDS.map((word) => collapseRuns(word)));

const PHRASE_WORDS = Object.entries(PHRASES).flatMap(([kind, phrases]) =>
  phrases.map((phrase) => ({
    kind: kind as SmallTalk,
    words: phrase.split(' ').map(collapseRuns),
  })),
);

/** The longest courtesy phrase starting at `index`, allowing one typo per long word. */
function phraseAt(words: string[], index: number): { kind: SmallTalk; length: number } | undefined {
  let best: { kind: SmallTalk; length: number } | undefined;
  for (const phrase of PHRASE_WORDS) {
    if (index + phrase.words.length > words.length) continue;
    const matches = phrase.words.every((expected, offset) =>
      withinOneEdit(words[index + offset] as string, expected),
    );
    if (matches && (!best || phrase.words.length > best.length))
      best = { kind: phrase.kind, length: phrase.words.length };
  }
  return best;
}

/**
 * Whether the whole message is small talk, and which: a greeting, thanks, a goodbye or an
 * acknowledgement ("ok"). Several courtesies together count as the most telling one
 * ("ok thanks bye" is a goodbye, "hi thanks" is thanks). Undefined as soon as one word is
 * neither a courtesy nor a filler: "hi, where is my order?" is a question.
 */
export function detectSmallTalk(text: string, _language?: Language): SmallTalk | undefined {
  const words = normalizeForMatching(text).split(' ').filter(Boolean).map(collapseRuns);
  if (words.length === 0 || words.length > MAX_WORDS) return undefined;
  const found = new Set<SmallTalk>();
  let index = 0;
  while (index < words.length) {
    const phrase = phraseAt(words, index);
    if (phrase) {
      found.add(phrase.kind);
      index += phrase.length;
    } else if (FILLERS.has(words[index] as string)) {
      index += 1;
    } else {
      return undefined;
    }
  }
  return mostTelling(found);
}

/**
 * The most telling courtesy anywhere in the message ("merci beaucoup, c'est réglé" is thanks), for
 * a message the classifier reads as small talk though not every word is a courtesy phrase.
 */
export function courtesyIn(text: string): SmallTalk | undefined {
  const words = normalizeForMatching(text).split(' ').filter(Boolean).map(collapseRuns);
  const found = new Set<SmallTalk>();
  for (let index = 0; index < words.length; index += 1) {
    const phrase = phraseAt(words, index);
    if (phrase) found.add(phrase.kind);
  }
  return mostTelling(found);
}

/** Several courtesies together count as the most telling one ("ok thanks bye" is a goodbye). */
function mostTelling(found: ReadonlySet<SmallTalk>): SmallTalk | undefined {
  return (['goodbye', 'thanks', 'greeting', 'acknowledgement'] as const).find((kind) =>
    found.has(kind),
  );
}
