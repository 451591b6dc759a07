// Where the best-found search starts: inner weights θ (per unit: a weight per input, then a bias)
// of several kinds, deterministic for a seed. A unit is written as a direction u (a unit vector,
// ±1 for one input), a slope s and a knot t: z = s·(u·x − t), so the unit bends (kink, centre of
// its transition, zero of its phase) where u·x = t.
// - knots: knots spread evenly over the domain, units facing outward (and other direction patterns),
//   slope so each transition is about one knot spacing wide: a spline-like start.
// - curvature: knots where the target bends most (init.ts), one input only: the ReLU optimum's start.
// - dropped: piecewise-linear units, one input: the curvature knots of one unit more, an end one
//   left out, units facing outward: the lopsided layouts no symmetric start descends to.
// - taylor: small slopes, biases spread over [−2, 2]: each smooth unit works on a different stretch
//   of its own curve, nearly polynomial over the domain; the start that finds the Taylor-regime fits.
// - grown: the previous width's best plus one new unit at one of several places.
// - random: slope log-uniform, knot uniform in the domain, direction random.
import { rng, uniform } from '../rng.js';
import { curvatureKnots } from '../init.js';
import { perUnit, type Problem } from './lm.js';
import { activation } from '../activations.js';

export type StartKind = 'knots' | 'curvature' | 'dropped' | 'taylor' | 'grown' | 'random';

export interface Start {
  kind: StartKind;
  theta: Float64Array;
}

/** Slope of the taylor starts, in units of 1/half-width: z moves by ±TAYLOR_SLOPE over the domain. */
const TAYLOR_SLOPE = 0.4;
/** The range of biases the taylor starts spread over. */
const TAYLOR_BIAS = 2;
/** Slope factors the knot starts cycle through, times (width / half-width). */
const KNOT_SLOPES = [1, 0.5, 2];
/** Places the grown starts put the new unit, as fractions along the domain. */
const GROWN_PLACES = [0.1, 0.35, 0.65, 0.9];

export interface Box {
  centre: number[];
  half: number[];
}

function boxOf(p: Problem): Box {
  const centre: number[] = [];
  const half: number[] = [];
  for (let k = 0; k < p.inputs; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = k; j < p.X.length; j += p.inputs) {
      lo = Math.min(lo, p.X[j]);
      hi = Math.max(hi, p.X[j]);
    }
    centre.push((lo + hi) / 2);
    half.push(Math.max((hi - lo) / 2, 1e-12));
  }
  return { centre, half };
}

/**
 * A unit facing u with slope s. One input: it bends at x = centre + frac·half whichever way it
 * faces (frac in [−1, 1] is a place on the axis; the starts pass a knot's place). Two inputs:
 * where u·x = centre·u + frac·radius (an offset along u). Writing the one-input case as the second
 * put every unit facing −1 at the mirror of its knot, so the outward and alternating starts had
 * every unit on one side.
 */
export function unit(box: Box, u: number[], s: number, frac: number): number[] {
  let c = 0;
  let rho = 0;
  for (let k = 0; k < u.length; k++) {
    c += u[k] * box.centre[k];
    rho += Math.abs(u[k]) * box.half[k];
  }
  const t = c + (u.length === 1 ? Math.sign(u[0]) : 1) * frac * rho;
  return [...u.map((v) => s * v), -s * t];
}

/** The k-th of n directions: ±1 in one input, spread around the circle in two. */
function direction(inputs: number, angle: number): number[] {
  if (inputs === 1) return [Math.cos(angle) >= 0 ? 1 : -1];
  return [Math.cos(angle), Math.sin(angle)];
}

function spreadKnots(p: Problem, box: Box, pattern: number, slope: number, next: () => number): number[][] {
  const n = p.width;
  return Array.from({ length: n }, (_, i) => {
    const frac = -1 + (2 * (i + 0.5)) / n;
    let angle: number;
    if (p.inputs === 1) angle = pattern === 0 ? (frac < 0 ? Math.PI : 0) : pattern === 1 ? 0 : i % 2 ? Math.PI : 0;
    else angle = (2 * Math.PI * (i + 0.5 * pattern + 0.25 * next())) / n;
    return unit(box, direction(p.inputs, angle), slope, p.inputs === 1 ? frac : frac * 0.8);
  });
}

