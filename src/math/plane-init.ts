// Starts for two-input shallow ReLU networks that put every fold inside the domain, the output layer
// by least squares. 'folds': each normal at a random angle, its line through a random point of the
// rectangle. 'bends': the two-input analogue of the one-input curvature start: normals where the
// target bends most along them (the directional second derivative wᵀHw, H the Hessian estimated by
// second differences on the grid), offsets at the quantiles of the bending along each normal, so
// near-parallel folds spread across the domain. Glorot or He starts put lines through the origin's
// neighbourhood only (zero biases), so many folds start far from where the target bends. Pure.
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
export const ANGLE_POWER = Number(process.env.RELU_ANGLE_POWER ?? 2);
/** Floor of each measure as a share of its largest value, so flat directions and flat parts get some folds. */
const FLOOR = 0.05;
/** Golden-ratio step between the offset quantiles of successive units: neighbours in angle land far apart along the normal. */
const GOLDEN = 0.6180339887498949;

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

export function bendsInit(width: number, seed: number, g: PlaneGrid, y: Float64Array): Net {
  const next = rng(seed);
  const { h11, h22, h12 } = hessianOnGrid(g, y);
  const N = y.length;
  // how much the target bends along each normal direction, over the whole grid
  const angleW = new Float64Array(BEND_ANGLES);
  for (let k = 0; k < BEND_ANGLES; k++) {
    const t = (k * Math.PI) / BEND_ANGLES;
    const c = Math.cos(t);
    const s = Math.sin(t);
    let acc = 0;
    for (let j = 0; j < N; j++) acc += Math.abs(c * c * h11[j] + 2 * c * s * h12[j] + s * s * h22[j]);
    angleW[k] = (acc / N) ** ANGLE_POWER;
  }
  const angleCum = cumulative(angleW);
  const start = next();
  const W: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < width; i++) {
    // stratified over the angle measure, jittered within a share
    const k = quantileIndex(angleCum, ((i + 0.5 + uniform(next, -0.25, 0.25)) / width) * angleCum[angleCum.length - 1]);
    const t = ((k + next() - 0.5) * Math.PI) / BEND_ANGLES;
    const c = Math.cos(t);
    const s = Math.sin(t);
    // points sorted along the normal, weighted by how much the target bends along it there
    const proj = new Float64Array(N);
    for (let j = 0; j < N; j++) proj[j] = c * g.X[2 * j] + s * g.X[2 * j + 1];
    const order = Array.from(proj.keys()).sort((p, q) => proj[p] - proj[q]);
    const w = new Float64Array(N);
    order.forEach((j, r) => (w[r] = Math.abs(c * c * h11[j] + 2 * c * s * h12[j] + s * s * h22[j]) ** BEND_POWER));
    const cum = cumulative(w);
    const level = (start + i * GOLDEN) % 1;
    const at = proj[order[quantileIndex(cum, level * cum[N - 1])]];
    // alternate which side of the fold is live, so both sides of the domain get slopes to change
    const sign = i % 2 === 0 ? 1 : -1;
    W.push([sign * c, sign * s]);
    b.push(-sign * at);
  }
  return withOutput(W, b, g.X, y);
}
