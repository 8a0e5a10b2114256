import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { projectPath } from '../project-root.js';
import { countLetters, detectionConfidence, hasLetters } from './detection-confidence.js';
import { isLanguage, SUPPORTED_LANGUAGES } from './language.js';
import type { LanguageDetection, LanguageDetector } from './language-detector.js';

/** The n-gram databases eld ships (node_modules/eld/src/ngrams): ~1 MB, 1.6 MB, 2 MB and 4.5 MB of source. */
export type EldDatabaseSize = 'extrasmall' | 'small' | 'medium' | 'large';

export const ELD_DATABASE_SIZES: readonly EldDatabaseSize[] = [
  'extrasmall',
  'small',
  'medium',
  'large',
];

/**
 * `subset`: the database restricted to our five languages, built from the installed eld package by
 * scripts/build-eld-subset.mjs (large: ~15 MB loaded). `full`: eld's 60-language database, with the
 * other languages filtered out after scoring (large: ~440 MB). Both give the same answers; `full`
 * is kept for the benchmark and for the test that checks the subset against it.
 */
export type EldDatabaseScope = 'subset' | 'full';

export interface EldLanguageDetectorOptions {
  /**
   * Which database to load. Default `large`: on langid-dev it is the only size that reaches 95 %
   * overall (medium and small stop at 94.8 %, extrasmall at 93.2 %; all ≥ 99.5 % above 20 characters).
   */
  size?: EldDatabaseSize;
  /** Default `subset`. */
  scope?: EldDatabaseScope;
}

/** Margin gain tuned on langid-dev so that one threshold (0.5) means about the same for eld and franc. */
const ELD_MARGIN_GAIN = 4;

/** Builds the subset databases; a plain script so that `npm install` can run it before any build. */
const SUBSET_SCRIPT = projectPath('scripts', 'build-eld-subset.mjs');

/** Same rule as eldSubsetName() in scripts/build-eld-subset.mjs (a test holds them together). */
export function eldSubsetName(size: EldDatabaseSize): string {
  return `parley-${size}-${[...SUPPORTED_LANGUAGES].sort().join('-')}`;
}

/** One build per size and process, however many detectors start at once. */
const subsetBuilds = new Map<EldDatabaseSize, Promise<void>>();

/**
 * Builds a missing subset file in a child process: building it reads the 60-language database,
 * which would otherwise stay in this process's memory for good (a loaded module is never freed).
 */
function buildSubset(size: EldDatabaseSize): Promise<void> {
  let build = subsetBuilds.get(size);
  if (!build) {
    build = promisify(execFile)(process.execPath, [
      SUBSET_SCRIPT,
      '--size',
      size,
      ...SUPPORTED_LANGUAGES,
    ]).then(() => undefined);
    subsetBuilds.set(size, build);
    build.catch(() => subsetBuilds.delete(size));
  }
  return build;
}

interface EldEngine {
  load(name: string): Promise<unknown>;
  setLanguageSubset(languages: string[]): unknown;
  detect(text: string): { language: string; getScores(): Record<string, number> };
}

/**
 * Loads the five-language database, building it first when it is missing (npm install builds it;
 * a first start after `npm install --ignore-scripts` or an eld upgrade builds it here). Without the
 * build script (a runtime image that copied node_modules but not scripts/ after a failed build),
 * it falls back to the full database with a warning rather than refusing to start.
 */
async function loadSubset(engine: EldEngine, size: EldDatabaseSize): Promise<'subset' | 'full'> {
  try {
    await engine.load(eldSubsetName(size));
    return 'subset';
  } catch (loadError) {
    if (!existsSync(SUBSET_SCRIPT)) {
      process.emitWarning(
        `eld: no five-language ${size} database (${eldSubsetName(size)}.js in node_modules/eld/src/ngrams) and no ` +
          `scripts/build-eld-subset.mjs to build it: using the 60-language database (about 440 MB more memory). ` +
          'Run `npm install` (or `node scripts/build-eld-subset.mjs en fr de es it`) where the scripts are.',
        { code: 'PARLEY_ELD_SUBSET_MISSING', detail: String(loadError) },
      );
      await engine.load(size);
      return 'full';
    }
    await buildSubset(size);
    await engine.load(eldSubsetName(size));
    return 'subset';
  }
}

/**
 * Language detection with eld (Efficient Language Detector), restricted to our five languages.
 *
 * Async because eld v2 loads its n-gram database with a dynamic import; the module is cached,
 * so a second detector of the same database costs almost nothing.
 */
export async function createEldLanguageDetector(
  options: EldLanguageDetectorOptions = {},
): Promise<LanguageDetector> {
  const size = options.size ?? 'large';
  const scope = options.scope ?? 'subset';
  const { eld } = await import('eld');
  if (!('load' in eld))
    throw new Error('eld: the dynamic entry point has no load(); is the eld package v2?');
  // A private instance: the subset is per instance, and another part of the process may use eld differently.
  const engine: EldEngine = eld.newInstance();
  let loaded: EldDatabaseScope = 'full';
  if (scope === 'subset') loaded = await loadSubset(engine, size);
  else await engine.load(size);
  if (loaded === 'full') {
    // The filter applies after scoring, so excluded languages never win, and the runner-up used
    // for confidence is always one of ours: the same scores as the subset database.
    engine.setLanguageSubset([...SUPPORTED_LANGUAGES]);
  }

  return {
    name: `eld${size === 'large' ? '' : `-${size}`}${scope === 'full' ? '-full' : ''}`,
    detect(text: string): LanguageDetection {
      if (!hasLetters(text)) return { language: null, confidence: 0 };
      const result = engine.detect(text);
      // eld returns '' when none of its n-grams occur in the text (rare words, names): no signal.
      if (!isLanguage(result.language)) return { language: null, confidence: 0 };
      const scores = Object.values(result.getScores()).sort((first, second) => second - first);
      return {
        language: result.language,
        confidence: detectionConfidence({
          top: scores[0] ?? 0,
          runnerUp: scores[1] ?? 0,
          letters: countLetters(text),
          marginGain: ELD_MARGIN_GAIN,
        }),
      };
    },
  };
}
