// Yarotsky's sawtooth construction of x² as a real deep ReLU network ("Error bounds for
// approximations with deep ReLU networks", 2017). The tent map g(t) = 2·relu(t) − 4·relu(t − 1/2)
// folds [0, 1] onto itself; its s-fold composition g_s is a sawtooth with 2^(s−1) teeth, and
//   f_m(t) = t − Σ_{s=1..m} g_s(t) / 4^s
// is the piecewise-linear interpolant of t² at the 2^m + 1 points j/2^m, max error 2^(−2m−2).
// On a symmetric domain [−L, L], x² ≈ L²·f_m(|x|/L). Pure: no TF.js, no I/O.
import { forward, parameterCount, widths, type Layer, type Net } from './net.js';
import { piecewiseForm } from './piecewise.js';

/**
 * The deepest cascade built: at m = 12 the error bound 2^(−26)·L² is, relative to L², below
 * float32's 2^(−24), so TF.js (float32) can no longer see a further fold.
 */
export const MAX_CASCADE = 12;

/**
 * The cascade for m folds on [−L, L]. Its hidden layers, all ReLU:
 *   layer 1: p = relu(x/L), q = relu(−x/L)                     so t = |x|/L = p + q
 *   layer 2: relu(t), relu(t − 1/2)                            so g_1 = 2·u₀ − 4·u₁, S_1 = t − g_1/4
 *   layer s+1 (s = 2…m): relu(g_{s−1}), relu(g_{s−1} − 1/2), relu(S_{s−1})
 *                                                              so g_s = 2·u₀ − 4·u₁, S_s = u₂ − g_s/4^s
 * and the output L²·S_m. Every carried value is ≥ 0 on the domain (t, g_s ∈ [0, 1] and S_s ≥ t² ≥ 0),
 * so a single ReLU passes it on unchanged. m = 0 is the shallow L²·|x|/L = L·|x|.
 */
export function cascadeNet(m: number, L: number): Net {
  if (!Number.isInteger(m) || m < 0 || m > MAX_CASCADE) throw new Error(`cascade depth must be a whole number from 0 to ${MAX_CASCADE}, got ${m}`);
  if (!(L > 0)) throw new Error(`cascade half-width must be positive, got ${L}`);
  const L2 = L * L;
  const first: Layer = { activation: 'relu', W: [[1 / L], [-1 / L]], b: [0, 0] };
  if (m === 0) return { inputs: 1, layers: [first], output: { w: [L2, L2], d: 0 } };
  // Layer 2 reads t = p + q.
  const layers: Layer[] = [first, { activation: 'relu', W: [[1, 1], [1, 1]], b: [0, -0.5] }];
  // Linear read-outs of the last layer: g (the sawtooth so far) and S (the running sum) as weight rows.
  let g = [2, -4];
  let S = [1 - 2 / 4, 4 / 4]; // t − g_1/4 with t = u₀
  for (let s = 2; s <= m; s++) {
    const gw = [...g];
    layers.push({ activation: 'relu', W: [gw, gw, [...S]], b: [0, -0.5, 0] });
    const scale = 4 ** s;
    g = [2, -4, 0];
    S = [-2 / scale, 4 / scale, 1];
  }
  return { inputs: 1, layers, output: { w: S.map((w) => L2 * w), d: 0 } };
}

/** f_m(t) from the formula itself: t − Σ g_s(t)/4^s, the sawtooth built by composing the tent map. */
export function cascadeFormula(m: number, t: number): number {
  let y = t;
  let g = t;
  for (let s = 1; s <= m; s++) {
    g = 2 * Math.max(g, 0) - 4 * Math.max(g - 0.5, 0);
    y -= g / 4 ** s;
  }
  return y;
}

/** The bound on |x² − L²·f_m(|x|/L)| on [−L, L]: L²·2^(−2m−2). */
export function cascadeMaxError(m: number, L: number): number {
  return L * L * 2 ** (-2 * m - 2);
}

/** The x where the cascade equals x² exactly: ±L·j/2^m, 2^(m+1) + 1 of them. */
export function cascadeNodes(m: number, L: number): number[] {
  const n = 2 ** m;
  return Array.from({ length: 2 * n + 1 }, (_, i) => (L * (i - n)) / n);
}

/** The half-width L of a domain the cascade can cover: it must be symmetric about 0. */
export function symmetricHalfWidth(domain: readonly [number, number]): number | null {
  return domain[0] === -domain[1] && domain[1] > 0 ? domain[1] : null;
}

/** One row of the cascade table: the net for m folds and how close it is to the target on the grid. */
export interface CascadeRow {
  m: number;
  net: Net;
  widths: number[];
  units: number;
  parameters: number;
  /** Maximal linear pieces on the domain (from the exact piecewise form): 2^(m+1). */
  pieces: number;
  mse: number;
  maxError: number;
  /**
   * The MSE once the output bias d is refit by least squares (d − mean error): the interpolant lies
   * above x² everywhere, so this one free number cuts the MSE about 6-fold (h⁴/30 → h⁴/180 for node
   * spacing h) at no extra parameter.
   */
  mseBiasFit: number;
  /** L²·2^(−2m−2): the bound maxError must keep to (for x²). */
  bound: number;
}

/** The cascade for m = 0…M against the target f on the grid xs of [−L, L]. */
export function cascadeTable(M: number, L: number, xs: Float64Array, f: (x: number) => number): CascadeRow[] {
  const ys = xs.map(f);
  return Array.from({ length: M + 1 }, (_, m) => {
    const net = cascadeNet(m, L);
    const yhat = forward(net, xs);
    let sq = 0;
    let sum = 0;
    let maxError = 0;
    for (let j = 0; j < xs.length; j++) {
      const e = Math.abs(yhat[j] - ys[j]);
      sq += e * e;
      sum += yhat[j] - ys[j];
      if (e > maxError) maxError = e;
    }
    const mean = sum / xs.length;
    const w = widths(net);
    return {
      m,
      net,
      widths: w,
      units: w.reduce((a, b) => a + b, 0),
      parameters: parameterCount(1, w),
      pieces: piecewiseForm(net, [-L, L]).pieces,
      mse: sq / xs.length,
      maxError,
      mseBiasFit: Math.max(0, sq / xs.length - mean * mean),
      bound: cascadeMaxError(m, L),
    };
  });
}

/**
 * The cascade with m = depth − 1 folds inside a network of the given hidden widths (for
 * `--init cascade`): each layer's first units are the cascade's, the others have zero weights
 * and bias (and zero output weight), so the function is the cascade's. Null when a layer is too
 * narrow for it (widths 2, 2, 3, 3, … at least).
 */
export function embedCascade(widths: readonly number[], L: number): Net | null {
  const m = widths.length - 1;
  if (m > MAX_CASCADE) return null;
  const core = cascadeNet(m, L);
  if (core.layers.some((l, i) => l.b.length > widths[i])) return null;
  let fanIn = 1;
  const layers: Layer[] = core.layers.map((l, i) => {
    const width = widths[i];
    const W = Array.from({ length: width }, (_, u) => Array.from({ length: fanIn }, (_, j) => l.W[u]?.[j] ?? 0));
    const b = Array.from({ length: width }, (_, u) => l.b[u] ?? 0);
    fanIn = width;
    return { activation: 'relu', W, b };
  });
  const w = Array.from({ length: fanIn }, (_, u) => core.output.w[u] ?? 0);
  return { inputs: 1, layers, output: { w, d: core.output.d } };
}
