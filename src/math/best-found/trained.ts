// Finishing a trained shallow network with the best-found search's second-order step: its inner
// weights, clamped into the box |·| ≤ B, start projected Levenberg–Marquardt on the whole grid
// (lm.ts: descend; output layer by bounded least squares); piecewise-linear units with their kinks
// rounded first, then the knot steps of refine.ts. Adam at the plateau leaves a smooth fit orders
// of magnitude above the nearest optimum; LM from there reaches it in tens of iterations. Both the
// trained network (its output layer refitted as training left it) and the finished one are
// measured in float32, as TF.js trains, and the better is kept: the finish never raises the error.
// A trained network outside the box that beats everything inside it stays as it is (its largest
// weight is in the record).
import type { Net } from '../net.js';
import { mse32 } from './float32.js';
import { DEFAULT_WEIGHT_BOUND, netOf, subsample, thetaOf } from './index.js';
import { descend, evaluate, type Evaluated, type Problem } from './lm.js';
import { balance, finish, mirrorIsFree, refine, relocate, smoothed } from './refine.js';
import { boundedLsq } from './bounded-lsq.js';
import { lastFeatures, solveNetOutput } from '../init.js';
import { activation } from '../activations.js';

/**
 * LM iterations (one Jacobian each) from the trained network on a subsample of about
 * COARSE_POINTS grid points (a smooth fit's error surface hardly changes; piecewise-linear units:
 * twice on the whole grid with rounded kinks), then on the whole grid, where it is measured: about
 * 0.5 s at width 16 on 1000 points (piecewise-linear units about 2 s: the whole grid).
 */
export const COARSE_ITERATIONS = 80;
const COARSE_POINTS = 250;
export const FULL_ITERATIONS = 20;
/** Iterations of the descent after each relocation move. */
const RELOCATE_ITERATIONS = 40;
/**
 * Widest smooth network whose units are relocated, and whose mirrors get more than one round on a
 * subsample: the goal's widths (2–16). At width 32 (elu on sin, 1000 points) the two took 29 s and
 * 44 s and gained nothing; piecewise-linear units are relocated at every width, as before.
 */
const SMOOTH_MOVES_MAX_WIDTH = 16;
/** Iterations of each LM polish between the knot steps (piecewise-linear units only). */
const KNOT_POLISH_ITERATIONS = 10;

export interface Finished {
  net: Net;
  /** Float32 MSE on the grid of `net`. */
  mse: number;
  /** Did the finish replace the trained network? */
  moved: boolean;
}

/** The trained one-hidden-layer one-input `net` (output layer already fitted) finished inside the bound. */
export function finishTrained(net: Net, xs: Float64Array, ys: Float64Array, bound: number, iterations = { coarse: COARSE_ITERATIONS, full: FULL_ITERATIONS }): Finished {
  const trainedMse = mse32(net, xs, ys);
  const [layer] = net.layers;
  if (net.layers.length !== 1 || net.inputs !== 1) throw new Error('finishTrained: one hidden layer, one input');
  const p: Problem = { X: xs, inputs: 1, y: ys, activation: layer.activation, width: layer.b.length, bound };
  const theta = thetaOf(net);
  if (!theta.every(Number.isFinite)) return { net, mse: trainedMse, moved: false };
  // piecewise-linear units descend first on the whole grid with their kinks rounded, as the search
  // does (refine.ts `smoothed`): on the grid itself LM stalls at the first ripple (abs on sin at
  // width 16: 1.14× the best found from the trained network, 1.0001× rounded); balanced halfway,
  // because a unit's scale drifts against its output weight (refine.ts `balance`)
  const piecewiseLinear = activation(layer.activation).piecewiseLinear;
  const search = piecewiseLinear ? smoothed(p) : subsample(p, COARSE_POINTS);
  let coarse = descend(search, theta, iterations.coarse).best;
  if (piecewiseLinear) coarse = descend(search, balance(search, coarse).theta, iterations.coarse).best;
  const lm = finish(p, descend(p, coarse.theta, iterations.full).best, KNOT_POLISH_ITERATIONS);
  const candidate = netOf(p, lm);
  const mse = mse32(candidate, xs, ys);
  // NaN-safe: a trained network that evaluates to NaN is always replaced
  return mse < trainedMse || !(trainedMse === trainedMse) ? { net: candidate, mse, moved: true } : { net, mse: trainedMse, moved: false };
}

