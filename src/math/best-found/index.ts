// The best shallow network we can find for any activation: one hidden layer of `width` units,
// one or two inputs, on a target's grid, with every weight and bias (inner and output) held in
// |·| ≤ bound. Pure float64; the result is also evaluated in float32, as TF.js trains.
//
// Unlike optimum/ (exact for ReLU) this is a search, hence "best found": the output layer by
// bounded least squares given the inner weights (variable projection), the inner weights by
// projected Levenberg–Marquardt (lm.ts), from many seeded starts of several kinds (starts.ts).
// Every start gets a short descent (piecewise-linear units: and the pattern of mirrors its end
// prices best, patterns.ts: which way each unit faces, a choice LM never crosses); the best few
// distinct ends get a long descent and the moves LM cannot make (refine.ts); the lowest float64
// error wins.
//
// Why a bound at all: a smooth unit deep in its Taylor regime times a huge output weight *is* a
// polynomial in the limit (1 − cos(a·x))·2/a² → x² as a → 0), so without a bound the infimum
// of the error on x² is 0 for one sin unit or two tanh units, reached only by weights → ∞.
import { activation, type ActivationName } from '../activations.js';
import type { Net } from '../net.js';
import { mse32 } from './float32.js';
import { descend, perUnit, type Evaluated, type Problem } from './lm.js';
import { balance, finish, patternMove, refine, smoothed } from './refine.js';
import { startsFor, type StartKind } from './starts.js';

/**
 * Bump whenever the numbers a search returns may change: it is part of the cache key.
 * Piecewise-linear units count on from here on their own (searchVersion), so a change that only
 * they see does not throw away every smooth unit's curves (an hour of CPU to width 32); a change
 * both see bumps both, past each other (the next is 5 for both).
 */
export const BEST_FOUND_VERSION = 3;
/** Version 4: the dropped starts (starts.ts), always polished, and every refined network finished on the grid. */
const PIECEWISE_LINEAR_VERSION = 4;

/** The search version of an activation's curves (part of the cache key). */
export function searchVersion(act: ActivationName): number {
  return activation(act).piecewiseLinear ? PIECEWISE_LINEAR_VERSION : BEST_FOUND_VERSION;
}

/**
 * The default bound on |every weight and bias|. Trained networks of widths 1–32 on the answer's
 * targets (x², sin, x³ on [−3, 3]) end with their largest weight well below this (see
 * docs/best-found.md for the measurement); a few times that leaves training's whole reach inside
 * the box while excluding the Taylor-regime limits, whose weights grow without end.
 */
export const DEFAULT_WEIGHT_BOUND = 30;

/** Starts tried at each width unless the problem says otherwise. */
export const DEFAULT_STARTS = 10;
/** Every start descends this many LM iterations (smooth units on a subsample of about COARSE_POINTS points)... */
const SCREEN_ITERATIONS = 25;
const COARSE_POINTS = 256;
/** ...the best few distinct ends then descend this long on the same points (the error surface of a smooth fit hardly changes)... */
const POLISH_ITERATIONS = 150;
const POLISHED = 3;
/** (screened networks whose errors differ by less than this share count as one)... */
const DISTINCT = 1e-6;
/** ...and the best of those finishes on the whole grid, where it is measured. */
const FINISH_ITERATIONS = 60;
/** A parameter this close to the bound (relative) counts as on it. */
const ON_BOUND = 1e-6;

export interface BestFoundProblem {
  /** N × inputs, row-major. */
  X: Float64Array;
  inputs: 1 | 2;
  y: Float64Array;
  activation: ActivationName;
  width: number;
  bound: number;
  seed?: number;
  starts?: number;
  /** The previous width's best, to grow from (bestFoundCurve passes it). */
  previous?: Net;
}

export interface BestFound {
  /** MSE of the network evaluated in float32 (as TF.js trains). */
  mse: number;
  /** MSE in float64, the quantity the search minimises. */
  mse64: number;
  net: Net;
  /** Does any weight or bias sit on the bound? */
  boundActive: boolean;
  /** max |weight or bias|, inner and output. */
  largestWeight: number;
  /** Starts tried. */
  starts: number;
  /** Always false: a search, not a proof (the ReLU optimum is the exact one). */
  exact: false;
}

