// Which way each hidden unit faces, chosen for fixed knots by least squares over all patterns at
// once. Gradient descent cannot turn a unit round: relu(a·x + b) changes side only through a = 0,
// where its knot −b/a runs off to infinity, so a start's directions are the run's directions for
// good. Which units face left sets the end slopes (the left-end slope is minus the sum of the
// left-facing units' slope changes), a subset sum whose good answers lie many single flips apart:
// tanh at width 6 trained to 1.43× the optimum with the optimum's knots and the wrong directions.
// This picks the pattern with the optimum's subset-sum pricing on the grid (exact for the grid's
// MSE), used by the knot-placing starts and by the refits during training. Pure: no TF.js, no I/O.
import type { Network } from './hinges.js';
import { solveOutputLayer } from './init.js';
import { GridSums } from './optimum/measure.js';
import { directionPatterns } from './optimum/directions.js';

/** Random starts of the subset-sum local search (besides the current pattern): enough that widths to 32 find the best pattern the optimum finds. */
const PATTERN_TRIES = 24;

/** A new pattern must lower the grid's SSE by this share to replace the current one (no flips on round-off). */
const FLIP_GAIN = 1e-9;

/**
 * The best direction (±1) of each unit with knots fixed, starting the search from `current`.
 * Returns `current` unchanged when no pattern beats it by FLIP_GAIN.
 */
export function bestFacing(knots: number[], current: number[], xs: Float64Array, ys: Float64Array, seed = 0): number[] {
  if (!knots.length) return [];
  const sums = new GridSums(xs, ys);
  const best = directionPatterns(sums, knots, current, seed, PATTERN_TRIES, 1)[0];
  if (!best || best.dirs.every((d, i) => d === current[i])) return current;
  // the pricing carries a tiny ridge: the switch is confirmed by explicit least squares on the grid
  const sseOf = (dirs: number[]) => solveOutputLayer(dirs, knots.map((k, i) => -dirs[i] * k), xs, ys).sse;
  return sseOf(best.dirs) < sseOf(current) * (1 - FLIP_GAIN) ? best.dirs : current;
}

/**
 * The refit of a trained network: each unit keeps its knot −b/a and its steepness |a|, faces the
 * way least squares prefers (bestFacing), and the output layer (c, d) is solved by least squares.
 * Units with a = 0 have no knot and keep their weights.
 */
export function refitUnits(net: Network, xs: Float64Array, ys: Float64Array): Network {
  const live = net.a.flatMap((a, i) => (a !== 0 && Number.isFinite(net.b[i] / a) ? [i] : []));
  const knots = live.map((i) => -net.b[i] / net.a[i]);
  const dirs = bestFacing(knots, live.map((i) => Math.sign(net.a[i])), xs, ys);
  const a = [...net.a];
  const b = [...net.b];
  live.forEach((i, j) => {
    if (dirs[j] !== Math.sign(a[i])) {
      a[i] = -a[i];
      b[i] = -b[i];
    }
  });
  return solveOutputLayer(a, b, xs, ys).net;
}
