// How much two inputs interact, measured on the grid. Functional ANOVA: f = f0 + f1(x1) + f2(x2) + f12,
// with f0 the grand mean, f1 and f2 the row and column means less f0, and f12 what is left. On a full
// grid the four parts are orthogonal, so their variances add up to f's; the share in f12 is the
// interaction. Also the x1·x2 coefficient: the least-squares coefficient of x1·x2 in the basis
// 1, x1, x2, x1·x2 (the same as in the centred basis 1, x̃1, x̃2, x̃1·x̃2 with x̃ = x − grid mean,
// since those four are orthogonal on a tensor grid). Pure: no TF.js, no I/O.
import { activation } from './activations.js';
import type { Net } from './net.js';
import type { PlaneGrid } from './targets2.js';
import { FLAT_VARIANCE } from './roundoff.js';

export interface Anova {
  f0: number;
  /** f1 at each x1 sample, f2 at each x2 sample. */
  f1: Float64Array;
  f2: Float64Array;
  /** f12 in the grid's point order. */
  f12: Float64Array;
  /** Variances (means over the grid) of f, f1, f2, f12: total = v1 + v2 + v12. */
  total: number;
  v1: number;
  v2: number;
  v12: number;
}

export function anova(g: PlaneGrid, y: ArrayLike<number>): Anova {
  const { n1, n2 } = g;
  const N = n1 * n2;
  const colMean = new Float64Array(n1); // mean over x2 at each x1
  const rowMean = new Float64Array(n2); // mean over x1 at each x2
  let f0 = 0;
  for (let i2 = 0; i2 < n2; i2++) {
    for (let i1 = 0; i1 < n1; i1++) {
      const v = y[i2 * n1 + i1];
      colMean[i1] += v / n2;
      rowMean[i2] += v / n1;
      f0 += v / N;
    }
  }
  const f1 = colMean.map((m) => m - f0);
  const f2 = rowMean.map((m) => m - f0);
  const f12 = new Float64Array(N);
  let total = 0;
  let v12 = 0;
  for (let i2 = 0; i2 < n2; i2++) {
    for (let i1 = 0; i1 < n1; i1++) {
      const j = i2 * n1 + i1;
      const r = y[j] - f0;
      f12[j] = r - f1[i1] - f2[i2];
      total += (r * r) / N;
      v12 += (f12[j] * f12[j]) / N;
    }
  }
  const v1 = f1.reduce((s, v) => s + v * v, 0) / n1;
  const v2 = f2.reduce((s, v) => s + v * v, 0) / n2;
  return { f0, f1, f2, f12, total, v1, v2, v12 };
}

export interface Interaction {
  /** Share of f's variance in x1 alone, x2 alone, and in the interaction f12; NaN for a constant f. */
  share1: number;
  share2: number;
  share12: number;
  /** Least-squares coefficient of x1·x2 (see the file's comment for the basis). */
  product: number;
  variance: number;
}

export function interaction(g: PlaneGrid, y: ArrayLike<number>): Interaction {
  const a = anova(g, y);
  const scale = a.f0 * a.f0 + a.total;
  const flat = a.total <= FLAT_VARIANCE * scale || a.total === 0;
  return {
    share1: flat ? NaN : a.v1 / a.total,
    share2: flat ? NaN : a.v2 / a.total,
    share12: flat ? NaN : a.v12 / a.total,
    product: productCoefficient(g, y),
    variance: a.total,
  };
}

/** Σ f·x̃1·x̃2 / Σ x̃1²·x̃2²: the projection on the centred product, which is orthogonal to 1, x1, x2 on the grid. */
export function productCoefficient(g: PlaneGrid, y: ArrayLike<number>): number {
  const m1 = g.x1s.reduce((s, v) => s + v, 0) / g.n1;
  const m2 = g.x2s.reduce((s, v) => s + v, 0) / g.n2;
  let num = 0;
  let den = 0;
  for (let i2 = 0; i2 < g.n2; i2++) {
    const u2 = g.x2s[i2] - m2;
    for (let i1 = 0; i1 < g.n1; i1++) {
      const u = (g.x1s[i1] - m1) * u2;
      num += y[i2 * g.n1 + i1] * u;
      den += u * u;
    }
  }
  return num / den;
}

/** Each hidden unit of a shallow two-input network alone, cᵢ·act(aᵢ·x + bᵢ), measured as above. */
export function unitInteractions(net: Net, g: PlaneGrid): Interaction[] {
  if (net.inputs !== 2 || net.layers.length !== 1) throw new Error('units are read from a one-hidden-layer two-input network');
  const [layer] = net.layers;
  const act = activation(layer.activation).f;
  return layer.W.map(([a1, a2], i) => {
    const c = net.output.w[i];
    const y = new Float64Array(g.n1 * g.n2);
    for (let j = 0; j < y.length; j++) y[j] = c * act(a1 * g.X[2 * j] + a2 * g.X[2 * j + 1] + layer.b[i]);
    return interaction(g, y);
  });
}