export function netOf(p: Problem, e: Evaluated): Net {
  const q = perUnit(p);
  const W: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < p.width; i++) {
    W.push(Array.from(e.theta.subarray(i * q, i * q + p.inputs)));
    b.push(e.theta[i * q + p.inputs]);
  }
  return {
    inputs: p.inputs,
    layers: [{ activation: p.activation, W, b }],
    output: { w: Array.from(e.lsq.coef.subarray(0, p.width)), d: e.lsq.coef[p.width] },
  };
}

export function thetaOf(net: Net): Float64Array {
  return Float64Array.from(net.layers[0].W.flatMap((row, i) => [...row, net.layers[0].b[i]]));
}

/** Every k-th point (k so that about `points` remain; both ends of a one-input grid kept by the stride), or the problem itself when it is small. */
export function subsample(p: Problem, points: number): Problem {
  const N = p.y.length;
  const stride = Math.floor(N / points);
  if (stride < 2) return p;
  const keep = Array.from({ length: Math.ceil(N / stride) }, (_, i) => i * stride);
  const X = new Float64Array(keep.length * p.inputs);
  keep.forEach((j, i) => {
    for (let k = 0; k < p.inputs; k++) X[i * p.inputs + k] = p.X[j * p.inputs + k];
  });
  return { ...p, X, y: Float64Array.from(keep, (j) => p.y[j]) };
}

function problemError(p: BestFoundProblem): string | null {
  if (p.inputs !== 1 && p.inputs !== 2) return `inputs ${p.inputs}: expected 1 or 2`;
  if (p.X.length !== p.y.length * p.inputs) return `X has ${p.X.length} numbers for ${p.y.length} points of ${p.inputs} input(s)`;
  if (!Number.isInteger(p.width) || p.width < 1) return `width ${p.width}: expected a whole number ≥ 1`;
  if (!(p.bound > 0) || !Number.isFinite(p.bound)) return `bound ${p.bound}: expected a finite number > 0`;
  return null;
}

