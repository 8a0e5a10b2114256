import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath, projectRoot } from '../../../src/core/project-root.js';

describe('projectRoot', () => {
  it('is the directory of the package.json named "parley"', () => {
    expect(projectRoot()).toBe(resolve(import.meta.dirname, '../../..'));
    const manifest = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8'));
    expect(manifest.name).toBe('parley');
  });

  it('joins paths inside it', () => {
    expect(projectPath('scripts', 'build-eld-subset.mjs')).toBe(
      join(projectRoot(), 'scripts', 'build-eld-subset.mjs'),
    );
    expect(existsSync(projectPath('scripts', 'build-eld-subset.mjs'))).toBe(true);
  });
});
