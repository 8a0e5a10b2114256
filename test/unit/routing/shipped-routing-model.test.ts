import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSets, trainModel } from '../../../scripts/train-routing-model.js';
import type { RoutingModel } from '../../../src/core/routing/classifier/routing-classifier.js';

describe('the shipped routing model', () => {
  it('is what `npm run train:router` makes of the labelled sets in the repository', () => {
    // Edit a corpus file without retraining and this fails: the shipped weights must come from the corpus.
    const shipped = JSON.parse(
      readFileSync(
        new URL('../../../src/core/routing/classifier/routing-model.json', import.meta.url),
        'utf8',
      ),
    ) as RoutingModel;
    const sets = loadSets();
    const retrained = trainModel(
      sets.flatMap((set) => set.cases),
      sets.map((set) => set.name).join(', '),
    );
    expect(retrained.trainedOn).toBe(shipped.trainedOn);
    expect(retrained.labels).toEqual(shipped.labels);
    expect(retrained.bias).toEqual(shipped.bias);
    expect(Object.keys(retrained.weights).length).toBe(Object.keys(shipped.weights).length);
    expect(retrained.weights).toEqual(shipped.weights);
  });
});
