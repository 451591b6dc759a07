// Starts that differ in kind, for restarts. Seeds alone vary a start only within its basin: every
// curvature start of x² at width 3 is symmetric and every one ends in the same symmetric layout
// (1.11× the optimum; the best layout is lopsided). So restart r of the default 'mixed' init takes
// its kind from MIXED_KINDS in turn: the curvature start, a greedy one grown knot by knot (it is
// lopsided wherever one more knot pays more on one side), and evenly spread knots (a share of
// knots in the flat parts the curvature measure starves). The run keeps the restart with the lowest
// full-grid loss. Pure: no TF.js, no I/O.
import { gridSse, type Network } from './hinges.js';
import { rng, uniform } from './rng.js';
import { GridSums } from './optimum/measure.js';
import { bestInsertion } from './optimum/projection.js';
import { curvatureKnots, withDirections } from './init.js';
import { solveHinges } from './facing.js';

/** Candidate knots tried per insertion of the greedy start (both directions each): about a cell of a 1000-point grid's 1/50th. */
const GREEDY_CANDIDATES = 48;
/** How far the seed moves each knot, as a share of its cell: as in the curvature start. */
const JIT = 0.25;

/**
 * Knots added one at a time, each at the candidate place and direction that lowers the grid's
 * least-squares error most with the knots so far kept (a matching pursuit over hinges). The
 * candidates are evenly spaced, shifted by the seed by up to one spacing. Directions are then
 * chosen again over all patterns, and the output layer solved (see withDirections).
 */
export function greedy(hidden: number, seed: number, domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Network {
  const [lo, hi] = domain;
  const sums = new GridSums(xs, ys);
  const step = (hi - lo) / GREEDY_CANDIDATES;
  const shift = uniform(rng(seed), 0, 1);
  const candidates = Array.from({ length: GREEDY_CANDIDATES }, (_, j) => lo + (j + shift) * step).filter((k) => k > lo && k < hi);
  const knots: number[] = [];
  const dirs: number[] = [];
  for (let m = 0; m < hidden; m++) {
    const best = bestInsertion(sums, { knots, dirs }, candidates);
    knots.push(best.knot);
    dirs.push(best.dir);
  }
  knots.sort((p, q) => p - q);
  return withDirections(knots, domain, xs, ys);
}

/**
 * The curvature layout of width n + 1 less its first or its last knot, whichever leaves the lower
 * least-squares error (each with its best directions). A network has no linear term of its own, so
 * one of its units often stands in for one: the best layouts of x² at widths 3 and 5 and of gauss
 * at width 8 are a symmetric layout of n + 1 knots with one end short, lopsided although the
 * target is not. (Leaving out the knot whose removal costs least at the start instead picked inner
 * knots on some seeds, and those starts train to the symmetric layout.) Knots are moved by the
 * seed as in the curvature start.
 */
export function dropped(hidden: number, seed: number, domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Network {
  const next = rng(seed);
  const offsets = Array.from({ length: hidden + 1 }, () => uniform(next, -JIT, JIT));
  const all = curvatureKnots(xs, ys, hidden + 1, offsets);
  const left = withDirections(all.slice(1), domain, xs, ys);
  const right = withDirections(all.slice(0, hidden), domain, xs, ys);
  // both output layers are least-squares already: their grid errors decide
  return gridSse(right, xs, ys) < gridSse(left, xs, ys) ? right : left;
}

/**
 * Outward-facing halves: ⌈n/2⌉ units face left, with the left half of the curvature layout of
 * 2⌈n/2⌉ knots, and ⌊n/2⌋ face right, with the right half of the layout of 2⌊n/2⌋ knots (the seed
 * swaps the sides of an odd width). Each side then fits its own half of a convex target as a
 * network of that many units would: the best x² at width 5 is −2.16, −1.31, −0.46 (the left half of
 * 6 knots) and 0.58, 1.79 (the right half of 4), and no symmetric or greedy start trains there.
 * The directions stay outward (the refits during training may turn units); the seed moves the
 * knots as in the curvature start.
 */
export function halves(hidden: number, seed: number, _domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Network {
  const next = rng(seed);
  const big = Math.ceil(hidden / 2);
  const small = hidden - big;
  const [nl, nr] = hidden % 2 && next() < 0.5 ? [small, big] : [big, small];
  const jitter = (m: number) => Array.from({ length: m }, () => uniform(next, -JIT, JIT));
  const left = nl ? curvatureKnots(xs, ys, 2 * nl, jitter(2 * nl)).slice(0, nl) : [];
  const right = nr ? curvatureKnots(xs, ys, 2 * nr, jitter(2 * nr)).slice(nr) : [];
  const knots = [...left, ...right];
  const a = knots.map((_, i) => (i < nl ? -1 : 1));
  return solveHinges(a, a.map((ai, i) => -ai * knots[i]), xs, ys).net;
}

/**
 * A linear term made of two units: the curvature layout of n − 1 knots, plus a unit at the seed's
 * choice of its end knots facing the other way (relu(x − k) − relu(k − x) = x − k). The best x³ at
 * width 3 is such a pair and one hinge (−1.69 both ways, 1.69), which no start with distinct
 * knots trains to. Directions of the other units are chosen over all patterns.
 */
export function paired(hidden: number, seed: number, domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Network {
  if (hidden < 2) return withDirections(curvatureKnots(xs, ys, hidden), domain, xs, ys);
  const next = rng(seed);
  const offsets = Array.from({ length: hidden - 1 }, () => uniform(next, -JIT, JIT));
  const knots = curvatureKnots(xs, ys, hidden - 1, offsets);
  const base = withDirections(knots, domain, xs, ys);
  const at = next() < 0.5 ? 0 : hidden - 2;
  const a = [...base.a, -base.a[at]];
  const b = [...base.b, -base.b[at]];
  return solveHinges(a, b, xs, ys).net;
}

/** The kinds restart r = 0, 1, 2, … of the 'mixed' init cycles through. */
export const MIXED_KINDS = ['curvature', 'halves', 'dropped', 'paired', 'greedy', 'spread'] as const;
export type StartKind = (typeof MIXED_KINDS)[number];

/** The kind of start restart r of a run gets under the 'mixed' init. */
export const mixedKind = (r: number): StartKind => MIXED_KINDS[r % MIXED_KINDS.length];
