import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language/language.js';
import {
  createLocalRetriever,
  type LocalRetriever,
} from '../../../src/core/retrieval/local-retriever.js';
import { parseRoutingCases } from '../../../src/core/routing/evaluate-routing.js';

interface Message {
  lang: Language;
  text: string;
}

const readSet = (file: string) =>
  readFileSync(new URL(`../routing/${file}`, import.meta.url), 'utf8');

/*
 * Relevance on the shipped kb/ for messages written the way customers type (held-out sets, see
 * test/integration/http/routing-chat-sets.test.ts): the plain questions of the three routing sets,
 * and 30 off-topic ones (20 unrelated to shopping, 10 about the shop but outside every article).
 * Before the relevance change 20 of the 80 plain questions were judged relevant (and none of the
 * off-topic ones); now 78 of 80, with 3 off-topic ones let through: the trade this test pins.
 * Since articles carry keywords and kb/ has a products article, 4 are let through: two of the
 * "shop_uncovered" ones ask what products are made of and where, which that article now answers.
 */
describe('local retriever on customer-style messages (shipped kb/)', () => {
  let retriever: LocalRetriever;
  beforeAll(async () => {
    retriever = await createLocalRetriever({
      kbDir: new URL('../../../kb', import.meta.url).pathname,
    });
  });

  const isRelevant = async (message: Message) =>
    (await retriever.retrieve({ text: message.text, language: message.lang })).passages.some(
      (passage) => passage.relevant,
    );

  it('finds a relevant passage for at least 95% of plain help-center questions', async () => {
    const plain = ['a', 'b', 'c']
      .flatMap((set) => parseRoutingCases(readSet(`routing-heldout-chat-${set}.jsonl`)))
      .filter((message) => message.tier === 'small');
    expect(plain.length).toBe(80);
    const missed: string[] = [];
    for (const message of plain) if (!(await isRelevant(message))) missed.push(message.text);
    expect(missed.length, missed.join('\n')).toBeLessThanOrEqual(4);
  });

  it('judges at most 4 of 30 off-topic messages relevant', async () => {
    // No tier: these are not routing cases, only texts and what kind of off-topic they are.
    const offTopic = readSet('offtopic-chat.jsonl')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Message);
    expect(offTopic.length).toBe(30);
    const letThrough: string[] = [];
    for (const message of offTopic) if (await isRelevant(message)) letThrough.push(message.text);
    expect(letThrough.length, letThrough.join('\n')).toBeLessThanOrEqual(4);
  });
});

describe('a one-word match anchored by a title word of the same family', () => {
  it('meets the title through a shared stem of four letters or more ("livrez" and "Livraison")', async () => {
    const retriever = await createLocalRetriever({
      kbDir: new URL('../../../kb', import.meta.url).pathname,
    });
    // Snowball stems the verb "livrez" to "livr" and leaves "livraison" whole; "liefert" stays
    // "liefert" while the title's "Lieferung" becomes "liefer". Neither question shares any other word.
    for (const [language, text, article] of [
      ['fr', 'vous livrez a liege ?', 'fr/shipping'],
      ['de', 'liefert ihr auch nach graz?', 'de/shipping'],
    ] as const) {
      const [top] = (await retriever.retrieve({ text, language })).passages;
      expect(top?.id.startsWith(`${article}#`), text).toBe(true);
      expect(top?.relevant, text).toBe(true);
    }
  });
});

describe('accents', () => {
  it('a question typed without accents finds what the accented one finds', async () => {
    const retriever = await createLocalRetriever({
      kbDir: new URL('../../../kb', import.meta.url).pathname,
    });
    // Snowball strips "-ción" from "devolución" but not from "devolucion": without the knowledge
    // base's own spelling the accentless question met no passage at all.
    for (const [language, withAccents, without] of [
      ['es', '¿Cómo hago una devolución?', 'como hago una devolucion?'],
      [
        'fr',
        'Comment réinitialiser mon mot de passe ?',
        'comment reinitialiser mon mot de passe ?',
      ],
    ] as const) {
      const accented = (await retriever.retrieve({ text: withAccents, language })).passages[0];
      const plain = (await retriever.retrieve({ text: without, language })).passages[0];
      expect(plain?.id, without).toBe(accented?.id);
      expect(plain?.relevant, without).toBe(true);
    }
  });
});
