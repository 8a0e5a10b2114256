import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The "name" in the project's package.json: the directory that holds it is the project root. */
const PROJECT_NAME = 'parley';

let root: string | undefined;

function isProjectRoot(directory: string): boolean {
  const manifest = join(directory, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PROJECT_NAME;
  } catch {
    return false;
  }
}

/**
 * The directory of Parley's package.json, found by walking up from this module. The same answer
 * whether this file runs from src/core (vitest, tsx), from tsc's dist/core or from the bundle in
 * dist/ (whose chunks sit at another depth): paths such as dist/widget or package.json are
 * resolved from here instead of from a guessed number of '../'.
 */
export function projectRoot(): string {
  if (root !== undefined) return root;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let directory = start; ; directory = dirname(directory)) {
    if (isProjectRoot(directory)) {
      root = directory;
      return root;
    }
    if (dirname(directory) === directory)
      throw new Error(
        `no package.json named "${PROJECT_NAME}" in ${start} or any directory above it`,
      );
  }
}

/** A path inside the project root: projectPath('dist', 'widget'). */
export function projectPath(...segments: string[]): string {
  return join(projectRoot(), ...segments);
}
