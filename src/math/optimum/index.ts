// The lowest MSE any width-n network y = d + Σ cᵢ·relu(aᵢx + bᵢ) reaches on a grid, and a network
// that reaches it. Pure: no TF.js, no I/O.
//
// Scaling a unit by |aᵢ| changes nothing (cᵢ absorbs it), so a network is its knots kᵢ, directions
// sᵢ = ±1 and output weights (c, d). For fixed knots and directions (c, d) is a linear least-squares
// problem; over the knots we run Newton's method on the projected residual (variable projection).
// Every feature relu(s(x − k)) is a line on an interval of the sorted grid, so with prefix sums of
// 1, x, x², y, xy every inner product costs O(1): one evaluation is O(n³), not O(N·n²).
// The search restarts from several layouts (evenly spread, symmetric, the previous width's optimum
// plus one unit, random) and then searches the directions; last, blocks of knots hop into
// neighbouring ripples' basins (on a coarse grid the error has one per grid cell a knot is in).
// Layouts whose units face both ways in turn are finished and hopped on the side, kept where lower.
// Directions matter: with n units the slopes at the two ends must split between left- and
// right-facing units, so not every spline with n knots is reachable; the search works in the
// network's own parametrisation.
//
// Files: measure.ts (the grid objective and its smooth stand-in), projection.ts (least squares for
// (c, d) at fixed knots), knots.ts (Newton, pattern search and hops on the knots), directions.ts (which
// way each unit faces); this file builds the starting layouts and runs the search width by width.
import type { Network } from '../hinges.js';
import { predict } from '../hinges.js';
import { metrics } from '../compare.js';
import { rng, uniform } from '../rng.js';
import { curvatureKnots } from '../init.js';
import { GridSums, LineSums } from './measure.js';
import { project, type Layout, type Solved } from './projection.js';
import { descend, hop, polish } from './knots.js';
import { redirect } from './directions.js';

export interface Optimum {
  hidden: number;
  mse: number;
  maxAbsError: number;
  network: Network;
}

function networkOf(s: Solved): Network {
  const n = s.knots.length;
  return {
    a: s.dirs.slice(),
    b: s.knots.map((k, i) => -s.dirs[i] * k),
    c: Array.from(s.coef.subarray(0, n)),
    d: s.coef[n],
  };
}

function layoutsFor(n: number, domain: readonly [number, number], previous: Layout | null, seed: number, randomStarts: number, xs: Float64Array, ys: Float64Array): Layout[] {
  const [lo, hi] = domain;
  const mid = (lo + hi) / 2;
  const out: Layout[] = [];
  const curved = curvatureKnots(xs, ys, n);
  // facing outward, the middle unit (odd widths) once each way
  out.push({ knots: curved, dirs: curved.map((k) => (k < mid ? -1 : 1)) });
  out.push({ knots: curved, dirs: curved.map((k) => (k <= mid ? -1 : 1)) });
  out.push({ knots: curved, dirs: curved.map(() => 1) });
  const evenly = Array.from({ length: n }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / n);
  const outward = evenly.map((k) => (k < mid ? -1 : 1));
  out.push({ knots: evenly, dirs: outward });
  out.push({ knots: evenly, dirs: evenly.map((k) => (k <= mid ? -1 : 1)) });
  out.push({ knots: evenly, dirs: evenly.map(() => 1) });
  out.push({ knots: evenly, dirs: evenly.map(() => -1) });
  out.push({ knots: evenly, dirs: evenly.map((_, i) => (i % 2 ? 1 : -1)) });
  // symmetric pairs, as the hand-built sums: one unit facing each way at ±k
  const pairs = Array.from({ length: n }, (_, i) => mid + (Math.floor(i / 2) + 0.5) * ((hi - lo) / (n + 1)) * (i % 2 ? 1 : -1));
  out.push({ knots: pairs, dirs: pairs.map((k) => (k < mid ? -1 : 1)) });
  out.push({ knots: pairs.map(() => mid), dirs: pairs.map((_, i) => (i % 2 ? 1 : -1)) });
  const next = rng(seed);
  if (previous) {
    // the previous width's optimum plus one unit, tried at 4 places facing each way
    for (let t = 0; t < 4; t++) {
      const k = lo + ((t + 0.5) * (hi - lo)) / 4;
      for (const dir of [-1, 1]) out.push({ knots: [...previous.knots, k], dirs: [...previous.dirs, dir] });
    }
  }
  for (let t = 0; t < randomStarts; t++) {
    const knots = Array.from({ length: n }, () => uniform(next, lo, hi));
    out.push({ knots, dirs: knots.map(() => (next() < 0.5 ? -1 : 1)) });
  }
  return out;
}

/** How far above the chain's layout, finished on the grid, the best mixed-facing layout may sit and still be hopped: about what hops gain. */
const MIXED_MARGIN = 0.03;

/** The lowest of these layouts once each is finished on the grid. */
function bestOnGrid(grid: GridSums, points: number, layouts: Solved[], domain: readonly [number, number]): Solved {
  return layouts.map((l) => polish(grid, points, descend(grid, l, domain), domain, 300)).reduce((u, v) => (v.sse < u.sse ? v : u));
}