/** The best width-n network found for the problem (deterministic for its seed). */
export function bestFound(bp: BestFoundProblem, onProgress?: (done: number, total: number) => void): BestFound {
  const problem = problemError(bp);
  if (problem) throw new Error(problem);
  const p: Problem = { X: bp.X, inputs: bp.inputs, y: bp.y, activation: bp.activation, width: bp.width, bound: bp.bound };
  const starts = startsFor(p, bp.starts ?? DEFAULT_STARTS, (bp.seed ?? 0) * 1009 + bp.width, bp.previous && thetaOf(bp.previous));
  // progress: the starts, then the polishes (at most POLISHED and the dropped starts; known after the screen)
  let total = starts.length + POLISHED + starts.filter((s) => s.kind === 'dropped').length;
  // Smooth units search on a subsample (their error surface hardly changes). Piecewise-linear ones
  // search on the whole grid with their kinks rounded (smoothed): unrounded, LM stalls at the first
  // ripple of the grid; on a subsample, twin knots between its points build spikes it cannot see
  // (a width-9 ReLU network on x²: SSE 0.17 on the subsample, 6.1 on the grid).
  const piecewiseLinear = activation(p.activation).piecewiseLinear;
  const search = piecewiseLinear ? smoothed(p) : subsample(p, COARSE_POINTS);
  const screened: (Evaluated & { kind: StartKind })[] = [];
  for (const [i, s] of starts.entries()) {
    const end = descend(search, s.theta, SCREEN_ITERATIONS).best;
    // piecewise-linear units: and the pattern of mirrors that end prices best (a start's basin
    // depends on which way its units face; for smooth units this doubled the search's time)
    screened.push({ ...(piecewiseLinear ? patternMove(search, end, SCREEN_ITERATIONS, 1) : end), kind: s.kind });
    onProgress?.(i + 1, total);
  }
  screened.sort((u, v) => u.lsq.sse - v.lsq.sse);
  // starts of one kind often descend to the same network: polish the best few distinct ones, and
  // the dropped starts whatever they screened at: a lopsided layout screens behind the symmetric
  // ones it ends below (x², width 13: 1.025 against 1.0001 after the screen; exact at the end)
  const distinct = screened.filter((e, i) => i === 0 || e.lsq.sse > screened[i - 1].lsq.sse * (1 + DISTINCT));
  const chosen = distinct.slice(0, POLISHED);
  chosen.push(...screened.filter((e) => e.kind === 'dropped' && !chosen.includes(e)));
  total = starts.length + chosen.length;
  const polished: Evaluated[] = [];
  for (const [i, s] of chosen.entries()) {
    polished.push(balance(search, descend(search, balance(search, s).theta, POLISH_ITERATIONS).best));
    onProgress?.(starts.length + i + 1, total);
  }
  polished.sort((u, v) => u.lsq.sse - v.lsq.sse);
  // mirrors where the search ran, for the best polished network (piecewise-linear units: for each,
  // the best after mirroring is often not the best before); knots are stepped past grid points on
  // the whole grid (the subsample can rank two layouts the wrong way round: the unmirrored best is
  // finished too)
  const refined = (piecewiseLinear ? polished : polished.slice(0, 1)).map((e) => refine(search, e, POLISH_ITERATIONS));
  // piecewise-linear units: every refined network is finished, since the rounded problem can rank
  // two layouts the other way round from the grid (abs on sin at width 16: the refined best, on the
  // grid, 0.5 % above another)
  const bestRefined = refined.reduce((u, v) => (v.lsq.sse < u.lsq.sse ? v : u));
  const finalists = [...new Set([...(piecewiseLinear ? refined : [bestRefined]), polished[0]])];
  const best = finalists.map((e) => finish(p, descend(p, e.theta, FINISH_ITERATIONS).best, FINISH_ITERATIONS)).reduce((u, v) => (v.lsq.sse < u.lsq.sse ? v : u));
  const net = netOf(p, best);
  const all = [...best.theta, ...best.lsq.coef].map(Math.abs);
  const largestWeight = Math.max(...all);
  return {
    mse: mse32(net, bp.X, bp.y),
    mse64: best.lsq.sse / bp.y.length,
    net,
    boundActive: largestWeight >= bp.bound * (1 - ON_BOUND),
    largestWeight,
    starts: starts.length,
    exact: false,
  };
}

/**
 * The best found at every width 1..maxWidth, each width also grown from the previous width's best,
 * and never worse than it (a wider network can switch a unit off: output weight 0).
 */
export function bestFoundCurve(
  bp: Omit<BestFoundProblem, 'width' | 'previous'>,
  maxWidth: number,
  onProgress?: (width: number, of: number) => void,
  /** Widths 1..k already found for this very problem (a cache): the search continues from k + 1 with the same results as from scratch. */
  prefix: readonly BestFound[] = [],
): BestFound[] {
  const out: BestFound[] = prefix.slice(0, maxWidth);
  for (let n = out.length + 1; n <= maxWidth; n++) {
    const previous = out.at(-1);
    let found = bestFound({ ...bp, width: n, previous: previous?.net });
    if (previous && previous.mse64 < found.mse64) found = switchedOff(previous, bp.X, bp.y);
    out.push(found);
    onProgress?.(n, maxWidth);
  }
  return out;
}

/** The width-(n−1) network plus a unit whose output weight is 0. */
function switchedOff(prev: BestFound, X: Float64Array, y: Float64Array): BestFound {
  const layer = prev.net.layers[0];
  const net: Net = {
    inputs: prev.net.inputs,
    layers: [{ activation: layer.activation, W: [...layer.W, layer.W[0].map(() => 0)], b: [...layer.b, 0] }],
    output: { w: [...prev.net.output.w, 0], d: prev.net.output.d },
  };
  return { ...prev, net, mse: mse32(net, X, y) };
}
