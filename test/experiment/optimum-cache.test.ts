// The optimum cache trusts nothing it reads: an entry edited, a file copied onto another key, or a
// damaged file is recomputed, never returned.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedOptimum, readOptimumCache, writeOptimumCache } from '../../src/experiment/store.js';
import { optimumCurve } from '../../src/math/optimum/index.js';
import { grid, sample } from '../../src/math/targets.js';
import { tempDir } from '../helpers.js';

const D: [number, number] = [-2, 2];
let samples = 40; // each case its own key, so nothing comes from the in-process memory
const setup = () => {
  const n = samples++;
  const xs = grid(D, n);
  const ys = sample('square', xs);
  return { n, xs, ys, truth: optimumCurve(xs, ys, D, 2) };
};

describe('optimum cache', () => {
  process.env.RELU_LAB_CACHE = tempDir('relu-lab-optcache-');
  it('returns a well-formed entry whose network gives its MSE', () => {
    const { n, xs, ys, truth } = setup();
    writeOptimumCache('square', D, n, truth);
    expect(readOptimumCache('square', D, n)).toHaveLength(2);
    expect(cachedOptimum('square', D, n, 2, xs, ys).mse).toBe(truth[1].mse);
  });
  it('recomputes an entry whose MSE was edited', () => {
    const { n, xs, ys, truth } = setup();
    writeOptimumCache('square', D, n, [truth[0], { ...truth[1], mse: truth[1].mse / 10 }]);
    expect(cachedOptimum('square', D, n, 2, xs, ys).mse).toBeCloseTo(truth[1].mse, 12);
  });
  it('ignores a file that holds another key (copied or renamed onto this one)', () => {
    const { n, xs, ys } = setup();
    const other = sample('sin', xs);
    writeOptimumCache('square', D, n, optimumCurve(xs, other, D, 2));
    const files = readdirSync(process.env.RELU_LAB_CACHE!).filter((f) => f.includes(`_${n}.json`));
    const text = JSON.stringify({ version: 7, key: { target: 'sin', domain: D, samples: n }, curve: optimumCurve(xs, other, D, 2) });
    writeFileSync(join(process.env.RELU_LAB_CACHE!, files[0]), text);
    expect(readOptimumCache('square', D, n)).toEqual([]);
    const o = cachedOptimum('square', D, n, 2, xs, ys);
    expect(o.mse).toBeCloseTo(optimumCurve(xs, ys, D, 2)[1].mse, 12);
  });
  it.each([['garbage', 'not json'], ['a bare list', '[]'], ['wrong shapes', JSON.stringify({ version: 7, key: { target: 'square', domain: D, samples: 0 }, curve: [{ hidden: 1, mse: 'x' }] })]])(
    'treats %s as empty',
    (_what, text) => {
      const { n, xs, ys, truth } = setup();
      writeOptimumCache('square', D, n, truth);
      const f = readdirSync(process.env.RELU_LAB_CACHE!).find((x) => x.endsWith(`_${n}.json`))!;
      writeFileSync(join(process.env.RELU_LAB_CACHE!, f), text.replace('"samples":0', `"samples":${n}`));
      expect(readOptimumCache('square', D, n)).toEqual([]);
      expect(cachedOptimum('square', D, n, 1, xs, ys).mse).toBeCloseTo(truth[0].mse, 12);
    },
  );
});
