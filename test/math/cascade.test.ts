import { describe, expect, it } from 'vitest';
import { cascadeFormula, cascadeMaxError, cascadeNet, cascadeNodes, cascadeTable, embedCascade, MAX_CASCADE } from '../../src/math/cascade.js';
import { forward, parameterCount } from '../../src/math/net.js';
import { piecewiseForm } from '../../src/math/piecewise.js';
import { grid } from '../../src/math/targets.js';

const L = 3;
const xs = grid([-L, L], 1000);

/** The piecewise-linear interpolant of x² at `count` equally spaced nodes on [−L, L], straight from its definition. */
function interpolateSquare(x: number, count: number): number {
  const h = (2 * L) / (count - 1);
  const i = Math.min(count - 2, Math.max(0, Math.floor((x + L) / h)));
  const x0 = -L + i * h;
  const x1 = x0 + h;
  return x0 * x0 + ((x1 * x1 - x0 * x0) * (x - x0)) / h;
}

describe("Yarotsky's cascade for x²", () => {
  it('has the MSE of the interpolant of x² at 2^(m+1) + 1 equally spaced nodes, computed directly', () => {
    const rows = cascadeTable(10, L, xs, (x) => x * x);
    for (const row of rows) {
      let sq = 0;
      for (const x of xs) sq += (interpolateSquare(x, 2 ** (row.m + 1) + 1) - x * x) ** 2;
      const mse = sq / xs.length;
      expect(Math.abs(row.mse - mse)).toBeLessThanOrEqual(1e-9 * mse + 1e-28);
    }
    // The bias refit equals the MSE of the cascade with d moved by the mean error, computed on the net itself.
    for (const row of rows.slice(0, 6)) {
      const y = forward(row.net, xs);
      const mean = y.reduce((s, v, j) => s + v - xs[j] * xs[j], 0) / xs.length;
      const mse = y.reduce((s, v, j) => s + (v - mean - xs[j] * xs[j]) ** 2, 0) / xs.length;
      expect(row.mseBiasFit).toBeCloseTo(mse, 12);
      if (row.m >= 3) expect(row.mse / row.mseBiasFit).toBeCloseTo(6, 0);
    }
    // The known closed form on a fine grid: the interpolant's mean squared error is h⁴/30 for node spacing h.
    const fine = grid([-L, L], 200_001);
    const m = 3;
    const h = L / 2 ** m;
    expect(cascadeTable(m, L, fine, (x) => x * x)[m].mse).toBeCloseTo(h ** 4 / 30, 7);
  });

  it('keeps to the error bound L²·2^(−2m−2), reaches it midway between nodes, and is exact at its nodes', () => {
    for (let m = 0; m <= MAX_CASCADE; m++) {
      const net = cascadeNet(m, L);
      const bound = cascadeMaxError(m, L);
      const nodes = cascadeNodes(m, L);
      expect(nodes).toHaveLength(2 ** (m + 1) + 1);
      const atNodes = forward(net, nodes);
      nodes.forEach((x, j) => expect(Math.abs(atNodes[j] - x * x)).toBeLessThanOrEqual(1e-12 * L * L));
      const mids = nodes.slice(1).map((x, j) => (x + nodes[j]) / 2);
      const atMids = forward(net, mids);
      mids.forEach((x, j) => expect(Math.abs(atMids[j] - x * x - bound)).toBeLessThanOrEqual(1e-12 * L * L));
      const y = forward(net, xs);
      xs.forEach((x, j) => expect(Math.abs(y[j] - x * x)).toBeLessThanOrEqual(bound * (1 + 1e-9)));
    }
  });

  it('is the formula t − Σ g_s(t)/4^s with g_s the composed tent map, as a real deep ReLU net', () => {
    for (let m = 0; m <= 6; m++) {
      const y = forward(cascadeNet(m, L), xs);
      xs.forEach((x, j) => expect(y[j]).toBeCloseTo(L * L * cascadeFormula(m, Math.abs(x) / L), 12));
    }
    expect(cascadeFormula(1, 0.5)).toBe(0.25);
  });

  it('has widths 2, 2, 3, …, 3 (m + 1 hidden layers), 3m + 1 units and 2^(m+1) pieces', () => {
    expect(cascadeNet(0, L).layers.map((l) => l.b.length)).toEqual([2]);
    expect(cascadeNet(4, L).layers.map((l) => l.b.length)).toEqual([2, 2, 3, 3, 3]);
    const rows = cascadeTable(8, L, xs, (x) => x * x);
    for (const row of rows) {
      expect(row.units).toBe(row.m === 0 ? 2 : 3 * row.m + 1);
      expect(row.parameters).toBe(parameterCount(1, row.widths));
      expect(row.pieces).toBe(2 ** (row.m + 1));
      expect(row.maxError).toBeLessThanOrEqual(row.bound * (1 + 1e-9));
    }
    // Dead units: none; every breakpoint is one of the nodes.
    const form = piecewiseForm(cascadeNet(5, L), [-L, L]);
    expect(form.layers.every((l) => l.dead.length === 0)).toBe(true);
    const nodes = cascadeNodes(5, L).slice(1, -1);
    expect(form.breakpoints.map((b) => b.x)).toHaveLength(nodes.length);
    form.breakpoints.forEach((b, k) => expect(b.x).toBeCloseTo(nodes[k], 12));
  });

  it('embeds in any wide-enough architecture of depth m + 1 (for --init cascade) with the same function', () => {
    const net = embedCascade([4, 5, 6, 3], L)!;
    expect(net.layers.map((l) => l.b.length)).toEqual([4, 5, 6, 3]);
    const ref = forward(cascadeNet(3, L), xs);
    forward(net, xs).forEach((y, j) => expect(y).toBe(ref[j]));
    expect(embedCascade([8], L)!.layers[0].W).toEqual([[1 / L], [-1 / L], [0], [0], [0], [0], [0], [0]]);
    expect(embedCascade([2, 2, 2], L)).toBeNull(); // layer 3 carries three numbers
    expect(embedCascade([1, 4], L)).toBeNull();
  });

  it('refuses depths outside 0…12', () => {
    expect(() => cascadeNet(13, L)).toThrow(/0 to 12/);
    expect(() => cascadeNet(-1, L)).toThrow();
  });
});
