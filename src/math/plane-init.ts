// Starts for two-input shallow ReLU networks that put every fold inside the domain, the output layer
// by least squares. 'folds': each normal at a random angle, its line through a random point of the
// rectangle. 'bends': the two-input analogue of the one-input curvature start: normals where the
// target bends most along them (the directional second derivative wᵀHw, H the Hessian estimated by
// second differences on the grid): each direction the target bends along most gets folds in
// proportion, at offsets where it bends (the one-input knot density along the normal). Glorot or He
// starts put lines through the origin's neighbourhood only (zero biases), so many folds start far
// from where the target bends. Pure.
import { lstsq } from './linalg.js';
import type { Net } from './net.js';
import { rng, uniform } from './rng.js';
import type { Domain2, PlaneGrid } from './targets2.js';

/** Output layer by least squares over the units' columns and a constant. */
function withOutput(W: number[][], b: number[], X: Float64Array, y: Float64Array): Net {
  const N = y.length;
  const columns = W.map(([a1, a2], i) => {
    const col = new Float64Array(N);
    for (let j = 0; j < N; j++) col[j] = Math.max(0, a1 * X[2 * j] + a2 * X[2 * j + 1] + b[i]);
    return col;
  });
  columns.push(new Float64Array(N).fill(1));
  const { coef } = lstsq(columns, y);
  const width = W.length;
  return { inputs: 2, layers: [{ activation: 'relu', W, b }], output: { w: Array.from(coef.subarray(0, width)), d: coef[width] } };
}

export function foldsInit(width: number, seed: number, domain: Domain2, X: Float64Array, y: Float64Array): Net {
  const next = rng(seed);
  const W: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < width; i++) {
    const t = uniform(next, -Math.PI, Math.PI);
    const p1 = uniform(next, domain[0][0], domain[0][1]);
    const p2 = uniform(next, domain[1][0], domain[1][1]);
    W.push([Math.cos(t), Math.sin(t)]);
    b.push(-(Math.cos(t) * p1 + Math.sin(t) * p2));
  }
  return withOutput(W, b, X, y);
}

/** Normal directions tried over a half turn (a line's normal and its opposite are one fold). */
export const BEND_ANGLES = 180;
/** The bending measure along a normal is |wᵀHw|^BEND_POWER per point (2/5: the one-input curvature start's exponent). */
export const BEND_POWER = 0.4;
/** Directions are drawn ∝ (mean |wᵀHw|)^ANGLE_POWER: sharper than the offsets, so folds go where the target bends most. */
export const ANGLE_POWER = 2;
/** Floor of each measure as a share of its largest value, so flat directions and flat parts get some folds. */
const FLOOR = 0.05;

/** The Hessian (h11, h22, h12) at each grid point by second differences (one-sided rows at the edges copied inwards). */
export function hessianOnGrid(g: PlaneGrid, y: Float64Array): { h11: Float64Array; h22: Float64Array; h12: Float64Array } {
  const { n1, n2 } = g;
  const N = n1 * n2;
  const h11 = new Float64Array(N);
  const h22 = new Float64Array(N);
  const h12 = new Float64Array(N);
  const at = (i1: number, i2: number) => y[i2 * n1 + i1];
  const clamp = (i: number, n: number) => Math.min(n - 2, Math.max(1, i));
  if (n1 < 3 || n2 < 3) return { h11, h22, h12 };
  for (let i2 = 0; i2 < n2; i2++) {
    for (let i1 = 0; i1 < n1; i1++) {
      const c1 = clamp(i1, n1);
      const c2 = clamp(i2, n2);
      const d1 = (g.x1s[c1 + 1] - g.x1s[c1 - 1]) / 2;
      const d2 = (g.x2s[c2 + 1] - g.x2s[c2 - 1]) / 2;
      const j = i2 * n1 + i1;
      h11[j] = (at(c1 + 1, c2) - 2 * at(c1, c2) + at(c1 - 1, c2)) / (d1 * d1);
      h22[j] = (at(c1, c2 + 1) - 2 * at(c1, c2) + at(c1, c2 - 1)) / (d2 * d2);
      h12[j] = (at(c1 + 1, c2 + 1) - at(c1 + 1, c2 - 1) - at(c1 - 1, c2 + 1) + at(c1 - 1, c2 - 1)) / (4 * d1 * d2);
    }
  }
  return { h11, h22, h12 };
}

