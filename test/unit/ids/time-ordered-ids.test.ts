import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { createTimeOrderedIds } from '../../../src/core/ids/time-ordered-ids.js';

/** The 48-bit millisecond timestamp at the front of a version 7 id. */
const millisecondsOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);

describe('createTimeOrderedIds', () => {
  it('makes valid version 7 ids that carry the clock', () => {
    const nextId = createTimeOrderedIds(() => 1_764_000_000_123);
    const id = nextId();
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    expect(millisecondsOf(id)).toBe(1_764_000_000_123);
  });

  it('keeps ids strictly increasing and distinct within one millisecond, across pool refills', () => {
    const nextId = createTimeOrderedIds(() => 1_764_000_000_000);
    // 1,000 ids: about four refills of the random pool.
    const ids = Array.from({ length: 1_000 }, nextId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps increasing when the clock steps back', () => {
    const readings = [5_000, 5_000, 4_000, 6_000];
    const nextId = createTimeOrderedIds(() => readings.shift()!);
    const ids = [nextId(), nextId(), nextId(), nextId()];
    expect([...ids].sort()).toEqual(ids);
    expect(ids.map(millisecondsOf)).toEqual([5_000, 5_000, 5_000, 6_000]);
  });

  it('draws fresh random bits for each id', () => {
    const nextId = createTimeOrderedIds(() => 0);
    const tails = new Set(Array.from({ length: 300 }, () => nextId().slice(-10)));
    expect(tails.size).toBe(300);
  });
});
