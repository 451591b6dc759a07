// Starts that differ in kind for smooth units ('varied'): the restarts of one run begin in different
// basins, as ReLU's 'mixed' restarts do. He-uniform starts of tanh, sin, gelu, ... all end in
// much the same basin, often orders of magnitude above the best found, and a local finish cannot
// leave it; the best-found search reaches its basins from starts of other kinds (units spread over
// the domain, units in their Taylor regime). So restart r takes VARIED_KINDS[r] (beyond them, He again): He
// weights, then the best-found search's own starts (best-found/starts.ts, not a second copy),
// clamped into the weight bound. Deep networks (and the two-input trainer, which has its own inits)
// start from He weights on every restart. Pure: no TF.js, no I/O.
import { activation, type ActivationName } from './activations.js';
import { heOrGlorot } from './init.js';
import type { Net } from './net.js';
import { startsFor, type StartKind } from './best-found/starts.js';
import type { Problem } from './best-found/lm.js';

/**
 * The kind of restart r = 0, 1, 2, ...: 'he' (sin units train best from it); 'curvature' (unit
 * centres −b/w at the curvature quantiles of the target, directions alternating, each transition
 * about one spacing wide: best-found/starts.ts); 'knots' (centres evenly spread, transitions two
 * spacings wide); 'taylor' (small slopes, biases spread: every unit nearly polynomial over the
 * domain); beyond these four, seeded he starts (variedKind). Measured (docs/activations.md):
 * curvature and knots win most smooth cells, he the sin units', taylor almost none, so it comes last.
 */
export const VARIED_KINDS = ['he', 'curvature', 'knots', 'taylor'] as const satisfies readonly ('he' | StartKind)[];
export type VariedKind = (typeof VARIED_KINDS)[number];

/** The kind of start restart r of a 'varied' run of this architecture gets. */
export function variedKind(r: number, hidden: readonly number[], inputs = 1): VariedKind {
  // The kinds after he do not depend on the seed: a second round would repeat them, so later restarts are seeded he starts.
  return hidden.length === 1 && inputs === 1 && r < VARIED_KINDS.length ? VARIED_KINDS[r] : 'he';
}

/** Starts the best-found search builds before its random ones: enough that each kind appears. */
const STARTS_LISTED = 8;
/**
 * Which of the search's starts of a kind to take: the curvature and knot starts whose units all
 * face one way, every other unit turned round here (which keeps its centre). Chosen when the
 * search's one-input starts facing −1 still bent at −t instead of t (fixed since, search version
 * 2); kept because `varied` was measured with these starts.
 */
const ONE_WAY = { curvature: 1, knots: 1, taylor: 0 } as const;

/**
 * The initial network of restart r of a 'varied' run: inner weights of its kind, directions
 * alternating (every weight and bias clamped into |·| ≤ bound), output layer zero (the caller's
 * bounded refit solves it). Deterministic for (seed, restart).
 */
export function variedNet(
  act: ActivationName,
  hidden: readonly number[],
  seed: number,
  xs: Float64Array,
  ys: Float64Array,
  bound: number,
  restart = 0,
): Net {
  const kind = variedKind(restart, hidden);
  if (kind === 'he') return heOrGlorot('he', 1, hidden, hidden.map(() => act), seed);
  if (activation(act).piecewiseLinear) throw new Error(`varied starts smooth units; ${act} is piecewise-linear`);
  const n = hidden[0];
  const p: Problem = { X: xs, inputs: 1, y: ys, activation: act, width: n, bound };
  const start = startsFor(p, STARTS_LISTED, seed).filter((s) => s.kind === kind)[ONE_WAY[kind]];
  if (!start) throw new Error(`varied: no ${kind} start`);
  const clamp = (v: number) => Math.max(-bound, Math.min(bound, v));
  // the taylor start draws its own directions
  const turn = (i: number) => (kind !== 'taylor' && i % 2 ? -1 : 1);
  const W = Array.from({ length: n }, (_, i) => [clamp(turn(i) * start.theta[2 * i])]);
  const b = Array.from({ length: n }, (_, i) => clamp(turn(i) * start.theta[2 * i + 1]));
  return { inputs: 1, layers: [{ activation: act, W, b }], output: { w: new Array(n).fill(0), d: 0 } };
}

/**
 * `net` (one hidden layer, one input) plus one unit bending at x = `at` (w = 1, b = −at) with
 * output weight 0: the same function, one unit wider. The width-(n−1) start grown this way is
 * training's counterpart of the best-found search growing each width from the previous one's best
 * (experiment/last-moves.ts); the LM finish after it moves the unit where it pays.
 */
export function plusUnit(net: Net, at: number): Net {
  const [layer] = net.layers;
  return { ...net, layers: [{ ...layer, W: [...layer.W, [1]], b: [...layer.b, -at] }], output: { w: [...net.output.w, 0], d: net.output.d } };
}
