// Moves Levenberg–Marquardt cannot make, tried on the best candidates of a width. Pure float64.
// - mirror: a unit z ↦ −z (weights and bias negated). For an odd activation (tanh, sin) the output
//   weight absorbs it; for relu-like units it turns which way the unit faces, a discrete choice
//   the gradient never crosses (it would have to pass through a = 0); the exact ReLU optimum
//   searches the same choice (optimum/directions.ts). Whole patterns of mirrors at once are
//   priced in patterns.ts (patternMove); single units and pairs are mirrored and descended here.
// - rounded kinks, for piecewise-linear activations (smoothed): on a grid the error of a ReLU
//   network has a kink wherever a knot crosses a grid point, and LM stops at the first; the search
//   runs with each kink rounded over a grid spacing (lm.ts `smooth`).
// - knot steps, for piecewise-linear activations, on the grid itself at the end: moving each knot
//   by a few grid spacings and back down (a pattern search) gets past the last ripples.
// - relocation, for units of one input (finishing trained networks): a unit moved far, its knot
//   (or a smooth unit's bend, where z = 0) to its best place elsewhere, and descended.
import { activation } from '../activations.js';
import { descend, evaluate, perUnit, type Evaluated, type Problem } from './lm.js';
import { bestPatterns, mirrored } from './patterns.js';

/** Positively homogeneous activations: f(s·z) = s·f(z) for s > 0, so a unit's scale can move to its output weight. */
const HOMOGENEOUS = new Set(['relu', 'leaky-relu', 'abs']);

/**
 * For a homogeneous unit only the product of its scale and its output weight matters; LM drifts
 * along that valley (a unit with |w| = 240 and c = 0.004 is as good as one with 1 and 1, but its
 * knot hardly moves under damping). Give both the same size, √(|c|·‖(w, b)‖): the function is
 * unchanged, and the balanced form is also the one furthest inside the bound.
 */
export function balance(p: Problem, e: Evaluated): Evaluated {
  if (!HOMOGENEOUS.has(p.activation)) return e;
  const q = perUnit(p);
  const theta = Float64Array.from(e.theta);
  let changed = false;
  for (let i = 0; i < p.width; i++) {
    let norm = 0;
    for (let k = 0; k < q; k++) norm += theta[i * q + k] ** 2;
    norm = Math.sqrt(norm);
    const c = Math.abs(e.lsq.coef[i]);
    if (!(norm > 0) || !(c > 0)) continue;
    const s = Math.sqrt(c / norm);
    if (Math.abs(s - 1) < 1e-3) continue;
    for (let k = 0; k < q; k++) theta[i * q + k] *= s;
    changed = true;
  }
  if (!changed) return e;
  const out = evaluate(p, theta);
  return out.lsq.sse <= e.lsq.sse * (1 + 1e-9) ? out : e;
}

/** LM iterations after each mirror. */
const MIRROR_ITERATIONS = 15;
/** Knot steps, in grid spacings: from coarse to fine. */
const KNOT_STEPS = [4, 2, 1, 0.5, 0.25];
/** A move must lower the error by this share to count. */
const GAIN = 1e-9;
/** Rounds of mirror + knot steps + LM. */
const ROUNDS = 3;

const better = (a: Evaluated, b: Evaluated) => a.lsq.sse < b.lsq.sse * (1 - GAIN);

/** Widths up to which pairs of units are mirrored together too (n(n−1)/2 tries). */
const PAIR_MIRRORS_UP_TO = 8;

/** Mirror patterns of all units at once (patterns.ts) that get a descent, per round. */
const PATTERNS_DESCENDED = 3;

/** The best-priced patterns of mirrors (all units at once), each descended; the best if it gains. Others as they are. */
export function patternMove(p: Problem, start: Evaluated, iterations: number, patterns = PATTERNS_DESCENDED): Evaluated {
  if (mirrorIsFree(activation(p.activation).f)) return start;
  let best = start;
  for (const units of bestPatterns(p, start, patterns, p.width)) {
    const tried = descend(p, mirrored(p, start.theta, units), iterations).best;
    if (better(tried, best)) best = tried;
  }
  return best;
}

