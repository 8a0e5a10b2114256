import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/core/models/local-sentences.js';

describe('splitSentences', () => {
  it('cuts at sentence ends but not inside prices, abbreviations or quoted questions', () => {
    expect(
      splitSentences(
        'Standard shipping costs €4.90, e.g. to Paris. Is it free? Yes, above €60.',
        'en',
      ),
    ).toEqual(['Standard shipping costs €4.90, e.g. to Paris.', 'Is it free?', 'Yes, above €60.']);
    expect(splitSentences('Geben Sie z. B. die Nr. 5 an. Das kostet 4,90 €.', 'de')).toEqual([
      'Geben Sie z. B. die Nr. 5 an.',
      'Das kostet 4,90 €.',
    ]);
    expect(
      splitSentences(
        'Cliquez sur « Mot de passe oublié ? » et saisissez votre e-mail. Vous recevez un lien.',
        'fr',
      ),
    ).toEqual([
      'Cliquez sur « Mot de passe oublié ? » et saisissez votre e-mail.',
      'Vous recevez un lien.',
    ]);
  });

  it('treats list items and paragraphs as sentences of their own', () => {
    expect(
      splitSentences('Accettiamo:\n- Visa\n- PayPal\n\nIl pagamento è sicuro.\nSempre.', 'it'),
    ).toEqual(['Accettiamo:', 'Visa', 'PayPal', 'Il pagamento è sicuro.', 'Sempre.']);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences(' \n\n ', 'es')).toEqual([]);
  });
});
