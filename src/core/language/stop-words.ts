import type { Language } from './language.js';
import { foldAccents } from './normalize-text.js';

/*
 * Words that carry no topic: function words plus the scaffolding of customer questions
 * ("how can I…", "comment puis-je…", "wie kann ich…", greetings, "please"). Without the
 * scaffolding, "Comment puis-je…" would match every French passage that says "vous pouvez",
 * and such words would dilute the relevance score of short questions. Lists are written in
 * lowercase with their accents; lookups also try the accent-free form, since customers
 * often type without accents.
 */
const WORDS: Record<Language, string> = {
  en: `a about above after again all also am an and any are aren as at be been before being below
    between both but by can cannot could couldn did didn do does doesn doing don down during each
    either else ever few for from further get gets getting give had hadn has hasn have haven having he
    hello help her here hers herself hey hi him himself his how however i if im in into is isn it its
    itself just know let like ll m may me might mine more most much must mustn my myself need needs
    neither no nor not now of off on once only or other our ours ourselves out over own please re
    really s same shall shan she should shouldn so some such t tell than thank thanks that the their
    theirs them themselves then there these they this those through to too under until up us ve very
    want wants was wasn we were weren what when where whether which while who whom why will with
    won would wouldn yes yet you your yours yourself yourselves`,
  fr: `a afin ai aie aient ainsi alors as au aucun aujourd aussi autre aux avaient avais avait avec avez
    avoir avons bien bon bonjour bonsoir c ça car ce ceci cela celle celles celui certain ces cet cette
    ceux chaque chez comme comment d dans de des dois doit donc dont du elle elles en encore es est et aura
    aurai aurais aurait auront
    étaient était êtes être eu eux faire fais fait faut hui il ils j je jusqu l la le les leur leurs lui
    m ma mais me merci mes moi moins mon même n ne ni nos notre nous on ont ou où par parce pas
    peut peuvent peux plaît pour pourrai pourrais pourrait pourquoi pourrais pourriez pouvez puis puisque qu quand que quel
    quelle quelles quels qui quoi s sa sans savoir se sera serai seraient serais serait serez serons
    seront ses si sil soit sommes son sont souhaite
    souhaiterais suis sur svp t ta te tes toi ton tous tout toute toutes tu un une va vais veux voudrais
    voulez vos votre vous y`,
  de: `aber alle allen aller alles als also am an auch auf aus bei bin bis bist bitte da dann danke das
    dass dein deine dem den denn der des dich die dir doch dort du durch ein eine einem einen einer
    eines er es etwa euch euer eure für gern gerne gibt guten hallo hat hatte habe haben hätte
    hätten ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in ist ja jetzt kann kannst können
    könnte könnten mach mache machen macht man mein meine meinem meinen meiner meines mich mir mit möchte möchten muss
    müssen nach nicht noch nun nur ob oder sein seine sich sie sind so soll sollte über um und uns
    unser unsere unter vom von vor wann war warum was weil welche welchem welchen welcher welches
    wenn wer werde werden wie wieso will wir wird wo woher wohin wollen würde würden zu zum zur`,
  es: `a al algo algún alguna alguno ante bien buenas buenos cada como cómo con cual cuál cuales cuáles
    cuando cuándo cuanto cuánto cuánta cuántas cuántos de del desde donde dónde e el él ella ellas
    ellos en entre era es esa ese eso esta está están estar este esto estoy favor fue gracias ha hacer
    hago han hay hola la las le les lo los me mi mí mis mucho muy necesito ni no nos nosotros nuestro
    nuestra o os otra otro para pero poder podría podrían por porque puede pueden puedo que qué
    quiero quisiera se sea ser será seré si sí sin sobre son soy su sus también te tengo tiene tienen todo
    todos tu tú tus un una uno unos usted ustedes vosotros y ya yo`,
  it: `a ad al alla alle allo agli ai anche avete avere buongiorno buonasera c che chi ci ciao come con
    cosa cui da dal dalla dalle dallo dai degli dei del della delle dello di dov dove e è ed essere fare
    favore gli grazie ha hai hanno ho i il in io l la le lei li lo loro lui ma me mi mia mie miei mio
    ne nei nel nella nelle nello no noi non nostra nostro o per perché più posso può puoi qual quale
    quali qualche quando quanta quante quanti quanto quello questa queste questi questo se si sì sia
    sarà sarò siamo siete sono su sua sue sui sul sulla suo suoi ti tra tu tua tuo un una uno vi voglio voi
    volete vorrei vostra vostro vuole`,
};

function toSet(words: string): ReadonlySet<string> {
  const list = words.split(/\s+/).filter(Boolean);
  return new Set([...list, ...list.map(foldAccents)]);
}

export const STOP_WORDS: Record<Language, ReadonlySet<string>> = {
  en: toSet(WORDS.en),
  fr: toSet(WORDS.fr),
  de: toSet(WORDS.de),
  es: toSet(WORDS.es),
  it: toSet(WORDS.it),
};

export function isStopWord(word: string, language: Language): boolean {
  const stopWords = STOP_WORDS[language];
  return stopWords.has(word) || stopWords.has(foldAccents(word));
}