/** The problem of a one-hidden-layer one-input `net` on the grid, or null for any other network or one with a non-finite weight. */
function problemOf(net: Net, xs: Float64Array, ys: Float64Array, bound: number): { p: Problem; theta: Float64Array } | null {
  const [layer] = net.layers;
  const theta = thetaOf(net);
  if (net.layers.length !== 1 || net.inputs !== 1 || !theta.every(Number.isFinite)) return null;
  return { p: { X: xs, inputs: 1, y: ys, activation: layer.activation, width: layer.b.length, bound }, theta };
}

/** `net` as it was, its float32 MSE `mse`: no move. */
const unchanged = (net: Net, mse: number): Finished => ({ net, mse, moved: false });

/** The network of `e` where it is lower in float32 than `net` (whose float32 MSE is `before`), else `net` as it was. */
function keptIfLower(net: Net, before: number, p: Problem, e: Evaluated): Finished {
  const candidate = netOf(p, e);
  const mse = mse32(candidate, p.X, p.y);
  return mse < before ? { net: candidate, mse, moved: true } : unchanged(net, before);
}

/**
 * A finished network (one hidden layer, one input) with its units moved to their best places where
 * that pays (refine.ts relocate), then, for piecewise-linear units, knot steps; never worse in
 * float32. Smooth units (up to SMOOTH_MOVES_MAX_WIDTH) descend on the subsample, as their finish
 * does, then on the grid; periodic units (sin) are left alone: they have no one place. Run
 * once per run, on the kept restart (experiment/last-moves.ts): about 1–4 s at widths 12–16 on 1000
 * points, too much for every restart. Any other network is returned as it is.
 */
export function relocateTrained(net: Net, xs: Float64Array, ys: Float64Array, bound: number): Finished {
  const before = mse32(net, xs, ys);
  const at = problemOf(net, xs, ys, bound);
  if (!at) return unchanged(net, before);
  const { p, theta } = at;
  const coarse = subsample(p, COARSE_POINTS);
  if (activation(p.activation).piecewiseLinear) return keptIfLower(net, before, p, finish(p, relocate(p, smoothed(p), evaluate(p, theta), RELOCATE_ITERATIONS, coarse), KNOT_POLISH_ITERATIONS));
  if (p.width > SMOOTH_MOVES_MAX_WIDTH) return unchanged(net, before);
  const start = evaluate(p, theta);
  const moved = relocate(p, coarse, start, RELOCATE_ITERATIONS, coarse);
  // nothing moved (sin units never do): no refit of the output layer alone passes for a move (its inner weights unclamped)
  return moved === start ? unchanged(net, before) : keptIfLower(net, before, p, descend(p, moved.theta, FULL_ITERATIONS).best);
}

/** LM iterations after each mirror move of the kept network (as the search's polish). */
const MIRROR_POLISH_ITERATIONS = 150;
/** LM iterations on the whole grid with rounded kinks after the mirrors (piecewise-linear units), as after a relocation. */
const MIRROR_GRID_ITERATIONS = 40;
/** LM iterations on the whole grid before its own mirror moves (smooth units, when the subsample's gained nothing). */
const SETTLE_ITERATIONS = 150;
/**
 * Rounds of mirror moves, the next only while a round lowers the float32 error by more than
 * ROUND_GAIN: one turn can open the next (swish on sin at width 5 on 1000 points, seed 0: 1.60e-9
 * → 1.49e-9 in the first round, 3e-13 in the second, the best found 1.1e-12; relocated first, as
 * runs are, 6.6e-13); a polish that gains a few ulps ends them.
 */
const MIRROR_ROUNDS = 3;
const ROUND_GAIN = 0.01;

/**
 * A finished network (one hidden layer, one input) whose units face a way (relu, leaky-relu,
 * softplus, elu, gelu, swish: f(−z) is neither ±f(z) nor a constant minus it) after the search's
 * mirror moves (refine.ts refine: whole patterns, then single units and pairs, each descended on a
 * subsample), then LM on the grid (piecewise-linear units: on the grid with rounded kinks, then the
 * knot steps); never worse in float32; repeated while a round gains. Which way a unit faces is a
 * choice LM never crosses: swish on sin at width 4 ended at 5.6e-9 from every start training has,
 * 1.5e-12 after the mirrors (the best found: 4.6e-12); leaky-relu on sin at width 6 at 1.11× the
 * best found, 1.00× after. Run once per run, on the kept restart (experiment/last-moves.ts): about 0.5 s
 * at width 4 on 200 points, 1–4 s for leaky-relu at widths 6–16 on 1000 points (2–4 s more for a
 * smooth network whose subsample gains nothing). Any other network is returned as it is.
 */