/** The smallest index whose running total reaches `goal` (totals ascending). */
function quantileIndex(cum: Float64Array, goal: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] < goal) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cumulative(w: Float64Array): Float64Array {
  let max = 0;
  for (const v of w) max = Math.max(max, v);
  const cum = new Float64Array(w.length);
  let acc = 0;
  for (let i = 0; i < w.length; i++) cum[i] = acc += w[i] + FLOOR * max + 1e-12;
  return cum;
}

/** How much the target bends along the normal at angle k·π/BEND_ANGLES: mean |wᵀHw| over the grid. */
function angleMeasure(h: ReturnType<typeof hessianOnGrid>, N: number): Float64Array {
  const A = new Float64Array(BEND_ANGLES);
  for (let k = 0; k < BEND_ANGLES; k++) {
    const t = (k * Math.PI) / BEND_ANGLES;
    const c = Math.cos(t);
    const s = Math.sin(t);
    let acc = 0;
    for (let j = 0; j < N; j++) acc += Math.abs(c * c * h.h11[j] + 2 * c * s * h.h12[j] + s * s * h.h22[j]);
    A[k] = acc / N;
  }
  return A;
}

/**
 * The directions the target bends along: angles (bins) whose measure is the largest within
 * ±PEAK_WINDOW bins (a half turn wraps round) and at least PEAK_SHARE of the largest. When the
 * measure is nearly flat (a bowl bends alike in every direction) no direction stands out, and any
 * two perpendicular ones carry the bending (x1² + x2² = u² + v² for u, v turned axes): the axes.
 * None for a target that does not bend (a plane): then the angles are stratified.
 */
export function bendDirections(A: Float64Array, negligible = 0): number[] {
  const max = Math.max(...A);
  const min = Math.min(...A);
  if (!(max > negligible)) return [];
  // bending alike every way (a bowl: H = 2I) is x1² + x2² along any two perpendicular directions: take the axes
  if (min > FLAT * max) return [0, A.length / 2];
  const K = A.length;
  const peaks: number[] = [];
  for (let k = 0; k < K; k++) {
    if (A[k] < PEAK_SHARE * max) continue;
    let top = true;
    for (let d = 1; d <= PEAK_WINDOW && top; d++) {
      const l = A[(k - d + K) % K];
      const r = A[(k + d) % K];
      // strictly above the left neighbours, at least the right ones: a plateau counts once
      if (l >= A[k] || r > A[k]) top = false;
    }
    if (top) peaks.push(k);
  }
  return peaks;
}

/** Window (in angle bins, 1° each) within which a direction must be the most bent to count as one of the target's directions. */
const PEAK_WINDOW = 10;
/** A direction counts when it bends at least this share of the most bent one. */
const PEAK_SHARE = 0.3;
/** Bending this small relative to the target's range over the domain's diagonal squared is rounding, not bending. */
const ROUNDING = 1e-9;
/** Least/most bending above this ratio: the measure is flat and no direction stands out. */
const FLAT = 0.7;

/**
 * Offsets along the normal (c, s): quantiles of (p·|wᵀHw|²)^(1/5) over bins of the projection t = w·x,
 * p the share of grid points at t — the L2-best knot density of a one-input linear spline,
 * (p·f''²)^(1/5) — at levels (i + 1 + jitter)/(m + 1), i = 0 … m − 1, as the one-input curvature start.
 */
