/**
 * The text Parley accepts and stores, defined once so that SQLite and PostgreSQL hold the same
 * thing (PostgreSQL's `text` type cannot store NUL, and its driver turns a lone surrogate into
 * U+FFFD, so the reply would echo something other than what was stored).
 *
 * - CR LF and a lone CR become LF (a pasted Windows text is fine; the stored text has LF only).
 * - Tab and line feed are kept (multi-line fields only); every other C0 control and DEL is refused.
 * - A lone UTF-16 surrogate (not a character) is refused.
 * - Leading and trailing white space is trimmed; a text of only invisible characters
 *   (white space, zero-width and other format characters, fillers) is empty and refused.
 * - The length limit counts characters (code points) of the text as stored.
 */
export const MAX_MESSAGE_CHARACTERS = 4000;

export type TextCheck = { ok: true; text: string } | { ok: false; problem: string };

export interface TextRules {
  maxCharacters: number;
  /** Tab and line feed allowed (message text, notes); identifiers take neither. */
  multiline: boolean;
  /** How the problem names the field, e.g. "text". */
  field: string;
}

const TAB = 0x09;
const LINE_FEED = 0x0a;
const DELETE = 0x7f;

/** Characters that show nothing on their own: a text made only of them says nothing. */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]*$/u;

export function checkText(raw: string, rules: TextRules): TextCheck {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  let characters = 0;
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    characters += 1;
    if (code >= 0xd800 && code <= 0xdfff) {
      return {
        ok: false,
        problem: `${rules.field} contains a broken character (a lone UTF-16 surrogate); send valid Unicode text`,
      };
    }
    const allowedControl = rules.multiline && (code === TAB || code === LINE_FEED);
    if ((code < 0x20 || code === DELETE) && !allowedControl) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      return {
        ok: false,
        problem: `${rules.field} contains the control character U+${hex}, which is not allowed${
          rules.multiline ? ' (only tab and line breaks are)' : ''
        }`,
      };
    }
  }
  if (INVISIBLE_ONLY.test(text)) return { ok: false, problem: `${rules.field} must not be empty` };
  if (characters > rules.maxCharacters) {
    return {
      ok: false,
      problem: `${rules.field} must be at most ${rules.maxCharacters.toLocaleString('en-US')} characters`,
    };
  }
  return { ok: true, text };
}

export const MESSAGE_TEXT_RULES: TextRules = {
  maxCharacters: MAX_MESSAGE_CHARACTERS,
  multiline: true,
  field: 'text',
};

export const CLIENT_MESSAGE_ID_RULES: TextRules = {
  maxCharacters: 100,
  multiline: false,
  field: 'clientMessageId',
};
