import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { runDetectLanguage } from '../../../src/core/language/detect-language-command.js';
import { createFrancLanguageDetector } from '../../../src/core/language/franc-language-detector.js';
import type { LanguageDetector } from '../../../src/core/language/language-detector.js';

/** Answers by the first word, so that the command is tested apart from any engine. */
const firstWordDetector: LanguageDetector = {
  name: 'first-word',
  detect(text) {
    const word = text.trim().split(/\s+/)[0] ?? '';
    return word === 'fr' || word === 'de'
      ? { language: word, confidence: 1 }
      : { language: null, confidence: 0 };
  },
};

/** A sink that only accepts a byte at a time and answers slowly, to exercise backpressure. */
function collectingOutput(highWaterMark = 16_384): {
  stream: Writable;
  text: () => string;
  mostQueued: () => number;
} {
  const chunks: string[] = [];
  let mostQueued = 0;
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      mostQueued = Math.max(mostQueued, stream.writableLength);
      setImmediate(callback);
    },
  });
  return { stream, text: () => chunks.join(''), mostQueued: () => mostQueued };
}

async function run(
  input: string | string[],
  detector: LanguageDetector,
  highWaterMark?: number,
): Promise<{ printed: string; mostQueued: number }> {
  const output = collectingOutput(highWaterMark);
  const source = Readable.from(Array.isArray(input) ? input : [input]);
  await runDetectLanguage(source, output.stream, detector);
  // The command leaves the output open (it may be stdout); the test closes it to flush what is queued.
  output.stream.end();
  await finished(output.stream);
  return { printed: output.text(), mostQueued: output.mostQueued() };
}

describe('runDetectLanguage', () => {
  it('prints one code per input line, und for blank and no-signal lines, so line numbers match', async () => {
    const { printed } = await run(
      'fr bonjour\n\nde hallo\n12345 !!!\n   \nfr salut\n',
      firstWordDetector,
    );
    expect(printed).toBe('fr\nund\nde\nund\nund\nfr\n');
  });

  it('handles CRLF line ends, a last line without newline, and lines split across chunks', async () => {
    const { printed } = await run(['fr un\r\nd', 'e zwei\r\n', '\r\nfr trois'], firstWordDetector);
    expect(printed).toBe('fr\nde\nund\nfr\n');
  });

  it('prints nothing for empty input', async () => {
    expect((await run('', firstWordDetector)).printed).toBe('');
  });

  it('waits for a slow output instead of buffering without bound', async () => {
    const lines = Array.from({ length: 500 }, (_, index) => (index % 2 === 0 ? 'fr x' : 'de y'));
    const { printed, mostQueued } = await run(`${lines.join('\n')}\n`, firstWordDetector, 1);
    expect(printed.split('\n').slice(0, -1)).toEqual(lines.map((line) => line.slice(0, 2)));
    // 500 answers of 3 bytes would queue 1,500 bytes if the command ignored write()'s false.
    expect(mostQueued).toBeLessThanOrEqual(6);
  });

  it('prints the codes a real engine finds', async () => {
    const { printed } = await run(
      'Mir wurde dieselbe Rechnung zweimal belastet, bitte erstatten Sie den Betrag.\n🙂\n',
      createFrancLanguageDetector(),
    );
    expect(printed).toBe('de\nund\n');
  });
});
