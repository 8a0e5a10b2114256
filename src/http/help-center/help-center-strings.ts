import type { Language } from '../../core/language/language.js';

/**
 * The help center's page chrome (its articles bring their own words). One object per supported
 * language with the same keys: the TypeScript type makes a missing key a compile error.
 */
export interface HelpCenterStrings {
  helpCenter: string;
  indexIntro: string;
  allArticles: string;
  onThisPage: string;
  otherLanguages: string;
  notFoundTitle: string;
  notFoundText: string;
}

export const HELP_CENTER_STRINGS: Readonly<Record<Language, HelpCenterStrings>> = {
  en: {
    helpCenter: 'Help center',
    indexIntro: 'Every article of our help center, in English.',
    allArticles: 'All articles',
    onThisPage: 'On this page',
    otherLanguages: 'This page in other languages',
    notFoundTitle: 'Page not found',
    notFoundText:
      'This help article does not exist (any more). The list of all articles may have it under another name.',
  },
  fr: {
    helpCenter: "Centre d'aide",
    indexIntro: "Tous les articles de notre centre d'aide, en français.",
    allArticles: 'Tous les articles',
    onThisPage: 'Sur cette page',
    otherLanguages: "Cette page dans d'autres langues",
    notFoundTitle: 'Page introuvable',
    notFoundText:
      "Cet article d'aide n'existe pas (ou plus). La liste de tous les articles le propose peut-être sous un autre nom.",
  },
  de: {
    helpCenter: 'Hilfe-Center',
    indexIntro: 'Alle Artikel unseres Hilfe-Centers, auf Deutsch.',
    allArticles: 'Alle Artikel',
    onThisPage: 'Auf dieser Seite',
    otherLanguages: 'Diese Seite in anderen Sprachen',
    notFoundTitle: 'Seite nicht gefunden',
    notFoundText:
      'Diesen Hilfeartikel gibt es nicht (mehr). Vielleicht finden Sie ihn unter anderem Namen in der Liste aller Artikel.',
  },
  es: {
    helpCenter: 'Centro de ayuda',
    indexIntro: 'Todos los artículos de nuestro centro de ayuda, en español.',
    allArticles: 'Todos los artículos',
    onThisPage: 'En esta página',
    otherLanguages: 'Esta página en otros idiomas',
    notFoundTitle: 'Página no encontrada',
    notFoundText:
      'Este artículo de ayuda no existe (o ya no existe). Quizá esté con otro nombre en la lista de todos los artículos.',
  },
  it: {
    helpCenter: 'Centro assistenza',
    indexIntro: 'Tutti gli articoli del nostro centro assistenza, in italiano.',
    allArticles: 'Tutti gli articoli',
    onThisPage: 'In questa pagina',
    otherLanguages: 'Questa pagina in altre lingue',
    notFoundTitle: 'Pagina non trovata',
    notFoundText:
      "Questo articolo non esiste (più). Forse è nell'elenco di tutti gli articoli con un altro nome.",
  },
};