/** Layouts of evenly spread and curvature-placed knots whose units face left and right in turn: singly, in pairs, in pairs offset by one. */
function mixedFacings(n: number, [lo, hi]: readonly [number, number], xs: Float64Array, ys: Float64Array): Layout[] {
  const evenly = Array.from({ length: n }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / n);
  const curved = curvatureKnots(xs, ys, n);
  const turns = [(i: number) => i % 2, (i: number) => Math.floor(i / 2) % 2, (i: number) => Math.floor((i + 1) / 2) % 2];
  const all = turns.flatMap((turn) => [evenly, curved].map((knots) => ({ knots, dirs: knots.map((_, i) => (turn(i) ? 1 : -1)) })));
  // at widths 1 and 2 some coincide
  return all.filter((l, i) => all.findIndex((m) => JSON.stringify(m) === JSON.stringify(l)) === i);
}

/** `previous` with one more unit, switched off: a knot at the domain's left end, facing left. */
const withUnitOff = (previous: Layout, domain: readonly [number, number]): Layout => ({ knots: [...previous.knots, domain[0]], dirs: [...previous.dirs, -1] });
const unitOff = (grid: GridSums, previous: Solved, domain: readonly [number, number]): Solved => project(grid, withUnitOff(previous, domain)).solved;

export interface OptimumOptions {
  /** Random layouts tried at each width besides the structured ones. */
  randomStarts?: number;
  seed?: number;
  /** The basin hops at the end of each width (knots.ts hop); off, none (version 7's search, plus the mixed-facing layouts). */
  hops?: boolean;
  /** Called after each width with a rough share of the work done. */
  onProgress?: (p: { width: number; of: number; fraction: number }) => void;
}

/**
 * The optimum at every width 1..maxHidden, each width seeded with the previous one's solution.
 * Returns them in order of width.
 */
export function optimumCurve(xs: Float64Array, ys: Float64Array, domain: readonly [number, number], maxHidden: number, opts: OptimumOptions = {}): Optimum[] {
  const grid = new GridSums(xs, ys);
  const line = new LineSums(xs, ys);
  const randomStarts = opts.randomStarts ?? 4;
  const out: Optimum[] = [];
  let previous: Solved | null = null;
  let reported: Solved | null = null;
  for (let n = 1; n <= maxHidden; n++) {
    // Layouts are found on the smooth version of the problem (every start descends, the best
    // four get the direction search); each of those is then finished on the grid itself, where
    // the error is measured, and the best of all gets a longer polish.
    const starts = layoutsFor(n, domain, previous, (opts.seed ?? 0) + n, randomStarts, xs, ys);
    if (previous) starts.push(withUnitOff(previous, domain));
    const descended = starts.map((layout) => descend(line, layout, domain, 40));
    descended.sort((p, q) => p.sse - q.sse);
    let best: Solved | null = null;
    const smooths = descended.slice(0, 4).map((start) => redirect(line, start, domain)).sort((p, q) => p.sse - q.sse);
    for (const smooth of smooths) {
      // grid ripples move the error by well under 1%: a layout that far behind on the smooth problem never wins
      if (smooth.sse > smooths[0].sse * 1.01) continue;
      const onGrid = polish(grid, xs.length, descend(grid, smooth, domain), domain, 300);
      if (!best || onGrid.sse < best.sse) best = onGrid;
    }
    best = polish(grid, xs.length, best!, domain, 1500);
    // A wider network can always switch a unit off: never report more error than width n − 1.
    if (previous && previous.sse < best.sse) best = unitOff(grid, previous, domain);
    // The next width grows from this layout, not from its hops: seeded from a hop's basin the
    // search ended up to 1.25% higher at some widths (sin at 26 on 200 points); this way the hops
    // can only lower a width's error.
    previous = best;
    const hopped = (s: Solved) => (opts.hops === false ? s : hop(grid, xs.length, s, domain));
    let b = hopped(best);
    // Layouts whose units face both ways in turn rank behind on the smooth problem but can end ahead
    // on the grid (x² at width 17 on 200 points: 0.75 % behind on the smooth problem, 0.57 % below
    // the outward layout once both are finished and hopped): each is finished on the grid whatever it
    // ranks, and the best, if near, hopped. Apart from the layout the next width grows from: in it,
    // x³ at width 20 on 60 points ended 12.9 % higher.
    const mixed = bestOnGrid(grid, xs.length, mixedFacings(n, domain, xs, ys).map((layout) => descend(line, layout, domain, 40)), domain);
    if (mixed.sse < best.sse * (1 + MIXED_MARGIN)) {
      const m = hopped(polish(grid, xs.length, mixed, domain, 1500));
      if (m.sse < b.sse) b = m;
    }
    if (reported && reported.sse < b.sse) b = unitOff(grid, reported, domain);
    reported = b;
    const network = networkOf(b);
    const m = metrics(ys, predict(network, xs));
    out.push({ hidden: n, mse: m.mse, maxAbsError: m.maxAbsError, network });
    // a rough share of the work: small widths cost little, the last few most (an estimate for a progress line only)
    opts.onProgress?.({ width: n, of: maxHidden, fraction: (n / maxHidden) ** 3 });
  }
  return out;
}
