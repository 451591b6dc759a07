import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useBackend } from '../helpers.js';
import { RECORD_VERSION, referenceOptimum, shallowWidthFor, trainRuns, upgradeRecord, gridOf, winnerOf, type OptimumSource } from '../../src/experiment/run.js';
import { openRun, reloadRun, saveRun } from '../../src/experiment/saved.js';
import { optimumCurve } from '../../src/math/optimum/index.js';
import { forward, parameterCount } from '../../src/math/net.js';
import { metrics } from '../../src/math/compare.js';
import { DEFAULTS, type Config } from '../../src/settings.js';

const be = useBackend();

const exactOptimum: OptimumSource = (c, xs, ys) => optimumCurve(xs, ys, c.domain, c.hidden as number)[(c.hidden as number) - 1];
const deep = (over: Partial<Config> = {}): Config => ({ ...DEFAULTS, hidden: [3, 3] as unknown as number, samples: 200, epochs: 150, restarts: 2, init: 'he', ...over });

describe('runs of any architecture', () => {
  it('trains a deep run into a version-2 record: the general net, no hinge view, dead units per layer, the shallow optimum of equal parameter count', () => {
    const [r] = trainRuns(be, [deep()], exactOptimum);
    expect(r.recordVersion).toBe(RECORD_VERSION);
    expect(r.network).toBeNull();
    expect(r.hinges).toEqual([]);
    expect(r.net.layers.map((l) => l.b.length)).toEqual([3, 3]);
    expect(r.deadPerLayer).toHaveLength(2);
    expect(r.deadUnits).toBe(r.deadPerLayer[0] + r.deadPerLayer[1]);
    const data = gridOf(r.config);
    expect(r.metrics.mse).toBeCloseTo(metrics(data.ys, forward(r.net, data.xs)).mse, 12);
    expect(r.history.loss.at(-1)!).toBeLessThan(r.history.loss[0]);
    expect(parameterCount(1, [3, 3])).toBe(22);
    expect(shallowWidthFor([3, 3])).toBe(7);
    expect(r.optimum).toMatchObject({ hidden: 7, basis: 'same parameter count' });
    expect(r.ratio).toBeCloseTo(r.metrics.mse / r.optimum!.mse, 12);
    expect(r.restarts.losses).toHaveLength(2);
  });

  it('trains a batch of deep runs as each alone, deterministically', () => {
    const configs = [deep({ seed: 1 }), deep({ seed: 2, lr: 0.02 })];
    const together = trainRuns(be, configs, () => null);
    configs.forEach((c, i) => {
      const [alone] = trainRuns(be, [c], () => null);
      expect(Math.abs(alone.metrics.mse - together[i].metrics.mse) / alone.metrics.mse).toBeLessThan(1e-4);
    });
    const [again] = trainRuns(be, [configs[0]], () => null);
    const [once] = trainRuns(be, [configs[0]], () => null);
    expect(again.net).toEqual(once.net);
  });

  it('keeps the shallow optimum of the same width for shallow runs', () => {
    const r = referenceOptimum({ ...DEFAULTS, samples: 200 }, gridOf({ ...DEFAULTS, samples: 200 }), exactOptimum);
    expect(r).toMatchObject({ hidden: 4, basis: 'same width' });
  });

  it('saves a deep run and show reloads it (TF.js prediction = record), and reads a version-1 record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relu-lab-deep-'));
    try {
      const [r] = trainRuns(be, [deep({ init: 'curvature', epochs: 50 })], () => null);
      await saveRun(be, dir, r);
      const back = await reloadRun(be, dir, openRun(dir));
      expect(back.record.net.layers).toHaveLength(2);
      expect(Math.abs(back.mse - r.metrics.mse) / r.metrics.mse).toBeLessThan(1e-4);
      // a version-1 record: no net, no recordVersion
      const v1 = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
      const up = upgradeRecord({ ...v1, recordVersion: undefined, net: undefined, network: { a: [1], b: [0], c: [1], d: 0 }, optimum: null });
      expect('record' in up && up.record.net.layers[0].W).toEqual([[1]]);
      expect(upgradeRecord({ ...v1, recordVersion: 99 })).toMatchObject({ problem: expect.stringMatching(/recordVersion 99 is newer/) });
      writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...v1, recordVersion: 99 }));
      expect(() => openRun(dir)).toThrow(/run\.json: recordVersion 99 is newer than this relu-lab reads/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the default one-input ReLU run: polish, relocation, the race', () => {
  const optimumOf: OptimumSource = (c, xs, ys) => optimumCurve(xs, ys, c.domain, c.hidden as number)[(c.hidden as number) - 1];

  it('relocates units at the race: exp at width 13, seed 4, leaves the layout every kept restart fell into without it (1.060×)', () => {
    const [r] = trainRuns(be, [{ ...DEFAULTS, target: 'exp', hidden: 13, seed: 4, compare: 'none' }], optimumOf);
    expect(r.ratio!).toBeLessThan(1.005);
    // the winner is one of the restarts that went on after the race, and it stopped at its plateau
    expect(r.stopped.reason).toBe('plateau');
  });

  it('keeps the best finalist of the race: a dropped restart never wins on a lower last loss, unless no finalist is finite', () => {
    const r = (loss: number, dropped = false) => ({ loss, dropped });
    expect(winnerOf([r(2), r(1, true), r(1.5), r(3, true)])).toBe(2);
    expect(winnerOf([r(1, true), r(2), r(2)])).toBe(1); // ties: the earlier
    expect(winnerOf([r(Infinity), r(1, true), r(NaN)])).toBe(1); // every finalist diverged
    expect(winnerOf([r(Infinity), r(Infinity)])).toBe(0);
  });

  it('keeps only a finalist of the race, even when a dropped restart ties it (x² at width 4)', () => {
    const [r] = trainRuns(be, [{ ...DEFAULTS, seed: 0, compare: 'none' }], optimumOf);
    expect(r.stopped.reason).toBe('plateau');
    expect(r.ratio!).toBeLessThan(1 + 1e-4);
  });
});