/** Each unit mirrored (and, at small widths, each pair: two units may have to turn together), keeping what gains. */
function mirrorAll(p: Problem, start: Evaluated, iterations: number): Evaluated {
  let best = start;
  const sets: number[][] = Array.from({ length: p.width }, (_, i) => [i]);
  if (p.width <= PAIR_MIRRORS_UP_TO) for (let i = 0; i < p.width; i++) for (let j = i + 1; j < p.width; j++) sets.push([i, j]);
  for (const units of sets) {
    const tried = descend(p, mirrored(p, best.theta, units), iterations).best;
    if (better(tried, best)) best = tried;
  }
  return best;
}

/** Smallest gap between neighbouring grid values of any input: the scale of a knot step. */
function spacing(p: Problem): number {
  let gap = Infinity;
  for (let k = 0; k < p.inputs; k++) {
    const v = Array.from({ length: p.y.length }, (_, j) => p.X[j * p.inputs + k]).sort((a, b) => a - b);
    for (let j = 1; j < v.length; j++) if (v[j] > v[j - 1]) gap = Math.min(gap, v[j] - v[j - 1]);
  }
  return Number.isFinite(gap) ? gap : 1;
}

/** Kinks are rounded over this many grid spacings while the search moves knots far (lm.ts `smooth`). */
const SMOOTH_SPACINGS = 1;

/** The problem with piecewise-linear units' kinks rounded (LM stalls at the grid's ripples otherwise); any other as it is. */
export function smoothed(p: Problem): Problem {
  return activation(p.activation).piecewiseLinear ? { ...p, smooth: SMOOTH_SPACINGS * spacing(p) } : p;
}

function knotSteps(p: Problem, start: Evaluated): Evaluated {
  const q = perUnit(p);
  const h = spacing(p);
  let best = start;
  for (const step of KNOT_STEPS) {
    for (let i = 0; i < p.width; i++) {
      // the knot moves by δ along the unit's direction when the bias moves by −|w|·δ
      let norm = 0;
      for (let k = 0; k < p.inputs; k++) norm += best.theta[i * q + k] ** 2;
      const shift = Math.sqrt(norm) * step * h;
      if (!(shift > 0)) continue;
      for (const sign of [1, -1]) {
        const theta = Float64Array.from(best.theta);
        theta[i * q + p.inputs] = Math.max(-p.bound, Math.min(p.bound, theta[i * q + p.inputs] + sign * shift));
        const tried = evaluate(p, theta);
        if (better(tried, best)) {
          best = tried;
          break;
        }
      }
    }
  }
  return best;
}

/**
 * Is a mirrored unit the same feature up to the output layer? f(−z) = f(z) (abs) or
 * f(−z) = const − f(z) (tanh, sin, sigmoid): then a mirror cannot gain and is skipped.
 */
export function mirrorIsFree(f: (z: number) => number): boolean {
  const zs = [0.3, 0.9, 1.7, 2.6];
  const even = zs.every((z) => Math.abs(f(-z) - f(z)) < 1e-12);
  const c = f(0.3) + f(-0.3);
  const oddPlusConstant = zs.every((z) => Math.abs(f(-z) + f(z) - c) < 1e-12);
  return even || oddPlusConstant;
}

/** Knot steps and a polish, repeated while they gain: for piecewise-linear units on the whole grid; others as they are. */
export function finish(p: Problem, start: Evaluated, polishIterations: number): Evaluated {
  if (!activation(p.activation).piecewiseLinear) return start;
  let best = start;
  for (let round = 0; round < ROUNDS; round++) {
    const next = knotSteps(p, best);
    if (!better(next, best)) break;
    best = descend(p, next.theta, polishIterations).best;
    if (better(next, best)) best = next;
  }
  return best;
}

