import type { Language } from '../../language/language.js';
import type { RoutingLexicon } from '../routing-lexicon.js';
import { LEXICON_DE } from './lexicon-de.js';
import { LEXICON_EN } from './lexicon-en.js';
import { LEXICON_ES } from './lexicon-es.js';
import { LEXICON_FR } from './lexicon-fr.js';
import { LEXICON_IT } from './lexicon-it.js';

/** The built-in routing tables, one per supported language. */
export const ROUTING_LEXICONS: Readonly<Record<Language, RoutingLexicon>> = {
  en: LEXICON_EN,
  fr: LEXICON_FR,
  de: LEXICON_DE,
  es: LEXICON_ES,
  it: LEXICON_IT,
};
