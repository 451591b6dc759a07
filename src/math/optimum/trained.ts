// Trained networks, moved where gradient descent is slow or cannot go. Polishing: its knots
// (−bᵢ/aᵢ) and directions (sign aᵢ) become a layout, the optimum search's damped Newton
// (knots.ts: descend) moves the knots to the nearest local optimum of the grid error with the
// directions kept (then a short pattern search off the grid's ripples), and the output layer is
// the least-squares one: Adam at a fixed rate leaves the knots jittering around that optimum, a slow
// learning-rate anneal removes the jitter in thousands of epochs, Newton in milliseconds. The
// refit during training polishes too (refitPolished); relocation moves units between layouts
// (relocateUnits). Every result is never worse than what came in.
import { gridSse, type Network } from '../hinges.js';
import { GridSums } from './measure.js';
import { descend, polish } from './knots.js';
import { redirect } from './directions.js';
import { bestInsertion, project, type Solved } from './projection.js';
import { refitUnits, twinsApart } from '../facing.js';

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

/**
 * The refit during training with the knots polished: refitUnits (directions, output layer, twins),
 * then polishKnots, each unit keeping its steepness |aᵢ| (the polished layout has |aᵢ| = 1), so
 * Adam's moments still match the scale of every weight. Adam alone drifts the knots to their
 * optimum over thousands of epochs (sin at width 8: 1.5× → 1.01× between epochs 1000 and 4600);
 * Newton puts them there at once, and training goes on from the optimum of its layout, where
 * only a better layout still pays. With `relocate`, the units are then relocated too
 * (relocateUnits): the trainers ask for it at the refits up to the race between restarts, so that
 * each restart is ranked by the layout it leads to. Never worse than refitUnits on the grid.
 */
export function refitPolished(net: Network, xs: Float64Array, ys: Float64Array, domain: readonly [number, number], relocate = false): Network {
  const refitted = refitUnits(net, xs, ys);
  const sse = gridSse(refitted, xs, ys);
  if (!Number.isFinite(sse)) return refitted;
  const polished = polishKnots(refitted, xs, ys, domain, sse);
  const out = relocate ? relocateUnits(polished.network, xs, ys, domain, polished.sse) : polished;
  if (out.network === refitted) return refitted;
  // a unit relocation put elsewhere (turned, or moved more than a candidate step) takes the median
  // steepness: its own described a unit that was somewhere else (and may have been nearly dead)
  const knot = (w: Network, i: number) => -w.b[i] / w.a[i];
  const step = (domain[1] - domain[0]) / RELOCATE_CANDIDATES;
  const moved = (i: number) => Math.sign(out.network.a[i]) !== Math.sign(polished.network.a[i]) || !(Math.abs(knot(out.network, i) - knot(polished.network, i)) <= step);
  const own = refitted.a.map((a) => Math.abs(a) || 1);
  const usual = [...own].sort((p, q) => p - q)[own.length >> 1];
  const steep = own.map((a, i) => (moved(i) ? usual : a));
  return {
    a: out.network.a.map((s, i) => s * steep[i]),
    b: out.network.b.map((b, i) => b * steep[i]),
    c: out.network.c.map((c, i) => c / steep[i]),
    d: out.network.d,
  };
}

/** Places tried for a relocated unit's knot (both directions each), evenly over the domain. */
const RELOCATE_CANDIDATES = 48;
/** Relocations per pass whose layouts Newton then polishes: the best by the error before Newton. */
const RELOCATE_TRIES = 3;
/** A move must lower the grid SSE by this share to be taken (no moves on round-off). */
const RELOCATE_GAIN = 1e-9;
/** Passes at most (each one accepted relocation). */
const RELOCATE_PASSES = 8;

/**
 * Relocation: a polished network is the best layout near its knots, not the best layout. Each
 * unit in turn is taken out and put back where (knot and direction) the least-squares error with
 * the others fixed is lowest, and the directions are chosen again all together (redirect); the
 * best few such moves are polished by Newton, and the best of them is kept if it beats the
 * network; repeated while one does. Gradient descent cannot make these moves (a knot crossing the
 * others, units turning round): on tanh at width 4 every start kind ended on the mirror-symmetric
 * layout (1.112× the optimum) on some seeds, two turned units from the lopsided best one; on exp at
 * width 8 (1.160×) one unit was in the wrong place. Returns the network and its grid SSE; never
 * worse than `sse`.
 */
export function relocateUnits(net: Network, xs: Float64Array, ys: Float64Array, domain: readonly [number, number], sse: number): { network: Network; sse: number } {
  const [lo, hi] = domain;
  const n = net.a.length;
  const knots = net.a.map((a, i) => (a === 0 || !Number.isFinite(-net.b[i] / a) ? lo : -net.b[i] / a));
  if (n < 2 || ![...knots, ...net.c, net.d].every(Number.isFinite)) return { network: net, sse };
  const sums = new GridSums(xs, ys);
  let best = project(sums, { knots: knots.map((k) => Math.min(hi, Math.max(lo, k))), dirs: net.a.map((a) => (a > 0 ? 1 : -1)) }).solved;
  if (!(best.sse < sse * (1 + RELOCATE_GAIN))) return { network: net, sse }; // the layout must reproduce the network
  const candidates = Array.from({ length: RELOCATE_CANDIDATES }, (_, c) => lo + ((c + 0.5) * (hi - lo)) / RELOCATE_CANDIDATES);
  for (let pass = 0; pass < RELOCATE_PASSES; pass++) {
    const moves: { knots: number[]; dirs: number[]; sse: number }[] = [];
    for (let i = 0; i < n; i++) {
      const knotsOut = best.knots.filter((_, j) => j !== i);
      const dirsOut = best.dirs.filter((_, j) => j !== i);
      const put = bestInsertion(sums, { knots: knotsOut, dirs: dirsOut }, candidates);
      // the moved unit keeps its index (so a trainer's per-weight state stays with its unit's slot)
      moves.push({ knots: [...knotsOut.slice(0, i), put.knot, ...knotsOut.slice(i)], dirs: [...dirsOut.slice(0, i), put.dir, ...dirsOut.slice(i)], sse: put.sse });
    }
    moves.sort((p, q) => p.sse - q.sse);
    // and the directions re-chosen together, knots then moved again (the optimum search's step)
    const turned = redirect(sums, best, domain);
    let found: Solved | null = turned.sse < best.sse * (1 - RELOCATE_GAIN) ? turned : null;
    for (const move of moves.slice(0, RELOCATE_TRIES)) {
      const moved = descend(sums, move, domain, POLISH_ITERATIONS);
      if (moved.sse < (found ?? best).sse * (1 - RELOCATE_GAIN)) found = moved;
    }
    if (!found) break;
    best = polish(sums, xs.length, found, domain, RIPPLE_EVALUATIONS);
  }
  return best.sse < sse ? { network: networkOfLayout(best), sse: best.sse } : { network: net, sse };
}

