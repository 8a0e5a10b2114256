// Writes eld's n-gram database restricted to a few languages, from the installed eld package, into
// eld's own database folder (node_modules/eld/src/ngrams/), where eld's `load(name)` reads it.
//
//   node scripts/build-eld-subset.mjs [--size large] [--force] en fr de es it
//
// Why: eld's large database holds 60 languages; loaded whole it costs ~440 MB of memory, of which
// Parley's five languages need less than a fifth. eld can save a subset itself (`saveSubset`), but
// only as a browser download, and its saved files keep the 60-language indexes, which eld 2.1's
// scorer cannot load (it sizes its score array by the number of languages). This script keeps every
// n-gram score of the chosen languages unchanged and renumbers the languages 0..n-1 in eld's own
// order, so detection gives exactly the answers of the full database filtered to those languages
// (test/unit/language/eld-subset-database.test.ts checks that).
//
// Runs on `npm install` (package.json postinstall) and, when the file is missing, at the first start
// of a detector (src/core/language/eld-language-detector.ts runs this script in a child process, so
// the 60-language database never stays in the server's memory). Prints the path it wrote.
// Nothing of eld's data is committed to the repository: the file is rebuilt from the installed
// package, and an eld upgrade (which replaces the package folder) removes the old one.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const SIZES = ['extrasmall', 'small', 'medium', 'large'];

/** eld's database folder, next to its dynamic entry point (src/entries/dynamic.js). */
export function eldDatabaseDirectory() {
  const entry = fileURLToPath(import.meta.resolve('eld'));
  return join(dirname(entry), '..', 'ngrams');
}

/** The file name (without `.js`) that eld's `load()` takes, e.g. `parley-large-de-en-es-fr-it`. */
export function eldSubsetName(size, languages) {
  return `parley-${size}-${[...languages].sort().join('-')}`;
}

/** Builds the subset module's source from a loaded eld database (`ngramsData` of src/ngrams/*.js). */
export function subsetModuleSource(database, languages, header) {
  const wanted = new Set(languages);
  // The kept languages in eld's own index order, so that ties between equal scores break as in the full database.
  const oldIds = Object.keys(database.languages)
    .map(Number)
    .filter((id) => wanted.has(database.languages[id]))
    .sort((first, second) => first - second);
  const missing = languages.filter(
    (language) => !oldIds.some((id) => database.languages[id] === language),
  );
  if (missing.length > 0)
    throw new Error(`eld's ${database.type} database has no ${missing.join(', ')}`);
  const newIdByOldId = new Map(oldIds.map((oldId, newId) => [String(oldId), newId]));

  const ngrams = {};
  for (const [ngram, scores] of Object.entries(database.ngrams)) {
    let kept;
    for (const [oldId, score] of Object.entries(scores)) {
      const newId = newIdByOldId.get(oldId);
      if (newId === undefined) continue;
      kept ??= {};
      kept[newId] = score;
    }
    // An n-gram that none of the kept languages scores adds nothing to their scores.
    if (kept) ngrams[ngram] = kept;
  }
  const subset = {
    type: database.type,
    languages: Object.fromEntries(oldIds.map((oldId, newId) => [newId, database.languages[oldId]])),
    isSubset: true,
    ngrams,
  };
  // JSON.parse of a string literal, not an object literal: V8 parses it about 3x faster and the
  // loaded database takes less than half the memory (measured: 0.35 s and +16 MB vs 1.1 s and +38 MB).
  return `${header}\nexport const ngramsData = JSON.parse(${JSON.stringify(JSON.stringify(subset))});\n`;
}

/**
 * Writes the subset file unless it is already there (or `force`); returns its path. The write goes
 * through a temporary file and a rename, so that processes starting at the same time never read half a file.
 */
export async function buildEldSubset({ size = 'large', languages, force = false }) {
  if (!SIZES.includes(size))
    throw new Error(`unknown eld size "${size}" (one of ${SIZES.join(', ')})`);
  if (!languages?.length) throw new Error('name the languages to keep, e.g. en fr de es it');
  const directory = eldDatabaseDirectory();
  const target = join(directory, `${eldSubsetName(size, languages)}.js`);
  if (existsSync(target) && !force) return target;

  const { ngramsData } = await import(pathToFileURL(join(directory, `${size}.js`)).href);
  const eldVersion = JSON.parse(
    readFileSync(join(directory, '../../package.json'), 'utf8'),
  ).version;
  const header =
    `// Copyright 2023 Nito T.M. [ Apache 2.0 Licence https://www.apache.org/licenses/LICENSE-2.0 ]\n` +
    `// eld ${eldVersion} ${size} database restricted to ${[...languages].sort().join(', ')} by Parley's ` +
    'scripts/build-eld-subset.mjs (n-gram scores unchanged, languages renumbered).';
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, subsetModuleSource(ngramsData, languages, header));
  renameSync(temporary, target);
  return target;
}

// Run as a script (postinstall, or the detector's first start).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({
    options: {
      size: { type: 'string', default: 'large' },
      force: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  try {
    const path = await buildEldSubset({
      size: values.size,
      languages: positionals,
      force: values.force,
    });
    process.stdout.write(`${path}\n`);
  } catch (error) {
    process.stderr.write(
      `build-eld-subset: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
