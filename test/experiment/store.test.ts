import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedOptimum, checkOutDir, readOptimumCache, readRuns, removeStaleTemps, writeAtomic, writeRun } from '../../src/experiment/store.js';
import { ConfigError } from '../../src/errors.js';
import { grid, sample } from '../../src/math/targets.js';
import type { RunRecord } from '../../src/experiment/run.js';
import { tempDir } from '../helpers.js';

describe('results', () => {
  it('writes atomically: the file appears whole, with no temporary left behind', () => {
    const dir = tempDir();
    const p = join(dir, 'a', 'b', 'x.json');
    writeAtomic(p, '{"ok": true}');
    expect(readFileSync(p, 'utf8')).toBe('{"ok": true}');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['x.json']);
    writeAtomic(p, 'replaced');
    expect(readFileSync(p, 'utf8')).toBe('replaced');
  });

  it('refuses an output folder that is an existing file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f'), '');
    expect(() => checkOutDir(join(dir, 'f'), '--out')).toThrow(ConfigError);
    expect(() => checkOutDir(dir, '--out')).not.toThrow();
    expect(() => checkOutDir(join(dir, 'new'), '--out')).not.toThrow();
  });

  it('reads finished runs only, and clears what killed writes left', () => {
    const dir = tempDir();
    writeRun(dir, 'b', { seed: 2 } as unknown as RunRecord);
    writeRun(dir, 'a', { seed: 1 } as unknown as RunRecord);
    writeFileSync(join(dir, 'runs', 'c.json.tmp-123-abcdef'), '{"se');
    // run files are checked as they are read: these stand-ins are not records
    expect(() => readRuns(dir)).toThrow(/runs\/a\.json: config is missing/);
    expect(removeStaleTemps(dir)).toBe(1);
    expect(readdirSync(join(dir, 'runs')).sort()).toEqual(['a.json', 'b.json']);
  });

  it('caches optima on disk by target, domain, grid and width, creating the cache folder', () => {
    const before = process.env.RELU_LAB_CACHE;
    const cache = join(tempDir(), 'not', 'yet');
    process.env.RELU_LAB_CACHE = cache;
    try {
      expect(existsSync(cache)).toBe(false);
      const xs = grid([-2, 2], 300);
      const ys = sample('square', xs);
      expect(readOptimumCache('square', [-2, 2], 300)).toEqual([]);
      const o = cachedOptimum('square', [-2, 2], 300, 3, xs, ys);
      expect(readdirSync(cache)).toHaveLength(1);
      const cached = readOptimumCache('square', [-2, 2], 300);
      expect(cached.map((c) => c.hidden)).toEqual([1, 2, 3]);
      expect(cached[2].mse).toBe(o.mse);
      expect(cachedOptimum('square', [-2, 2], 300, 2, xs, ys).mse).toBe(cached[1].mse);
      expect(readOptimumCache('square', [-2, 2], 301)).toEqual([]);
      // what is on disk is what a later process gets, but only when it checks out: a doctored
      // file (its MSEs edited, or another key's file copied over) is recomputed, never printed
      const file = join(cache, readdirSync(cache)[0]);
      const doctored = JSON.parse(readFileSync(file, 'utf8'));
      doctored.curve = doctored.curve.map((c: { hidden: number }) => ({ ...c, mse: 1234 + c.hidden }));
      writeFileSync(file, JSON.stringify(doctored));
      expect(readOptimumCache('square', [-2, 2], 300).map((c) => c.mse)).toEqual([1235, 1236, 1237]);
      writeFileSync(file.replace('_-2_2_300.json', '_-2_2_299.json'), JSON.stringify(doctored));
      const g = grid([-2, 2], 299);
      const again = cachedOptimum('square', [-2, 2], 299, 3, g, sample('square', g)).mse;
      expect(again).not.toBe(1237);
      expect(again).toBeCloseTo(o.mse, 2);
    } finally {
      if (before === undefined) delete process.env.RELU_LAB_CACHE;
      else process.env.RELU_LAB_CACHE = before;
    }
  });
});
