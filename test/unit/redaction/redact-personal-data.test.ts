import { describe, expect, it } from 'vitest';
import { isIbanChecksumValid, isLuhnValid } from '../../../src/core/redaction/checksums.js';
import {
  createRedactor,
  isPhoneNumber,
  redactPersonalData,
} from '../../../src/core/redaction/redact-personal-data.js';

describe('redactPersonalData, per language', () => {
  const cases: Array<{ language: string; text: string; expected: string }> = [
    {
      language: 'en',
      text: 'Call me on +44 20 7946 0958, 020 7946 0958 or (555) 123-4567, or mail jane.doe@example.co.uk. Card 4111 1111 1111 1111, exp 12/27.',
      expected: 'Call me on [phone], [phone] or [phone], or mail [email]. Card [card], exp 12/27.',
    },
    {
      language: 'fr',
      text: 'Appelez-moi au 06 12 34 56 78 ou au +33 6 12 34 56 78 (ou +33 (0)6 12 34 56 78). Mon IBAN : FR76 3000 6000 0112 3456 7890 189, merci !',
      expected: 'Appelez-moi au [phone] ou au [phone] (ou [phone]). Mon IBAN : [iban], merci !',
    },
    {
      language: 'de',
      text: 'Meine Nummer ist +49 171 1234567 oder 0171/1234567, Festnetz 030 12345678. IBAN DE89 3704 0044 0532 0130 00, Karte 5500-0000-0000-0004, Mail: jürgen.müller@beispiel.de',
      expected:
        'Meine Nummer ist [phone] oder [phone], Festnetz [phone]. IBAN [iban], Karte [card], Mail: [email]',
    },
    {
      language: 'es',
      text: 'Mi móvil es +34 612 345 678 o 612 34 56 78 (también 612345678). IBAN ES91 2100 0418 4502 0005 1332; correo josé.garcía@correo.es',
      expected: 'Mi móvil es [phone] o [phone] (también [phone]). IBAN [iban]; correo [email]',
    },
    {
      language: 'it',
      text: 'Il mio cellulare è +39 333 123 4567 oppure 333 1234567, ufficio 02 1234 5678. IBAN IT60 X054 2811 1010 0000 0123 456, carta 4012888888881881',
      expected:
        'Il mio cellulare è [phone] oppure [phone], ufficio [phone]. IBAN [iban], carta [card]',
    },
  ];

  it.each(cases)('masks the usual formats in $language', ({ text, expected }) => {
    expect(redactPersonalData(text)).toBe(expected);
  });

  it.each(cases)('is idempotent ($language)', ({ text }) => {
    const once = redactPersonalData(text);
    expect(redactPersonalData(once)).toBe(once);
  });
});

describe('redactPersonalData keeps what is not personal data', () => {
  it.each([
    ['an order number', 'Where is order #48213?'],
    ['dates', 'Ordered on 12/03/2024, delivered 2024-03-15, Lieferung am 15.03.2024'],
    ['amounts', 'I paid 1 299,00 € instead of 1.099,00 €'],
    ['a time and a year range', 'at 14.30, between 2019-2024'],
    ['a 16-digit number failing Luhn', 'reference 4111 1111 1111 1112'],
    ['a tracking number', 'tracking 1Z999AA10123456784'],
    ['a short code with a country prefix', 'code DE12 is wrong'],
  ])('%s', (_label, text) => {
    expect(redactPersonalData(text)).toBe(text);
  });

  it('masks only the phone number next to an order number', () => {
    expect(redactPersonalData('order 12345 0612345678')).toBe('order 12345 [phone]');
  });

  it('masks two IBANs in one message and a lowercase one', () => {
    expect(redactPersonalData('de89370400440532013000 or GB29 NWBK 6016 1331 9268 19')).toBe(
      '[iban] or [iban]',
    );
  });

  it('masks a mistyped IBAN of the right length', () => {
    expect(redactPersonalData('IBAN DE89 3704 0044 0532 0130 01 please')).toBe(
      'IBAN [iban] please',
    );
  });
});

describe('createRedactor', () => {
  it('follows REDACT_PERSONAL_DATA', () => {
    const text = 'write to a@b.example';
    expect(createRedactor(true)(text)).toBe('write to [email]');
    expect(createRedactor(false)(text)).toBe(text);
  });
});

describe('checksums', () => {
  it('Luhn', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('79927398713')).toBe(true);
  });

  it('IBAN mod 97', () => {
    expect(isIbanChecksumValid('DE89370400440532013000')).toBe(true);
    expect(isIbanChecksumValid('DE89370400440532013001')).toBe(false);
    expect(isIbanChecksumValid('IT60X0542811101000000123456')).toBe(true);
  });

  it('phone rules reject dates and accept national formats', () => {
    expect(isPhoneNumber('12.03.2024')).toBe(false);
    expect(isPhoneNumber('0171/1234567')).toBe(true);
    expect(isPhoneNumber('555-123-4567')).toBe(true);
    expect(isPhoneNumber('123456789')).toBe(false);
  });
});
