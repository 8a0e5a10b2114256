import { z } from 'zod';
import { checkText, type TextRules } from '../core/conversation/accepted-text.js';

/** A string field held to Parley's text rules (core/conversation/accepted-text.ts); parses to the text as stored. */
export function acceptedText(rules: TextRules, typeError: string) {
  return z.string({ error: typeError }).transform((value, context) => {
    const checked = checkText(value, rules);
    if (checked.ok) return checked.text;
    context.addIssue({ code: 'custom', message: checked.problem });
    return z.NEVER;
  });
}
