import { describe, expect, it } from 'vitest';
import { languageOfCourtesyPhrase } from '../../../src/core/language/courtesy-phrase-language.js';

describe('languageOfCourtesyPhrase', () => {
  it.each([
    ['merci', 'fr'],
    ['Merci beaucoup !', 'fr'],
    ["D'accord.", 'fr'],
    ['Danke!', 'de'],
    ['  danke   schön 🙂 ', 'de'],
    ['Vielen Dank!!', 'de'],
    ['¡Hola!', 'es'],
    ['muchas gracias', 'es'],
    ['Grazie mille', 'it'],
    ['ciao!', 'it'],
    ['Thank you.', 'en'],
    ['hi there 👋', 'en'],
  ] as const)('knows %j as %s', (text, language) => {
    expect(languageOfCourtesyPhrase(text)).toBe(language);
  });

  it('leaves words shared between our languages to the detector', () => {
    for (const text of ['ok', 'OK!', 'si', 'no', 'super', 'perfect']) {
      expect(languageOfCourtesyPhrase(text), text).toBeUndefined();
    }
  });

  it('matches whole messages only, not phrases inside a sentence', () => {
    expect(languageOfCourtesyPhrase('merci de me rappeler demain')).toBeUndefined();
    expect(languageOfCourtesyPhrase('thanks, but where is my parcel')).toBeUndefined();
    expect(languageOfCourtesyPhrase('')).toBeUndefined();
    expect(languageOfCourtesyPhrase('!!!')).toBeUndefined();
  });
});