function offsetsAlong(c: number, s: number, g: PlaneGrid, h: ReturnType<typeof hessianOnGrid>, m: number, next: () => number): number[] {
  const N = g.n1 * g.n2;
  const proj = new Float64Array(N);
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < N; j++) {
    proj[j] = c * g.X[2 * j] + s * g.X[2 * j + 1];
    lo = Math.min(lo, proj[j]);
    hi = Math.max(hi, proj[j]);
  }
  const B = 2 * Math.max(g.n1, g.n2) - 1;
  const count = new Float64Array(B);
  const bend = new Float64Array(B);
  for (let j = 0; j < N; j++) {
    const b = Math.min(B - 1, Math.floor(((proj[j] - lo) / (hi - lo || 1)) * B));
    count[b] += 1;
    bend[b] += Math.abs(c * c * h.h11[j] + 2 * c * s * h.h12[j] + s * s * h.h22[j]);
  }
  const w = count.map((n, b) => (n > 0 ? ((n / N) * (bend[b] / n) ** 2) ** 0.2 : 0));
  const cum = cumulative(w);
  return Array.from({ length: m }, (_, i) => {
    const b = quantileIndex(cum, ((i + 1 + uniform(next, -0.25, 0.25)) / (m + 1)) * cum[B - 1]);
    return lo + ((b + 0.5) / B) * (hi - lo);
  });
}

export function bendsInit(width: number, seed: number, g: PlaneGrid, y: Float64Array): Net {
  const next = rng(seed);
  const h = hessianOnGrid(g, y);
  const A = angleMeasure(h, y.length);
  // bending below rounding of the target's own scale (second differences of a plane) is no bending
  let ylo = Infinity;
  let yhi = -Infinity;
  for (const v of y) [ylo, yhi] = [Math.min(ylo, v), Math.max(yhi, v)];
  const span = Math.hypot(g.domain[0][1] - g.domain[0][0], g.domain[1][1] - g.domain[1][0]);
  const peaks = bendDirections(A, (ROUNDING * (yhi - ylo)) / (span * span));
  // the units each direction gets, in proportion to how much the target bends along it (largest remainders)
  const angles: number[] = [];
  if (peaks.length) {
    const total = peaks.reduce((t, k) => t + A[k], 0);
    const exact = peaks.map((k) => (width * A[k]) / total);
    const share = exact.map(Math.floor);
    const order = exact.map((e, i) => [e - share[i], i]).sort((p, q) => q[0] - p[0]);
    for (let r = 0; r < width - share.reduce((a, b) => a + b, 0); r++) share[order[r % order.length][1]]++;
    peaks.forEach((k, i) => {
      for (let u = 0; u < share[i]; u++) angles.push(((k + uniform(next, -0.5, 0.5)) * Math.PI) / BEND_ANGLES);
    });
  } else {
    const cum = cumulative(A.map((v) => v ** ANGLE_POWER));
    for (let i = 0; i < width; i++) {
      const k = quantileIndex(cum, ((i + 0.5 + uniform(next, -0.25, 0.25)) / width) * cum[cum.length - 1]);
      angles.push(((k + next() - 0.5) * Math.PI) / BEND_ANGLES);
    }
  }
  // units of one direction spread along it; a direction's units alternate which side is live
  const W: number[][] = [];
  const b: number[] = [];
  const groups = new Map<number, number[]>();
  angles.forEach((t, i) => {
    const key = peaks.length ? Math.round((t * BEND_ANGLES) / Math.PI) : i;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(t);
  });
  for (const ts of groups.values()) {
    const t0 = ts.reduce((a, t) => a + t, 0) / ts.length;
    const at = offsetsAlong(Math.cos(t0), Math.sin(t0), g, h, ts.length, next);
    ts.forEach((t, i) => {
      const sign = i % 2 === 0 ? 1 : -1;
      W.push([sign * Math.cos(t), sign * Math.sin(t)]);
      b.push(-sign * at[i]);
    });
  }
  return withOutput(W, b, g.X, y);
}
