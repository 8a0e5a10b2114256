import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { eld } from 'eld';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createEldLanguageDetector,
  eldSubsetName,
} from '../../../src/core/language/eld-language-detector.js';
import { SUPPORTED_LANGUAGES } from '../../../src/core/language/language.js';
import type { LanguageDetector } from '../../../src/core/language/language-detector.js';
import { ROOT } from '../../support/server-process.js';

interface Sample {
  lang: string;
  text: string;
}

/** 50 messages per language, short and long, written for this project (test/fixtures/language/). */
const samples: Sample[] = readFileSync(
  new URL('../../fixtures/language/language-samples.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Sample);

type Engine = ReturnType<typeof eld.newInstance>;

function loadable(engine: Engine): Engine & { load(name: string): Promise<unknown> } {
  if (!('load' in engine)) throw new Error('eld: the dynamic entry point has no load()');
  return engine;
}

describe("eld's five-language database (scripts/build-eld-subset.mjs)", () => {
  let subset: LanguageDetector;
  let full: LanguageDetector;
  let subsetEngine: Engine;
  let fullEngine: Engine;

  // The 60-language database takes seconds to load on a busy machine.
  beforeAll(async () => {
    [subset, full] = await Promise.all([
      createEldLanguageDetector(),
      createEldLanguageDetector({ scope: 'full' }),
    ]);
    subsetEngine = loadable(eld.newInstance());
    await loadable(subsetEngine).load(eldSubsetName('large'));
    fullEngine = loadable(eld.newInstance());
    await loadable(fullEngine).load('large');
    fullEngine.setLanguageSubset([...SUPPORTED_LANGUAGES]);
  }, 120_000);

  it('has 50 samples per language, a third of them 20 characters or shorter', () => {
    for (const language of SUPPORTED_LANGUAGES)
      expect(samples.filter((sample) => sample.lang === language)).toHaveLength(50);
    expect(samples.filter((sample) => [...sample.text].length <= 20).length).toBeGreaterThan(80);
  });

  it('holds only our five languages', () => {
    expect(Object.values(subsetEngine.info().Languages).sort()).toEqual(
      [...SUPPORTED_LANGUAGES].sort(),
    );
    expect(Object.keys(fullEngine.info().Languages)).toHaveLength(60);
  });

  it("gives the full database's answers and scores on every sample", () => {
    for (const { text } of samples) {
      const fromSubset = subsetEngine.detect(text);
      const fromFull = fullEngine.detect(text);
      expect({ text, language: fromSubset.language, scores: fromSubset.getScores() }).toEqual({
        text,
        language: fromFull.language,
        scores: fromFull.getScores(),
      });
      expect({ text, ...subset.detect(text) }).toEqual({ text, ...full.detect(text) });
    }
  });

  it('gives the same answers on mixed, misspelt and foreign texts', () => {
    const odd = [
      'Bonjour, I need help with my Bestellung',
      'grazie mille for the quick reply',
      'hola',
      'Ich habe die falsche taille bekommen',
      'Onde está a minha encomenda?',
      'Waar is mijn pakket?',
      'xyzzy',
      'ok ok ok',
      'Adidas Superstar 42',
    ];
    for (const text of odd)
      expect({ text, ...subset.detect(text) }).toEqual({ text, ...full.detect(text) });
  });

  it('names every sample over 20 characters right, as the full database does', () => {
    const long = samples.filter((sample) => [...sample.text].length > 20);
    const wrong = long.filter((sample) => subset.detect(sample.text).language !== sample.lang);
    expect(wrong).toEqual([]);
  });

  it('is the file that npm install builds (postinstall languages = SUPPORTED_LANGUAGES)', () => {
    const packageJson = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as {
      scripts: Record<string, string>;
    };
    const postinstall = packageJson.scripts.postinstall ?? '';
    expect(postinstall).toMatch(/^node scripts\/build-eld-subset\.mjs /);
    const languages = postinstall.split(' ').slice(2);
    expect([...languages].sort()).toEqual([...SUPPORTED_LANGUAGES].sort());

    // Already built by the test setup, so this only prints the path it would write.
    const written = execFileSync(process.execPath, ['scripts/build-eld-subset.mjs', ...languages], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    expect(basename(written)).toBe(`${eldSubsetName('large')}.js`);
  });
});
