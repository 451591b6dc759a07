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
import { bestInsertion, project, RIDGE_NEGLIGIBLE } from './optimum/projection.js';

/** Random starts of the subset-sum local search (besides the current pattern): enough that widths to 32 find the best pattern the optimum finds. */
const PATTERN_TRIES = 24;

/** A new pattern must lower the grid's SSE by this share to replace the current one (no flips on round-off). */
const FLIP_GAIN = 1e-9;

/**
 * Two patterns whose least-squares errors from the grid's sums (project: O(units³), against
 * O(points·units²) for the explicit solve) differ by more than this share are ranked by them; closer
 * ones, where the sums' ridge and round-off could decide, by explicit least squares. Measured at
 * width 32: the explicit check was 3 s of a 15 s run of 10 seeds.
 */
const DECISIVE = 1e-6;
/** An error from the grid's sums (yᵀy − 2·cᵀΦᵀy + cᵀGc) is round-off below this share of yᵀy: exact fits are compared explicitly. */
const SUMS_ROUNDOFF = 1e-12;

/**
 * Output layers of hinges come from the grid's sums (project: O(units³)) unless their error is
 * below this share of yᵀy, where normal equations lose the digits an exact fit needs and the
 * explicit least squares (QR on the grid) takes over. Measured at width 32: the explicit solves
 * of the refits were 0.8 s of the 11 s that ten seeds of sin take, those of the starts 0.4 s.
 */
const SUMS_NEAR_EXACT = 1e-10;

/** Places tried for a twin's new knot (both directions each), evenly over the data: as the greedy start tries. */
const TWIN_CANDIDATES = 48;

/**
 * The best direction (±1) of each unit with knots fixed, starting the search from `current`.
 * Returns `current` unchanged when no pattern beats it by FLIP_GAIN.
 */
export function bestFacing(knots: number[], current: number[], xs: Float64Array, ys: Float64Array, seed = 0): number[] {
  return faced(knots, current, xs, ys, seed).dirs;
}

/** bestFacing, with the least-squares solve (|aᵢ| = 1) of the pattern it chose when it had to solve to choose (else null). */
function faced(knots: number[], current: number[], xs: Float64Array, ys: Float64Array, seed = 0): { dirs: number[]; solved: { net: Network; sse: number } | null } {
  if (!knots.length) return { dirs: [], solved: null };
  const sums = new GridSums(xs, ys);
  const best = directionPatterns(sums, knots, current, seed, PATTERN_TRIES, 1)[0];
  if (!best || best.dirs.every((d, i) => d === current[i])) return { dirs: current, solved: null };
  // the pricing carries a tiny ridge: the switch is confirmed by the two patterns' least squares,
  // from the grid's sums where they differ by far more than round-off, else explicitly on the grid
  const priced = (dirs: number[]) => project(sums, { knots, dirs }).solved.sse;
  const [pf, pk] = [priced(best.dirs), priced(current)];
  const gap = Math.abs(pk - pf);
  if (gap > DECISIVE * Math.max(pf, pk) && gap > SUMS_ROUNDOFF * sums.yy) return { dirs: pf < pk ? best.dirs : current, solved: null };
  const solve = (dirs: number[]) => solveOutputLayer(dirs, knots.map((k, i) => -dirs[i] * k), xs, ys);
  const [flipped, kept] = [solve(best.dirs), solve(current)];
  return flipped.sse < kept.sse * (1 - FLIP_GAIN) ? { dirs: best.dirs, solved: flipped } : { dirs: current, solved: kept };
}

/**
 * The refit of a trained network: each unit keeps its knot −b/a and its steepness |a|, faces the
 * way least squares prefers (bestFacing), and the output layer (c, d) is solved by least squares;
 * two units at one knot (twins) are moved apart where that lowers the error (twinsApart), from the
 * faced network or, where that fits better, from the network as it was, unturned. Units with
 * a = 0 have no knot and keep their weights.
 */
export function refitUnits(net: Network, xs: Float64Array, ys: Float64Array): Network {
  const live = net.a.flatMap((a, i) => (a !== 0 && Number.isFinite(net.b[i] / a) ? [i] : []));
  const knots = live.map((i) => -net.b[i] / net.a[i]);
  const { dirs, solved } = faced(knots, live.map((i) => Math.sign(net.a[i])), xs, ys);
  const a = [...net.a];
  const b = [...net.b];
  live.forEach((i, j) => {
    if (dirs[j] !== Math.sign(a[i])) {
      a[i] = -a[i];
      b[i] = -b[i];
    }
  });
  // every unit live: the choice's own solve is this network's, each cᵢ divided by its steepness
  const solvedFaced = solved && live.length === a.length ? { net: { a, b, c: solved.net.c.map((c, i) => c / Math.abs(a[i])), d: solved.net.d }, sse: solved.sse } : solveHinges(a, b, xs, ys);
  // twins moved apart, as faced and (where facing turned a unit) as they were: facing first can
  // lead the move elsewhere (exp at width 10: 4% higher than the same move without the turn)
  const turned = live.some((i) => a[i] !== net.a[i]);
  let best = solvedFaced;
  for (const apart of [twinsApart(solvedFaced.net, xs, ys), turned ? twinsApart(net, xs, ys) : null]) if (apart && apart.sse < best.sse) best = apart;
  return best.net;
}

