import { createInterface } from 'node:readline';
import type { LanguageDetector } from './language-detector.js';

/** What a line without a detectable language prints: ISO 639's code for "undetermined". */
export const UNDETERMINED = 'und';

/**
 * `parley detect-language`: one text per input line, one language code per output line.
 * Blank and no-signal lines print `und` so that output line N always answers input line N.
 */
export async function runDetectLanguage(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  detector: LanguageDetector,
): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    const { language } = detector.detect(line);
    if (!output.write(`${language ?? UNDETERMINED}\n`)) {
      await new Promise<void>((resolve) => output.once('drain', resolve));
    }
  }
}