export function mirrorTrained(net: Net, xs: Float64Array, ys: Float64Array, bound: number): Finished {
  let out: Finished = { net, mse: mse32(net, xs, ys), moved: false };
  const rounds = net.layers[0].b.length <= SMOOTH_MOVES_MAX_WIDTH ? MIRROR_ROUNDS : 1;
  for (let round = 0; round < rounds; round++) {
    const next = mirrorOnce(out.net, out.mse, xs, ys, bound);
    if (!next.moved) break;
    const gained = next.mse < out.mse * (1 - ROUND_GAIN);
    out = next;
    if (!gained) break;
  }
  return out;
}

/** One round of mirrorTrained, from `net` whose float32 MSE is `before`. */
function mirrorOnce(net: Net, before: number, xs: Float64Array, ys: Float64Array, bound: number): Finished {
  const at = problemOf(net, xs, ys, bound);
  if (!at || mirrorIsFree(activation(at.p.activation).f)) return unchanged(net, before);
  const { p, theta } = at;
  const coarse = subsample(p, COARSE_POINTS);
  const start = evaluate(coarse, theta);
  // the mirrors are chosen on a subsample, also for piecewise-linear units, for their cost: on the
  // whole rounded grid leaky-relu on sin at width 16 took 15–32 s against 3–4.5 s, and ended
  // within 0.5 % of it; the grid has the last word below, and keptIfLower the final one
  const mirrored = refine(coarse, start, MIRROR_POLISH_ITERATIONS);
  if (activation(p.activation).piecewiseLinear) {
    // homogeneous units (leaky-relu) refine always balances first, so they always get this
    // descent, turned or not: a further polish on the rounded grid, kept only where it pays. A
    // subsample's knots sit between the grid's points: back down on the grid with rounded kinks,
    // then the ripples
    const onGrid = descend(smoothed(p), mirrored.theta, MIRROR_GRID_ITERATIONS).best;
    return keptIfLower(net, before, p, finish(p, evaluate(p, onGrid.theta), KNOT_POLISH_ITERATIONS));
  }
  if (mirrored !== start) {
    const kept = keptIfLower(net, before, p, descend(p, mirrored.theta, FULL_ITERATIONS).best);
    if (kept.moved) return kept;
  }
  if (p.width > SMOOTH_MOVES_MAX_WIDTH) return unchanged(net, before);
  // where no mirror gains on the subsample (or its gain does not hold on the grid), the whole grid
  // gets its say, settled first: which mirrors gain near 1e-9 depends on the points (swish on sin
  // at width 5 on 1000 points: none on a 250-point subsample, or from the unsettled network;
  // 1.5e-9 → 3e-13 from the settled one). About 2–4 s at width 12 when nothing gains there either
  // (elu on sin); networks already at round-off never get here (experiment/last-moves.ts).
  const settled = descend(p, theta, SETTLE_ITERATIONS).best;
  return keptIfLower(net, before, p, refine(p, settled, MIRROR_POLISH_ITERATIONS));
}

/** The output layer of `net` by least squares with every output weight held in |·| ≤ bound (bounded-lsq.ts). */
export function boundedOutput(net: Net, X: ArrayLike<number>, ys: Float64Array, bound: number): { net: Net; sse: number } {
  const cols = lastFeatures(net, X);
  const width = cols.length;
  cols.push(new Float64Array(ys.length).fill(1));
  const { coef, sse } = boundedLsq(cols, ys, bound);
  return { net: { ...net, output: { w: Array.from(coef.subarray(0, width)), d: coef[width] } }, sse };
}

/** The refit of the output layer: bounded for smooth last layers, plain least squares for piecewise-linear ones. */
export function refitOutput(net: Net, X: ArrayLike<number>, ys: Float64Array): { net: Net; sse: number } {
  return activation(net.layers[net.layers.length - 1].activation).piecewiseLinear ? solveNetOutput(net, X, ys) : boundedOutput(net, X, ys, DEFAULT_WEIGHT_BOUND);
}
