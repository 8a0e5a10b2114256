import { IBAN_LENGTHS, isIbanChecksumValid, isLuhnValid } from './checksums.js';

/** What replaces each kind of personal data; no placeholder contains a digit or an @, so redacting twice changes nothing. */
export const REDACTION_PLACEHOLDERS = Object.freeze({
  email: '[email]',
  iban: '[iban]',
  card: '[card]',
  phone: '[phone]',
});

export type PersonalDataKind = keyof typeof REDACTION_PLACEHOLDERS;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/** Where an IBAN may start: country code and check digits; the rest is read per country length. */
const IBAN_START = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}/gu;
/** Digit groups separated by one space or dash (how cards are written). */
const DIGIT_GROUPS = /(?<![\p{L}\p{N}])\d+(?:[ -]\d+)*(?![\p{L}\p{N}])/gu;
/** Digits with the separators phone numbers use: spaces, dots, dashes, slashes, parentheses. */
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}])\+?[\d(][\d \u00a0()./-]*\d(?![\p{L}\p{N}])/gu;

/**
 * Masks emails, IBANs, payment cards (Luhn-checked) and phone numbers in the usual formats of
 * en/fr/de/es/it. Errs towards masking: an ops reviewer loses little when an order number that
 * looks like a mobile number is masked, a customer loses more when their number is not.
 */
export function redactPersonalData(text: string): string {
  return redactPhones(redactCards(redactIbans(text.replace(EMAIL, REDACTION_PLACEHOLDERS.email))));
}

/** A redactor that does nothing when redaction is switched off (REDACT_PERSONAL_DATA=false). */
export function createRedactor(enabled: boolean): (text: string) => string {
  return enabled ? redactPersonalData : (text) => text;
}

function redactIbans(text: string): string {
  let output = '';
  let copiedUpTo = 0;
  IBAN_START.lastIndex = 0;
  for (let match = IBAN_START.exec(text); match !== null; match = IBAN_START.exec(text)) {
    if (match.index < copiedUpTo) continue;
    const end = ibanEnd(text, match.index);
    if (end === undefined) continue;
    output += text.slice(copiedUpTo, match.index) + REDACTION_PLACEHOLDERS.iban;
    copiedUpTo = end;
  }
  return output + text.slice(copiedUpTo);
}

/** Where the IBAN starting at `start` ends, or undefined when none starts there. */
function ibanEnd(text: string, start: number): number | undefined {
  const expectedLength = IBAN_LENGTHS[text.slice(start, start + 2).toUpperCase()];
  if (expectedLength === undefined) return undefined;
  // Read exactly the country's number of characters, allowing one space or dash between them.
  let compact = '';
  let position = start;
  while (position < text.length && compact.length < expectedLength) {
    const character = text[position] as string;
    if (/[A-Za-z0-9]/.test(character)) compact += character;
    else if (
      !(character === ' ' || character === '-') ||
      !/[A-Za-z0-9]/.test(text[position + 1] ?? '')
    )
      break;
    position += 1;
  }
  if (compact.length !== expectedLength) return undefined;
  if (isIbanChecksumValid(compact)) return position;
  // A mistyped IBAN is still an account number: mask it when nothing alphanumeric is glued to its end.
  return /[A-Za-z0-9]/.test(text[position] ?? '') ? undefined : position;
}

function redactCards(text: string): string {
  return text.replace(DIGIT_GROUPS, (candidate) =>
    maskWindows(
      candidate,
      /([ -])/,
      (window) => {
        const digits = window.replace(/\D/g, '');
        return digits.length >= 13 && digits.length <= 19 && isLuhnValid(digits);
      },
      REDACTION_PLACEHOLDERS.card,
    ),
  );
}

function redactPhones(text: string): string {
  return text.replace(PHONE_CANDIDATE, (candidate) =>
    maskWindows(candidate, /([ \u00a0]+)/, isPhoneNumber, REDACTION_PLACEHOLDERS.phone),
  );
}

/**
 * Splits a candidate into chunks and masks the longest run of chunks that passes the test,
 * scanning left to right: "order 12345 0612345678" masks only the phone number.
 */
function maskWindows(
  candidate: string,
  separator: RegExp,
  test: (window: string) => boolean,
  placeholder: string,
): string {
  // split() with a capturing group keeps the separators at the odd indexes.
  const parts = candidate.split(separator);
  const chunks: string[] = parts.filter((_, index) => index % 2 === 0);
  const separators: string[] = parts.filter((_, index) => index % 2 === 1);
  const output: string[] = [];
  let start = 0;
  while (start < chunks.length) {
    let matchedEnd = -1;
    for (let end = chunks.length - 1; end >= start; end -= 1) {
      if (test(joinChunks(chunks, separators, start, end))) {
        matchedEnd = end;
        break;
      }
    }
    if (output.length > 0) output.push(separators[start - 1] ?? '');
    if (matchedEnd === -1) {
      output.push(chunks[start] as string);
      start += 1;
    } else {
      output.push(placeholder);
      start = matchedEnd + 1;
    }
  }
  return output.join('');
}

function joinChunks(chunks: string[], separators: string[], start: number, end: number): string {
  let joined = chunks[start] as string;
  for (let index = start + 1; index <= end; index += 1)
    joined += (separators[index - 1] ?? '') + (chunks[index] as string);
  return joined;
}

/**
 * International numbers (+33 6 12 34 56 78, 0049 171 1234567), national numbers with a trunk 0
 * (06 12 34 56 78, 0171/1234567, 02 1234 5678, 020 7946 0958), North American (555) 123-4567 and
 * 555-123-4567, Spanish numbers without a trunk prefix (612 345 678) and Italian mobiles
 * (333 123 4567). Dates, amounts and short order numbers fail every rule.
 */
export function isPhoneNumber(candidate: string): boolean {
  const text = candidate.trim();
  const digits = text.replace(/\D/g, '');
  if (text.startsWith('+')) return digits.length >= 8 && digits.length <= 15;
  if (text.startsWith('00')) return digits.length >= 10 && digits.length <= 17;
  if (text.startsWith('0')) return digits.length >= 9 && digits.length <= 12;
  if (text.startsWith('(')) return digits.length >= 7 && digits.length <= 15;
  if (/^\d{3}[ .-]\d{3}[ .-]\d{4}$/.test(text)) return true;
  const groups = text.split(/[ \u00a0.\-/]+/);
  if (/^[6-9]\d{8}$/.test(digits))
    return groups.every((group) => /^\d{2,3}$/.test(group)) || groups.length === 1;
  if (/^3\d{8,9}$/.test(digits))
    return (
      groups.length === 1 ||
      (groups[0]?.length === 3 && groups.every((group) => /^\d{3,7}$/.test(group)))
    );
  return false;
}
