// Polishing a trained network: its knots (−bᵢ/aᵢ) and directions (sign aᵢ) become a layout, the
// optimum search's damped Newton (knots.ts: descend) moves the knots to the nearest local optimum
// of the grid error with the directions kept (then a short pattern search off the grid's ripples),
// and the output layer is the least-squares one. Adam
// at a fixed rate leaves the knots jittering around that optimum; a slow learning-rate anneal
// removes the jitter in thousands of epochs, Newton in milliseconds. The result is never worse.
import type { Network } from '../hinges.js';
import { GridSums } from './measure.js';
import { descend, polish } from './knots.js';
import type { Solved } from './projection.js';
import { twinsApart } from '../facing.js';

/** Newton iterations at most: the knots start next to their optimum, so a few suffice. */
const POLISH_ITERATIONS = 100;
/** Error evaluations of the pattern search that walks Newton off the grid's ripples (knots.ts: polish). */
const RIPPLE_EVALUATIONS = 400;

/** d + Σ cᵢ·relu(sᵢ(x − kᵢ)) as a network with aᵢ = sᵢ = ±1. */
export function networkOfLayout(s: Solved): Network {
  const n = s.knots.length;
  return { a: s.dirs.slice(), b: s.knots.map((k, i) => -s.dirs[i] * k), c: Array.from(s.coef.subarray(0, n)), d: s.coef[n] };
}

/**
 * The trained network `net` with its knots polished on the grid (xs, ys), and its grid SSE; `sse`
 * is the trained network's own grid SSE: when Newton cannot beat it the network comes back as is.
 */
export function polishKnots(net: Network, xs: Float64Array, ys: Float64Array, domain: readonly [number, number], sse: number): { network: Network; sse: number } {
  // Twins (two units at one knot, see facing.ts) are a local optimum Newton keeps: polish also the network with them moved apart.
  const own = polishLayout(net, xs, ys, domain, sse);
  const apart = twinsApart(net, xs, ys);
  if (!apart) return own;
  const other = polishLayout(apart.net, xs, ys, domain, apart.sse);
  return other.sse < own.sse ? other : own;
}

function polishLayout(net: Network, xs: Float64Array, ys: Float64Array, domain: readonly [number, number], sse: number): { network: Network; sse: number } {
  const [lo, hi] = domain;
  // A unit with aᵢ = 0 is a constant (d takes it); put its knot outside the data, facing away.
  const knots = net.a.map((a, i) => (a === 0 || !Number.isFinite(-net.b[i] / a) ? lo : -net.b[i] / a));
  const dirs = net.a.map((a) => (a > 0 ? 1 : -1));
  if (![...knots, ...net.c, net.d].every(Number.isFinite)) return { network: net, sse };
  const sums = new GridSums(xs, ys);
  const solved = polish(sums, xs.length, descend(sums, { knots: knots.map((k) => Math.min(hi, Math.max(lo, k))), dirs }, domain, POLISH_ITERATIONS), domain, RIPPLE_EVALUATIONS);
  return solved.sse < sse ? { network: networkOfLayout(solved), sse: solved.sse } : { network: net, sse };
}