/** Knots tried, evenly over the domain, when a unit is relocated... */
const RELOCATE_PLACES = 24;
/** ...at least this share of the domain away from where the unit is (nearby, LM already looked)... */
const RELOCATE_AWAY = 1 / 8;
/** ...the units whose best such move costs least each descended... */
const RELOCATE_DESCENDED = 3;
/** ...for at most this many rounds (each about 1 s at width 16 on 1000 points; most end after one). */
const RELOCATE_ROUNDS = 3;

/**
 * Relocation, for units of one input (not periodic ones): each unit's best place away from where it is (its knot, or
 * a smooth unit's bend at z = 0, among RELOCATE_PLACES places over the domain, facing either way
 * where that matters, keeping its steepness, the output layer solved for each on `rank`: a
 * subsample will do, since the moves are only ranked there, and a solve costs ~5 ms on 1000 points
 * at width 16); the units whose move costs least are each moved and descended on `search` (for
 * piecewise-linear units the rounded problem, for smooth ones a subsample), and the best kept when
 * it lowers the error on the grid, repeated while it does. LM carries a knot only as far as
 * the error keeps falling, so a layout with a unit too many on one side stays: trained abs
 * networks on sin at width 11 ended with four knots left of 0 and six right, 1.36× the best found
 * (five and five). Right after a move the error is higher (the unit's old side has a gap), so
 * moves are ranked only to choose which to descend. Smooth units get stuck the same way: swish on
 * sin at width 5 on 1000 points, 3.0e-10 from where training left it, 3.7e-11 relocated (the best
 * found 1.1e-12). The ReLU polish relocates the same way (optimum/trained.ts).
 */
export function relocate(p: Problem, search: Problem, start: Evaluated, iterations: number, rank: Problem = p): Evaluated {
  if (p.inputs !== 1 || activation(p.activation).periodic) return start;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of p.X) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
  const facings = mirrorIsFree(activation(p.activation).f) ? [1] : [1, -1];
  const clamp = (v: number) => Math.max(-p.bound, Math.min(p.bound, v));
  let best = start;
  for (let round = 0; round < RELOCATE_ROUNDS; round++) {
    const moves: Evaluated[] = [];
    for (let i = 0; i < p.width; i++) {
      const steep = Math.abs(best.theta[2 * i]);
      if (!(steep > 0)) continue;
      const knot = -best.theta[2 * i + 1] / best.theta[2 * i];
      let move: Evaluated | null = null;
      for (let k = 0; k < RELOCATE_PLACES; k++) {
        const place = lo + ((hi - lo) * (k + 0.5)) / RELOCATE_PLACES;
        // a place whose bias the bound would clamp is not where the knot would land
        if (Math.abs(place - knot) < RELOCATE_AWAY * (hi - lo) || steep * Math.abs(place) > p.bound) continue;
        for (const face of facings) {
          const theta = Float64Array.from(best.theta);
          theta[2 * i] = clamp(face * steep);
          theta[2 * i + 1] = -face * steep * place;
          const tried = evaluate(rank, theta);
          if (Number.isFinite(tried.lsq.sse) && (!move || tried.lsq.sse < move.lsq.sse)) move = tried;
        }
      }
      if (move) moves.push(move);
    }
    moves.sort((u, v) => u.lsq.sse - v.lsq.sse);
    let next = best;
    for (const move of moves.slice(0, RELOCATE_DESCENDED)) {
      const tried = evaluate(p, descend(search, move.theta, iterations).best.theta);
      if (better(tried, next)) next = tried;
    }
    if (next === best) break;
    best = next;
  }
  return best;
}

/** The candidate after mirrors and a polish, repeated while they gain. */
export function refine(p: Problem, start: Evaluated, polishIterations: number): Evaluated {
  const { f } = activation(p.activation);
  if (mirrorIsFree(f)) return start;
  let best = balance(p, start);
  for (let round = 0; round < ROUNDS; round++) {
    const next = mirrorAll(p, patternMove(p, best, polishIterations), MIRROR_ITERATIONS);
    if (!better(next, best)) break;
    best = balance(p, descend(p, next.theta, polishIterations).best);
    if (better(next, best)) best = next;
  }
  return best;
}
