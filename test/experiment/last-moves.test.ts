// The grown finish of a smooth run (last-moves.ts): the curvature start one unit narrower plus a
// unit, finished and moved as the kept restart is, replaces the kept network only where it is lower.
import { describe, expect, it } from 'vitest';
import { tempDir, useBackend } from '../helpers.js';
import { trainRuns } from '../../src/experiment/run.js';
import { DEFAULTS, type Config } from '../../src/settings.js';
import { header } from '../../src/report/text.js';
import { mse32 } from '../../src/math/best-found/float32.js';
import { grid, sample } from '../../src/math/targets.js';

const be = useBackend();
process.env.RELU_LAB_CACHE = tempDir('relu-lab-last-moves-cache-');
// elu on x² at width 3 (200 points, the default settings otherwise): every restart ends in a
// basin 2.57× above the best found (1.369e-4 against 5.324e-5); grown from two units it reaches it
const elu: Config = { ...DEFAULTS, activation: 'elu', target: 'square', hidden: 3, samples: 200, init: 'varied' };

describe('the grown finish of a smooth run', () => {
  it('takes the run to the best found where every width-n restart misses it, and the record and its header say so', () => {
    const [r] = trainRuns(be, [elu], () => null);
    expect(r.stopped).toMatchObject({ polished: true, grown: true });
    expect(r.optimum?.label).toBe('best found');
    expect(r.metrics.mse).toBeLessThan(1.01 * r.optimum!.mse);
    expect(Math.min(...r.restarts.losses.filter((_, k) => k !== r.restarts.best))).toBeGreaterThan(2 * r.metrics.mse);
    expect(r.restarts.losses[r.restarts.best]).toBeCloseTo(r.metrics.mse, 12);
    // the record is its network's own float32 error
    const xs = grid(elu.domain, elu.samples);
    expect(mse32(r.net, xs, sample('square', xs))).toBe(r.metrics.mse);
    expect(header(r)).toMatch(/replaced by the grown finish, lower: the curvature start of 2 units plus one unit/);
  }, 60_000);

  it('needs the curvature restart: a run of one restart (he) is not grown', () => {
    const [r] = trainRuns(be, [{ ...elu, restarts: 1 }], () => null);
    expect(r.stopped.grown).toBeUndefined();
    expect(header(r)).not.toMatch(/grown/);
  }, 60_000);
});
