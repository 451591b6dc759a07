// The exact piecewise-linear form of a one-input network whose activations are piecewise linear
// (relu, leaky-relu, abs), found by walking the layers, not by sampling: on every cell of the
// current partition of the domain each unit's output is affine in x, so each next-layer
// pre-activation is affine there too and crosses zero at most once; that crossing splits the cell.
// The result names every breakpoint's layer and unit, the slope on each piece, the pieces
// against their upper bound, and the units that never switch. Pure: no TF.js, no I/O.
import { activation, type ActivationName } from './activations.js';
import type { Net } from './net.js';

/**
 * Two crossings closer than this fraction of the domain's length are one breakpoint: units of a
 * hand-built net often kink at the same x, and rounding must not make a sliver cell of them.
 */
export const SNAP = 1e-12;
/** Slopes that differ by less than this (relative) are one line: the kink between them is not a piece boundary. */
export const SLOPE_TOL = 1e-9;

/** A unit of hidden layer `layer` (0-based) with index `unit`. */
export interface Source {
  layer: number;
  unit: number;
}

/** A point inside the domain where at least one unit's pre-activation crosses zero. */
export interface Breakpoint {
  x: number;
  sources: Source[];
  /** The output's slope just left and just right of x (equal when the kinks cancel downstream). */
  slopeLeft: number;
  slopeRight: number;
}

/** y = slope·x + intercept on [from, to]. */
export interface Cell {
  from: number;
  to: number;
  slope: number;
  intercept: number;
}

export interface LayerReading {
  width: number;
  /** Units never active on the domain (relu with pre-activation ≤ 0 everywhere): constant 0. */
  dead: number[];
  /** Units that never switch on the domain (pre-activation keeps one sign): affine in their input. */
  linear: number[];
}

export interface PiecewiseForm {
  domain: [number, number];
  /** Ascending; every x inside the open domain where some unit kinks. */
  breakpoints: Breakpoint[];
  /** The cells between consecutive breakpoints (and the domain's ends), each with its line. */
  cells: Cell[];
  /** Maximal linear pieces of the output: cells merged where the slope does not change. */
  pieces: number;
  /** The most pieces any one-input network of these widths can have: ∏(n_l + 1). */
  bound: number;
  layers: LayerReading[];
}

/** The affine functions alpha·x + beta of every unit on one cell. */
interface State {
  from: number;
  to: number;
  alpha: Float64Array;
  beta: Float64Array;
  /** For each layer so far, which units are on the positive side here: a unit kinks where this changes. */
  on: Uint8Array[];
}

/**
 * Most linear pieces of a one-input network with hidden widths n_1…n_L and any one-kink
 * activation: ∏(n_l + 1). On each of the P pieces of layer l−1 every unit of layer l is affine,
 * so it kinks at most once there; n_l units add at most n_l·P breakpoints, P·(n_l + 1) pieces.
 * This is the one-input case of Serra, Tjandraatmadja and Ramalingam, "Bounding and counting
 * linear regions of deep neural networks" (ICML 2018), and of Montúfar et al. (2014).
 */
export function pieceBound(hidden: readonly number[]): number {
  return hidden.reduce((p, n) => p * (n + 1), 1);
}

function activationOf(name: ActivationName): { f: (z: number) => number; slopes: [number, number] } {
  const a = activation(name);
  if (!a.piecewiseLinear) throw new Error(`the piecewise form needs piecewise-linear activations, not ${name}`);
  // Each piecewise-linear activation is f(z) = slope·z with one slope for z < 0 and one for z > 0.
  return { f: a.f, slopes: [a.f(-1) / -1, a.f(1)] };
}

