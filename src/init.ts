// Initial networks. 'glorot' is what Keras users get; 'spread' puts a knot in every part of the
// domain, picks each unit's direction by the least-squares error it allows, and solves the output
// layer exactly, so gradient descent starts from a good layout instead of having to find one.
// Also the least-squares solve of the output layer used by --refit. Pure: no TF.js, no I/O.
import type { Init } from './config.js';
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

export function initialNetwork(init: Init, hidden: number, seed: number, domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Network {
  return init === 'glorot' ? glorot(hidden, seed) : spread(hidden, seed, domain, xs, ys);
}

/** The seed of restart r of a run: far apart so restarts of one run never share a seed with another run's. */
export function restartSeed(seed: number, r: number): number {
  return (seed + r * 1_000_003) % 2 ** 31;
}
