import { describe, expect, it } from 'vitest';
import { recordOf } from '../../src/experiment/record.js';
import { gridOf } from '../../src/experiment/grid.js';
import { DEFAULTS, type Config } from '../../src/settings.js';
import { metrics } from '../../src/math/compare.js';
import { forward, type Net } from '../../src/math/net.js';
import { mse32 } from '../../src/math/best-found/float32.js';

const rest = { status: 'ok' as const, divergedAt: null, history: { epoch: [], loss: [] }, restarts: { best: 0, losses: [0] }, seconds: 0 };

describe('a run record', () => {
  it('measures a smooth network as TF.js computes it, in float32: a float64-only cancellation is not its error', () => {
    // one sin unit deep in its Taylor regime: -2/a²·cos(a·x) + 2/a² = x² − a²x⁴/12 + …, exact to 1e-11
    // in float64, but cos(a·x) ≈ 1 − 5e-7·x² is lost in float32's 6e-8 steps times an output weight of 2e6
    const a = 1e-3;
    const config: Config = { ...DEFAULTS, target: 'square', activation: 'sin', init: 'varied', hidden: 1, samples: 200 };
    const net: Net = { inputs: 1, layers: [{ activation: 'sin', W: [[a]], b: [Math.PI / 2] }], output: { w: [-2 / a ** 2], d: 2 / a ** 2 } };
    const data = gridOf(config);
    const float64 = metrics(data.ys, forward(net, data.xs)).mse;
    expect(float64).toBeLessThan(1e-9);
    const r = recordOf(config, 'cpu', data, net, rest, null);
    expect(r.metrics.mse).toBeGreaterThan(1e-4);
    expect(r.metrics.mse).toBeCloseTo(mse32(net, data.xs, data.ys), 12);
  });

  it('measures a ReLU network in float64, as its exact optimum is', () => {
    const config: Config = { ...DEFAULTS, hidden: 2, samples: 200 };
    const net: Net = { inputs: 1, layers: [{ activation: 'relu', W: [[1], [-1]], b: [0.1, 0.2] }], output: { w: [3, 3], d: 0.01 } };
    const data = gridOf(config);
    expect(recordOf(config, 'cpu', data, net, rest, null).metrics.mse).toBe(metrics(data.ys, forward(net, data.xs)).mse);
  });
});
