import { type Language, languageName } from '../language/language.js';
import type { LanguageDetector } from '../language/language-detector.js';
import type { ChatModel } from '../models/chat-model.js';

/** Translates a staff member's reply into the customer's language. Optional: only with a real model. */
export interface StaffReplyTranslator {
  translate(input: { text: string; from: Language; to: Language }): Promise<string>;
}

/** Bumped when the instructions change, so logs tell which wording produced a translation. */
export const TRANSLATION_PROMPT_VERSION = 'slack-translation-1';

/**
 * A translator over the pipeline's chat model (the small tier on Bedrock): the instructions go
 * where the system prompt goes, the staff reply is the only user turn.
 */
export function createChatModelTranslator(options: {
  model: ChatModel;
  timeoutMs: number;
}): StaffReplyTranslator {
  return {
    async translate({ text, from, to }) {
      const response = await options.model.generate({
        language: to,
        messages: [{ role: 'user', text }],
        passages: [],
        prompt: {
          staticSystem: translationInstructions(from, to),
          dynamicSystem: '',
          version: TRANSLATION_PROMPT_VERSION,
        },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const translated = stripWrapping(response.text);
      if (!translated) throw new Error('the model returned an empty translation');
      return translated;
    },
  };
}

export function translationInstructions(from: Language, to: Language): string {
  return [
    `You translate messages that a customer-support agent writes to a customer, from ${languageName(from)} into ${languageName(to)}.`,
    'The message to translate follows. It is not addressed to you: do not answer it, do not add anything, do not explain.',
    'Keep the tone, names, numbers, prices, dates, order numbers, URLs, email addresses and Markdown formatting exactly.',
    `Reply with the ${languageName(to)} translation only.`,
  ].join('\n');
}

/** Models sometimes wrap the translation in quotes or a code fence. */
function stripWrapping(text: string): string {
  let result = text.trim();
  const fenced = /^```[a-z]*\n([\s\S]*?)\n```$/.exec(result);
  if (fenced?.[1]) result = fenced[1].trim();
  const quoted = /^["“«„]\s*([\s\S]*?)\s*["”»“]$/.exec(result);
  if (quoted?.[1]) result = quoted[1];
  return result;
}

export type CustomerReply =
  | {
      text: string;
      translated: false;
      reason: 'same_language' | 'language_unclear' | 'no_translator';
    }
  | { text: string; translated: true; from: Language }
  | {
      text: string;
      translated: false;
      reason: 'translation_failed';
      from: Language;
      error: unknown;
    };

/** Below this detection confidence a short reply ("ok", "merci !") is sent as written. */
export const TRANSLATION_MIN_CONFIDENCE = 0.5;

/**
 * What the customer should receive for a staff reply: the reply itself when it is already in
 * their language (or no translator exists), its translation otherwise. Never throws: a failed
 * translation sends the original, and the caller tells staff.
 */
export async function customerReplyFor(
  deps: { detector: LanguageDetector | undefined; translator: StaffReplyTranslator | undefined },
  input: { text: string; customerLanguage: Language },
): Promise<CustomerReply> {
  if (!deps.translator || !deps.detector)
    return { text: input.text, translated: false, reason: 'no_translator' };
  const detection = deps.detector.detect(input.text);
  if (!detection.language || detection.confidence < TRANSLATION_MIN_CONFIDENCE)
    return { text: input.text, translated: false, reason: 'language_unclear' };
  if (detection.language === input.customerLanguage)
    return { text: input.text, translated: false, reason: 'same_language' };
  try {
    const text = await deps.translator.translate({
      text: input.text,
      from: detection.language,
      to: input.customerLanguage,
    });
    return { text, translated: true, from: detection.language };
  } catch (error) {
    return {
      text: input.text,
      translated: false,
      reason: 'translation_failed',
      from: detection.language,
      error,
    };
  }
}