/**
 * The dropped starts: for each end, the curvature knots of n + 1 units with that end's knot left
 * out, every unit facing outward. The exact ReLU optimum of x² at odd widths is lopsided (one side
 * has a unit more); from every symmetric start the search ended in its mirror image with a unit
 * facing the wrong way (widths 9, 13, 15: 1.0156, 1.0027, 1.0017 × the exact optimum), from these
 * at the optimum itself (search version 4 of piecewise-linear units).
 */
function droppedStarts(p: Problem, box: Box, slope: number): number[][][] {
  const knots = curvatureKnots(p.X, p.y, p.width + 1);
  const mid = box.centre[0];
  const layout = (kept: number[]) => kept.map((k) => unit(box, [k < mid ? -1 : 1], slope, (k - mid) / box.half[0]));
  return [layout(knots.slice(1)), layout(knots.slice(0, -1))];
}

/**
 * Inner weights for `count` starts (at least one of each kind that applies), in a fixed order for
 * the seed; piecewise-linear units of one input get the two dropped starts on top.
 */
export function startsFor(p: Problem, count: number, seed: number, previous?: Float64Array): Start[] {
  const n = p.width;
  const box = boxOf(p);
  const h = Math.max(...box.half);
  const next = rng(seed);
  const natural = n / h;
  const out: Start[] = [];
  const push = (kind: StartKind, units: number[][]) => out.push({ kind, theta: Float64Array.from(units.flat()) });
  const q = perUnit(p);
  if (previous && previous.length === (n - 1) * q) {
    const old: number[][] = Array.from({ length: n - 1 }, (_, i) => Array.from(previous.subarray(i * q, (i + 1) * q)));
    for (const [t, place] of GROWN_PLACES.entries()) {
      const angle = p.inputs === 1 ? (t % 2 ? 0 : Math.PI) : 2 * Math.PI * next();
      push('grown', [...old, unit(box, direction(p.inputs, angle), natural, 2 * place - 1)]);
    }
  }
  push('knots', spreadKnots(p, box, 0, natural * KNOT_SLOPES[0], next));
  if (p.inputs === 1) {
    const xs = p.X;
    const knots = curvatureKnots(xs, p.y, n);
    const mid = box.centre[0];
    // facing outward, all one way, alternating: the ReLU optimum's direction patterns
    const facings: ((k: number, i: number) => number)[] = [(k) => (k < mid ? -1 : 1), () => 1, (_k, i) => (i % 2 ? 1 : -1)];
    for (const face of facings) push('curvature', knots.map((k, i) => unit(box, [face(k, i)], natural, (k - mid) / box.half[0])));
  }
  const taylor = (sign: number) =>
    push(
      'taylor',
      Array.from({ length: n }, (_, i) => {
        const u = direction(p.inputs, p.inputs === 1 ? (next() < 0.5 ? 0 : Math.PI) : 2 * Math.PI * next());
        const bias = n === 1 ? sign * TAYLOR_BIAS * 0.5 : sign * (-TAYLOR_BIAS + (2 * TAYLOR_BIAS * i) / (n - 1));
        return [...u.map((v) => (TAYLOR_SLOPE / h) * v), bias];
      }),
    );
  taylor(1);
  push('knots', spreadKnots(p, box, 1, natural * KNOT_SLOPES[1], next));
  taylor(-1);
  push('knots', spreadKnots(p, box, 2, natural * KNOT_SLOPES[2], next));
  while (out.length < count) {
    push(
      'random',
      Array.from({ length: n }, () => {
        const s = Math.exp(uniform(next, Math.log(0.2 / h), Math.log((2 * natural) / 1)));
        return unit(box, direction(p.inputs, 2 * Math.PI * next()), s, uniform(next, -1, 1));
      }),
    );
  }
  const listed = out.slice(0, Math.max(count, 1));
  if (p.inputs === 1 && activation(p.activation).piecewiseLinear) for (const units of droppedStarts(p, box, natural)) listed.push({ kind: 'dropped', theta: Float64Array.from(units.flat()) });
  return listed;
}
