import { distinctMoneyAmounts } from '../find-money-amounts.js';

/**
 * The features the routing classifier reads from one message, as readable strings (so that the
 * evidence of a decision names them): `w:` a word, `p:` the first letters of a longer word (a
 * cheap stem that survives inflection and most typos at the end: "rembourse", "remboursement"
 * and "rembourser" share `p:rembo`), `b:` two neighbouring words, and `s:` the message's shape
 * (how many money amounts, question marks, words; "!!", shouting, thanks), `e:` an emoji. One model reads all five
 * languages, whose words rarely collide.
 *
 * `words` is the lexicon-prepared text (lowercase ASCII words, chat-speak rewritten, typos of key
 * words corrected, look-alikes blanked); the shape is read from the raw text.
 */
export const PREFIX_LENGTH = 5;

export function messageFeatures(
  words: string,
  rawText: string,
  options: { gratitude: boolean },
): string[] {
  const tokens = words.split(' ').filter((word) => /^[a-z]/.test(word));
  const features = new Set<string>();
  for (const [index, word] of tokens.entries()) {
    features.add(`w:${word}`);
    if (word.length > PREFIX_LENGTH + 1) features.add(`p:${word.slice(0, PREFIX_LENGTH)}`);
    const next = tokens[index + 1];
    if (next !== undefined) features.add(`b:${word} ${next}`);
  }
  features.add(`s:amounts=${Math.min(distinctMoneyAmounts(rawText).length, 2)}`);
  features.add(`s:questions=${Math.min((rawText.match(/\?+/g) ?? []).length, 3)}`);
  features.add(`s:words=${lengthBucket(tokens.length)}`);
  // Emoji say much of a message's mood ("😂", "🙄", "😍") and normalization drops them.
  for (const emoji of rawText.match(/\p{Extended_Pictographic}/gu) ?? [])
    features.add(`e:${emoji}`);
  // "Thank you so much!!!" is enthusiasm: the rules read it so, and so does the model.
  if (options.gratitude) features.add('s:gratitude');
  else {
    if (/!{2,}/.test(rawText)) features.add('s:exclamations');
    if (isShouting(rawText)) features.add('s:shouting');
  }
  return [...features];
}

function lengthBucket(wordCount: number): string {
  if (wordCount < 4) return '0-3';
  if (wordCount < 12) return '4-11';
  if (wordCount < 30) return '12-29';
  if (wordCount < 60) return '30-59';
  return '60+';
}

function isShouting(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 12) return false;
  const upper = letters.filter((letter) => letter !== letter.toLowerCase()).length;
  return upper / letters.length >= 0.7;
}