/** Walk the layers of a one-input piecewise-linear net over the domain. */
export function piecewiseForm(net: Net, domain: readonly [number, number]): PiecewiseForm {
  if (net.inputs !== 1) throw new Error(`the piecewise form is for one-input nets, not ${net.inputs}`);
  const [lo, hi] = domain;
  const snap = SNAP * (hi - lo);
  // The input layer: h_0 = x on the whole domain.
  let cells: State[] = [{ from: lo, to: hi, alpha: Float64Array.of(1), beta: Float64Array.of(0), on: [] }];
  const layers: LayerReading[] = [];
  net.layers.forEach((layer) => {
    const width = layer.b.length;
    const act = activationOf(layer.activation);
    const everPositive = new Uint8Array(width);
    const everNegative = new Uint8Array(width);
    const next: State[] = [];
    for (const cell of cells) {
      // z_i = Σ_j W_ij (alpha_j x + beta_j) + b_i on this cell.
      const za = new Float64Array(width);
      const zb = new Float64Array(width);
      for (let i = 0; i < width; i++) {
        let a = 0;
        let b = layer.b[i];
        for (let j = 0; j < cell.alpha.length; j++) {
          a += layer.W[i][j] * cell.alpha[j];
          b += layer.W[i][j] * cell.beta[j];
        }
        za[i] = a;
        zb[i] = b;
      }
      // Where each unit crosses zero strictly inside the cell; crossings within `snap` of a cell end
      // or of each other are one point. (A unit that crosses at an existing breakpoint needs no cut:
      // its sign pattern still changes there, which is how sources are found below.)
      const cuts: number[] = [];
      for (let i = 0; i < width; i++) {
        if (za[i] === 0) continue;
        const x = -zb[i] / za[i] + 0; // + 0: no −0 breakpoint
        if (x > cell.from + snap && x < cell.to - snap && !cuts.some((c) => Math.abs(c - x) <= snap)) cuts.push(x);
      }
      cuts.sort((p, q) => p - q);
      const ends = [cell.from, ...cuts, cell.to];
      for (let k = 0; k + 1 < ends.length; k++) {
        const mid = (ends[k] + ends[k + 1]) / 2;
        const alpha = new Float64Array(width);
        const beta = new Float64Array(width);
        const on = new Uint8Array(width);
        for (let i = 0; i < width; i++) {
          const z = za[i] * mid + zb[i];
          if (z > 0) everPositive[i] = on[i] = 1;
          if (z < 0) everNegative[i] = 1;
          const s = z > 0 ? act.slopes[1] : act.slopes[0];
          alpha[i] = s * za[i];
          beta[i] = s * zb[i];
        }
        next.push({ from: ends[k], to: ends[k + 1], alpha, beta, on: [...cell.on, on] });
      }
    }
    cells = next;
    const dead: number[] = [];
    const linear: number[] = [];
    for (let i = 0; i < width; i++) {
      if (layer.activation === 'relu' && !everPositive[i]) dead.push(i);
      else if (!(everPositive[i] && everNegative[i])) linear.push(i);
    }
    layers.push({ width, dead, linear });
  });
  const out: Cell[] = cells.map((c) => {
    let slope = 0;
    let intercept = net.output.d;
    for (let j = 0; j < c.alpha.length; j++) {
      slope += net.output.w[j] * c.alpha[j];
      intercept += net.output.w[j] * c.beta[j];
    }
    return { from: c.from, to: c.to, slope, intercept };
  });
  const breakpoints: Breakpoint[] = [];
  let pieces = 1;
  for (let k = 0; k + 1 < out.length; k++) {
    const x = out[k].to;
    const [slopeLeft, slopeRight] = [out[k].slope, out[k + 1].slope];
    // The units that switch side here: their sign differs between the two cells.
    const sources: Source[] = [];
    cells[k].on.forEach((left, l) => left.forEach((v, unit) => v !== cells[k + 1].on[l][unit] && sources.push({ layer: l, unit })));
    breakpoints.push({ x, sources, slopeLeft, slopeRight });
    if (!sameSlope(slopeLeft, slopeRight)) pieces++;
  }
  return { domain: [lo, hi], breakpoints, cells: out, pieces, bound: pieceBound(layers.map((l) => l.width)), layers };
}

export function sameSlope(p: number, q: number): boolean {
  return Math.abs(p - q) <= SLOPE_TOL * Math.max(1, Math.abs(p), Math.abs(q));
}

/** The form's value at each x of the domain (the cell containing x, by binary search). */
export function evaluateForm(form: PiecewiseForm, xs: ArrayLike<number>): Float64Array {
  const { cells } = form;
  const y = new Float64Array(xs.length);
  for (let j = 0; j < xs.length; j++) {
    const x = xs[j];
    let lo = 0;
    let hi = cells.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x > cells[mid].to) lo = mid + 1;
      else hi = mid;
    }
    y[j] = cells[lo].slope * x + cells[lo].intercept;
  }
  return y;
}

/** The breakpoints where the output's slope really changes (its knots). */
export function knotsOf(form: PiecewiseForm): Breakpoint[] {
  return form.breakpoints.filter((b) => !sameSlope(b.slopeLeft, b.slopeRight));
}