/**
 * The least-squares output layer (c, d) for hinges relu(aᵢ·x + bᵢ) on the grid, with its SSE:
 * from the grid's sums (project, O(units³) after one pass over the grid) when every unit has a
 * knot, the fit is not near exact (SUMS_NEAR_EXACT) and no unit is (nearly) in the others' span
 * (twins: the sums' ridge would shape the solution, RIDGE_NEGLIGIBLE), else by explicit least
 * squares (QR on the grid, O(points·units²)).
 */
export function solveHinges(a: number[], b: number[], xs: Float64Array, ys: Float64Array): { net: Network; sse: number } {
  if (!a.length || a.some((ai, i) => ai === 0 || !Number.isFinite(b[i] / ai))) return solveOutputLayer(a, b, xs, ys);
  const sums = new GridSums(xs, ys);
  const { solved, chol, ridge } = project(sums, { knots: a.map((ai, i) => -b[i] / ai), dirs: a.map(Math.sign) });
  const { coef, sse } = solved;
  // near exact, or units (nearly) in each other's span (twins), where the ridge shapes the sums' solution
  const p = a.length + 1;
  const ridged = Array.from({ length: p }, (_, i) => chol[i * p + i] ** 2).some((pivot) => !(pivot > RIDGE_NEGLIGIBLE * ridge));
  if (!(sse > SUMS_NEAR_EXACT * sums.yy) || ridged) return solveOutputLayer(a, b, xs, ys);
  // the sums' features are relu(±(x − k)): unit i is |aᵢ| times its feature
  return { net: { a: [...a], b: [...b], c: a.map((ai, i) => coef[i] / Math.abs(ai)), d: coef[a.length] }, sse };
}

/** The network with its twins (see separateTwins) moved apart and its output layer solved again, with its grid SSE; null when it has none. */
export function twinsApart(net: Network, xs: Float64Array, ys: Float64Array): { net: Network; sse: number } | null {
  const live = net.a.flatMap((a, i) => (a !== 0 && Number.isFinite(net.b[i] / a) ? [i] : []));
  const a = [...net.a];
  const b = [...net.b];
  return separateTwins(a, b, live, xs, ys) ? solveHinges(a, b, xs, ys) : null;
}

/**
 * Twins: two units with their knots within one grid cell. Facing the same way they are one unit on
 * the grid (only the sum of their slope changes counts); facing both ways they make a linear term
 * plus one hinge (relu(x − k) − relu(k − x) = x − k), which some best layouts use (x³ at width 3)
 * and others do not: exp at widths 8–15 ended 1.06–1.18× above the best with such a pair at 2.20,
 * while the best layout spends that unit elsewhere. Gradient descent moves twins alike, so they
 * stay twins for good. Each twin after the first is moved, keeping its steepness, to the knot and
 * direction that lower the grid's least-squares error most with the other units where they are
 * (the greedy start's insertion step); the callers keep the result only where it fits better.
 * Edits a, b in place; says whether it moved any.
 */
function separateTwins(a: number[], b: number[], live: number[], xs: Float64Array, ys: Float64Array): boolean {
  const N = xs.length;
  if (N < 2 || live.length < 2) return false;
  const lo = xs[0];
  const hi = xs[N - 1];
  const cell = (hi - lo) / (N - 1);
  const knot = (i: number) => -b[i] / a[i];
  const twins = live.filter((i, j) => live.slice(0, j).some((p) => Math.abs(knot(p) - knot(i)) < cell));
  if (!twins.length) return false;
  const sums = new GridSums(xs, ys);
  const candidates = Array.from({ length: TWIN_CANDIDATES }, (_, c) => lo + ((c + 0.5) * (hi - lo)) / TWIN_CANDIDATES);
  for (const i of twins) {
    const others = live.filter((p) => p !== i);
    const best = bestInsertion(sums, { knots: others.map(knot), dirs: others.map((p) => Math.sign(a[p])) }, candidates);
    const steep = Math.abs(a[i]);
    a[i] = best.dir * steep;
    b[i] = -a[i] * best.knot;
  }
  return true;
}
