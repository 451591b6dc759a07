// The two-input comparison of activations, from hand-made records: seeds pooled per activation and
// width, relu's reference the best-squares construction (none for smooth units), and each smooth
// cell's Taylor x1·x2 coefficient checked against a finite-difference mixed derivative of the network.
import { describe, expect, it } from 'vitest';
import type { PlaneRecord } from '../../src/experiment/plane-run.js';
import { metrics } from '../../src/math/compare.js';
import { forward, type Net } from '../../src/math/net.js';
import { planeGrid, sample2 } from '../../src/math/targets2.js';
import { planeActivationRows, planeActivationsMd } from '../../src/report/plane-activations.js';
import { planeWidthRows } from '../../src/report/plane-summary.js';

const DOMAIN: [[number, number], [number, number]] = [[-3, 3], [-3, 3]];
const SAMPLES = 11;

function rec(activation: string, seed: number, W: number[][], b: number[], w: number[], d: number): { id: string; record: PlaneRecord } {
  const net: Net = { inputs: 2, layers: [{ activation: activation as never, W, b }], output: { w, d } };
  const g = planeGrid(DOMAIN, SAMPLES);
  const m = metrics(sample2('product', g), forward(net, g.X));
  const settings = { target: 'product', domain: DOMAIN, samples: SAMPLES, hidden: [b.length], seed, init: activation === 'relu' ? 'bends' : 'he', optimizer: 'adam', lr: 0.01, schedule: 'cosine', epochs: 10, stop: 'plateau', patience: 100, batchSize: 0, restarts: 1, refit: 'during', ...(activation === 'relu' ? {} : { activation }) };
  return { id: `${activation}-${seed}`, record: { kind: 'plane', status: 'ok', settings, target: { name: 'product', formula: 'x1·x2', inputs: 2 }, backend: 'test', seconds: 0, net, mse: m.mse, maxAbsError: m.maxAbsError, restartMse: [m.mse], divergedAt: null, history: { epoch: [], loss: [] }, stopped: { epoch: 10, reason: 'epochs' } } as unknown as PlaneRecord };
}

/** ∂²f/∂x1∂x2 at the origin by central differences: the x1·x2 Taylor coefficient, computed without the Taylor code. */
function mixedDerivative(net: Net, h = 1e-3): number {
  const f = (x1: number, x2: number) => forward(net, [x1, x2])[0];
  return (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h);
}

describe('the two-input comparison of activations', () => {
  // two tanh units on the diagonals, offset so their second derivative is not zero: polarisation with tanh
  const tanhA = rec('tanh', 1, [[0.3, 0.3], [0.3, -0.3]], [0.5, 0.5], [-4, 4], 0.1);
  const tanhB = rec('tanh', 2, [[0.2, 0.25], [0.25, -0.2]], [0.4, 0.6], [-5, 5], 0);
  const relu = [1, 2].map((seed) => rec('relu', seed, [[1, 1], [-1, -1]], [0, 0], [0.5 * seed, 0.5], 0));

  it('pools seeds per activation and width; relu is measured against the best squares, smooth cells carry their Taylor reading', () => {
    const runs = [...relu, tanhA, tanhB];
    const rows = planeActivationRows(runs);
    expect(rows.map((r) => [r.activation, r.width, r.runs, r.reading])).toEqual([
      ['relu', 2, 2, 'folds'],
      ['tanh', 2, 2, 'taylor'],
    ]);
    const best = planeWidthRows(runs).find((r) => r.best)!.best!.mse;
    expect(rows[0].reference).toBe(best);
    const mses = relu.map((r) => r.record.mse).sort((a, b) => a - b);
    expect(rows[0].median).toBeCloseTo((mses[0] + mses[1]) / 2, 12);
    expect(rows[0].medianRatio).toBeCloseTo(rows[0].median / best, 12);
    expect(rows[1].reference).toBeNull();
    expect(rows[1].taylor).not.toBeNull();
    // the median of two seeds' x1·x2 Taylor coefficients is the mean of their mixed derivatives
    const fd = (mixedDerivative(tanhA.record.net) + mixedDerivative(tanhB.record.net)) / 2;
    expect(rows[1].taylor![1]).toBeCloseTo(fd, 5);
    expect(rows[1].largestWeight).toBe(4.5);
    const md = planeActivationsMd(rows);
    expect(md).toMatch(/\| product \| tanh \| 2 \| 2 \| .* \| — \| — \| taylor \|/);
    expect(md).toMatch(/\| product \| 2 \| (relu|tanh) \|/);
  });
});
