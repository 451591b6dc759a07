// Initial networks. 'glorot' is what Keras users get; 'spread' puts a knot in every part of the
// domain, picks each unit's direction by the least-squares error it allows, and solves the output
// layer exactly, so gradient descent starts from a good layout instead of having to find one.
// Also the least-squares solve of the output layer used by --refit. Pure: no TF.js, no I/O.
export const INITS = ['spread', 'curvature', 'glorot'] as const;
export type Init = (typeof INITS)[number];

import { relu, type Network } from './hinges.js';
import { lstsq } from './linalg.js';
import { rng, uniform } from './rng.js';

/** Glorot-uniform kernels (limit √(6/(fan_in + fan_out)) = √(6/(1 + n)) for both layers), zero biases. */
export function glorot(hidden: number, seed: number): Network {
  const next = rng(seed);
  const limit = Math.sqrt(6 / (1 + hidden));
  const a = Array.from({ length: hidden }, () => uniform(next, -limit, limit));
  const c = Array.from({ length: hidden }, () => uniform(next, -limit, limit));
  return { a, b: new Array(hidden).fill(0), c, d: 0 };
}

/** The feature columns relu(aᵢ·x + bᵢ) and a constant column last. */
function features(a: number[], b: number[], xs: Float64Array): Float64Array[] {
  const cols = a.map((ai, i) => xs.map((x) => relu(ai * x + b[i])));
  cols.push(new Float64Array(xs.length).fill(1));
  return cols;
}

/** The best output layer (c, d) for a fixed hidden layer (a, b), by least squares on the grid. */
export function solveOutputLayer(a: number[], b: number[], xs: Float64Array, ys: Float64Array): { net: Network; sse: number } {
  const { coef, sse } = lstsq(features(a, b, xs), ys);
  const n = a.length;
  return { net: { a: [...a], b: [...b], c: Array.from(coef.subarray(0, n)), d: coef[n] }, sse };
}

/**
 * Knots at the centres of n equal cells of the domain, each moved by up to a quarter cell by the
 * seed; |a| = 1. Directions start facing outward (left half left, right half right), then each
 * unit in turn is flipped when that lowers the least-squares error, until no flip helps.
 */
export function spread(hidden: number, seed: number, domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Network {
  const next = rng(seed);
  const [lo, hi] = domain;
  const cell = (hi - lo) / hidden;
  const knots = Array.from({ length: hidden }, (_, i) => lo + (i + 0.5 + uniform(next, -0.25, 0.25)) * cell);
  return withDirections(knots, domain, xs, ys);
}

/**
 * |a| = 1 at the given knots. Directions start facing outward (left half left, right half right),
 * then each unit in turn is flipped when that lowers the least-squares error, until no flip helps;
 * the output layer is the least-squares one.
 */
function withDirections(knots: number[], domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Network {
  const [lo, hi] = domain;
  const hidden = knots.length;
  const a: number[] = knots.map((k) => (k < (lo + hi) / 2 ? -1 : 1));
  const bOf = (aa: number[]) => aa.map((ai, i) => -ai * knots[i]);
  let best = solveOutputLayer(a, bOf(a), xs, ys);
  for (let pass = 0; pass < 3; pass++) {
    let improved = false;
    for (let i = 0; i < hidden; i++) {
      a[i] = -a[i];
      const trial = solveOutputLayer(a, bOf(a), xs, ys);
      if (trial.sse < best.sse * (1 - 1e-9)) {
        best = trial;
        improved = true;
      } else a[i] = -a[i];
    }
    if (!improved) break;
  }
  return best.net;
}

/**
 * Knots at the quantiles of |f''|^(2/5): where the best free-knot linear splines put them as the
 * knots get many (|f''| estimated by second differences on the grid, floored so flat parts get some).
 * The n knots cut that measure into n + 1 equal shares, the two end pieces included: a best fit
 * has no knot at the domain's ends, so its end pieces are as long as the others (x² at width 4:
 * ±0.6, ±1.8 on [−3, 3]). Centres of n shares would leave half-length end pieces, and gradient
 * descent is slow to stretch a whole layout outward.
 */
export function curvatureKnots(xs: Float64Array, ys: Float64Array, n: number, offsets?: number[]): number[] {
  const N = xs.length;
  const w = new Float64Array(N);
  let max = 0;
  for (let j = 1; j < N - 1; j++) {
    const h = (xs[j + 1] - xs[j - 1]) / 2;
    w[j] = Math.abs((ys[j + 1] - 2 * ys[j] + ys[j - 1]) / (h * h)) ** 0.4;
    max = Math.max(max, w[j]);
  }
  w[0] = w[1];
  w[N - 1] = w[N - 2];
  let total = 0;
  for (let j = 0; j < N; j++) total += w[j] += 0.05 * max + 1e-12;
  const knots: number[] = [];
  let acc = 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const goal = ((i + 1 + (offsets?.[i] ?? 0)) / (n + 1)) * total;
    while (j < N - 1 && acc + w[j] < goal) acc += w[j++];
    knots.push(xs[j]);
  }
  return knots;
}

/**
 * Knots where the target bends most (the quantiles of |f''|^(2/5), see curvatureKnots), each moved
 * by up to a quarter of its share by the seed; directions and output layer as in spread.
 */
export function curvature(hidden: number, seed: number, domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Network {
  const next = rng(seed);
  const offsets = Array.from({ length: hidden }, () => uniform(next, -0.25, 0.25));
  return withDirections(curvatureKnots(xs, ys, hidden, offsets), domain, xs, ys);
}

export function initialNetwork(init: Init, hidden: number, seed: number, domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Network {
  if (init === 'glorot') return glorot(hidden, seed);
  return init === 'curvature' ? curvature(hidden, seed, domain, xs, ys) : spread(hidden, seed, domain, xs, ys);
}

/** The seed of restart r of a run: far apart so restarts of one run never share a seed with another run's. */
export function restartSeed(seed: number, r: number): number {
  return (seed + r * 1_000_003) % 2 ** 31;
}
