// The best-found cache trusts nothing it reads (an edited entry, a file copied onto another key,
// a damaged file, a network outside the bound are searched again), continues a cached curve
// instead of starting over, and bestOf labels the exact ReLU optimum and the bounded search apart.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bestOf, cachedBestFound, cachedBestFoundCurve, readBestFoundCache, writeBestFoundCache, type BestFoundKey } from '../../src/experiment/best-found-cache.js';
import { BEST_FOUND_VERSION, bestFoundCurve, DEFAULT_WEIGHT_BOUND, searchVersion } from '../../src/math/best-found/index.js';
import { ACTIVATION_NAMES } from '../../src/math/activations.js';
import { optimumCurve } from '../../src/math/optimum/index.js';
import { grid, sample } from '../../src/math/targets.js';
import { tempDir } from '../helpers.js';

const D: [number, number] = [-2, 2];
let samples = 30; // each case its own key, so nothing comes from the in-process memory
const setup = (activation: BestFoundKey['activation'] = 'tanh') => {
  const n = samples++;
  const X = grid(D, n);
  const y = sample('square', X);
  const key: BestFoundKey = { target: 'square', domain: D, samples: n, activation, bound: 10 };
  const g = { X, inputs: 1 as const, y };
  return { key, g, truth: () => bestFoundCurve({ X, inputs: 1, y, activation, bound: 10 }, 2) };
};
const fileOf = (n: number) => join(process.env.RELU_LAB_CACHE!, readdirSync(process.env.RELU_LAB_CACHE!).find((f) => f.startsWith('best-found-') && f.includes(`_${n}_B`))!);

describe('best-found cache', () => {
  process.env.RELU_LAB_CACHE = tempDir('relu-lab-bestfound-cache-');
  it('keys curves by the search version of their activation: piecewise-linear units 4 (the dropped starts), every smooth unit still 3', () => {
    for (const act of ACTIVATION_NAMES) expect(searchVersion(act)).toBe(['relu', 'leaky-relu', 'abs'].includes(act) ? 4 : 3);
    expect(BEST_FOUND_VERSION).toBe(3);
    for (const act of ['tanh', 'abs'] as const) {
      const { key, g } = setup(act);
      cachedBestFoundCurve(key, g, 1);
      expect(fileOf(key.samples)).toMatch(new RegExp(`best-found-v${act === 'tanh' ? 3 : 4}-square_${act}_`));
    }
  });

  it('computes, writes, and then returns the written curve', () => {
    const { key, g, truth } = setup();
    const first = cachedBestFoundCurve(key, g, 2);
    expect(first).toEqual(truth());
    expect(readBestFoundCache(key, 1)).toEqual(first);
    expect(cachedBestFound(key, g, 2)).toEqual(first[1]);
  });
  it('continues a shorter cached curve to the same result as a fresh search', () => {
    const { key, g } = setup('sin');
    const fresh = bestFoundCurve({ X: g.X, inputs: 1, y: g.y, activation: 'sin', bound: 10 }, 3);
    writeBestFoundCache(key, fresh.slice(0, 2));
    expect(cachedBestFoundCurve(key, g, 3)).toEqual(fresh);
    expect(readBestFoundCache(key, 1)).toHaveLength(3);
  });
  it('reads back a curve at round-off (a sin unit on sin) instead of searching it again and writing it back shorter', () => {
    const n = samples++;
    const X = grid(D, n);
    const y = sample('sin', X);
    const key: BestFoundKey = { target: 'sin', domain: D, samples: n, activation: 'sin', bound: 10 };
    const curve = bestFoundCurve({ X, inputs: 1, y, activation: 'sin', bound: 10 }, 2);
    expect(curve[0].mse64).toBeLessThan(1e-20); // one sin unit is the target: its MSE is round-off
    writeBestFoundCache(key, curve);
    expect(cachedBestFoundCurve(key, { X, inputs: 1, y }, 1)).toEqual(curve.slice(0, 1));
    expect(readBestFoundCache(key, 1)).toHaveLength(2);
  });
  it('searches again when an entry was edited (its MSE no longer reproduces)', () => {
    const { key, g, truth } = setup();
    const t = truth();
    writeBestFoundCache(key, [t[0], { ...t[1], mse64: t[1].mse64 / 10, mse: t[1].mse / 10 }]);
    expect(cachedBestFound(key, g, 2).mse64).toBeCloseTo(t[1].mse64, 12);
  });
  it('ignores an entry whose weights break the bound, and a file holding another key', () => {
    const { key, g, truth } = setup();
    const t = truth();
    const outside = structuredClone(t[1]);
    outside.net.output.d = 11;
    writeBestFoundCache(key, [t[0], outside]);
    expect(readBestFoundCache(key, 1)).toHaveLength(1);
    writeBestFoundCache(key, t);
    const file = fileOf(key.samples);
    const v = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...v, key: { ...v.key, activation: 'sin' } }));
    expect(readBestFoundCache(key, 1)).toEqual([]);
    expect(cachedBestFound(key, g, 2).mse64).toBeCloseTo(t[1].mse64, 12);
  });
  it.each([['garbage', 'not json'], ['a bare list', '[]'], ['wrong shapes', '{"version":1,"key":null,"curve":[{"mse":"x"}]}']])('treats %s as empty', (_what, text) => {
    const { key, g, truth } = setup();
    writeBestFoundCache(key, truth());
    writeFileSync(fileOf(key.samples), text);
    expect(readBestFoundCache(key, 1)).toEqual([]);
    expect(cachedBestFound(key, g, 1).mse64).toBeCloseTo(truth()[0].mse64, 12);
  });
  it('bestOf: the exact optimum, "best possible", for one-input ReLU; the bounded search, "best found", otherwise', () => {
    const { key, g } = setup('relu');
    const relu = bestOf({ ...key }, g, 2);
    expect(relu.label).toBe('best possible');
    expect(relu.exact).toBe(true);
    expect(relu.bound).toBeNull();
    expect(relu.mse).toBeCloseTo(optimumCurve(g.X, g.y, D, 2)[1].mse, 12);
    const tanh = bestOf({ target: key.target, domain: D, samples: key.samples, activation: 'tanh' }, g, 2);
    expect(tanh.label).toBe('best found');
    expect(tanh.exact).toBe(false);
    expect(tanh.bound).toBe(DEFAULT_WEIGHT_BOUND);
    expect(tanh.largestWeight).toBeLessThanOrEqual(DEFAULT_WEIGHT_BOUND);
  });
});
