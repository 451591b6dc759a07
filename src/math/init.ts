// Initial networks. 'glorot' is what Keras users get; 'spread' puts a knot in every part of the
// domain, picks each unit's direction by the least-squares error it allows, and solves the output
// layer exactly, so gradient descent starts from a good layout instead of having to find one.
// Also the least-squares solve of the output layer used by --refit. Pure: no TF.js, no I/O.
export const INITS = ['mixed', 'curvature', 'halves', 'dropped', 'paired', 'greedy', 'spread', 'glorot', 'he', 'varied', 'cascade'] as const;
export type Init = (typeof INITS)[number];
/** The starts that place knots of ReLU hinges (piecewise-linear units only). */
export const KNOT_INITS = ['mixed', 'curvature', 'halves', 'dropped', 'paired', 'greedy', 'spread'] as const satisfies readonly Init[];

import { relu, type Network } from './hinges.js';
import { lstsq } from './linalg.js';
import { rng, uniform } from './rng.js';
import { forward, netOf, shallowView, type Layer, type Net } from './net.js';
import { activation, type ActivationName } from './activations.js';
import { cascadeNet, MAX_CASCADE, symmetricHalfWidth } from './cascade.js';
import { bestFacing, solveHinges } from './facing.js';
import { dropped, greedy, halves, mixedKind, paired, type StartKind } from './starts.js';

/** Glorot-uniform kernels (limit √(6/(fan_in + fan_out)) = √(6/(1 + n)) for both layers), zero biases. */
export function glorot(hidden: number, seed: number): Network {
  const next = rng(seed);
  const limit = Math.sqrt(6 / (1 + hidden));
  const a = Array.from({ length: hidden }, () => uniform(next, -limit, limit));
  const c = Array.from({ length: hidden }, () => uniform(next, -limit, limit));
  return { a, b: new Array(hidden).fill(0), c, d: 0 };
}

/** The feature columns relu(aᵢ·x + bᵢ) and a constant column last. */
function features(a: number[], b: number[], xs: Float64Array): Float64Array[] {
  const cols = a.map((ai, i) => xs.map((x) => relu(ai * x + b[i])));
  cols.push(new Float64Array(xs.length).fill(1));
  return cols;
}

/** The best output layer (c, d) for a fixed hidden layer (a, b), by least squares on the grid. */
export function solveOutputLayer(a: number[], b: number[], xs: Float64Array, ys: Float64Array): { net: Network; sse: number } {
  const { coef, sse } = lstsq(features(a, b, xs), ys);
  const n = a.length;
  return { net: { a: [...a], b: [...b], c: Array.from(coef.subarray(0, n)), d: coef[n] }, sse };
}

/**
 * Knots at the centres of n equal cells of the domain, each moved by up to a quarter cell by the
 * seed; |a| = 1. Directions start facing outward (left half left, right half right), then each
 * unit in turn is flipped when that lowers the least-squares error, until no flip helps.
 */
export function spread(hidden: number, seed: number, domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Network {
  const next = rng(seed);
  const [lo, hi] = domain;
  const cell = (hi - lo) / hidden;
  const knots = Array.from({ length: hidden }, (_, i) => lo + (i + 0.5 + uniform(next, -0.25, 0.25)) * cell);
  return withDirections(knots, domain, xs, ys);
}

/**
 * |a| = 1 at the given knots, each unit facing the way least squares prefers over all direction
 * patterns (bestFacing, starting from "outward": left half left, right half right); the output
 * layer is the least-squares one.
 */
export function withDirections(knots: number[], domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Network {
  const [lo, hi] = domain;
  const a = bestFacing(knots, knots.map((k) => (k < (lo + hi) / 2 ? -1 : 1)), xs, ys);
  return solveHinges(a, a.map((ai, i) => -ai * knots[i]), xs, ys).net;
}

/**
 * Knots at the quantiles of |f''|^(2/5): where the best free-knot linear splines put them as the
 * knots get many (|f''| estimated by second differences on the grid, floored so flat parts get some).
 * The n knots cut that measure into n + 1 equal shares, the two end pieces included: a best fit
 * has no knot at the domain's ends, so its end pieces are as long as the others (x² at width 4:
 * ±0.6, ±1.8 on [−3, 3]). Centres of n shares would leave half-length end pieces, and gradient
 * descent is slow to stretch a whole layout outward.
 */
export function curvatureKnots(xs: Float64Array, ys: Float64Array, n: number, offsets?: number[]): number[] {
  const N = xs.length;
  const w = new Float64Array(N);
  let max = 0;
  for (let j = 1; j < N - 1; j++) {
    const h = (xs[j + 1] - xs[j - 1]) / 2;
    w[j] = Math.abs((ys[j + 1] - 2 * ys[j] + ys[j - 1]) / (h * h)) ** 0.4;
    max = Math.max(max, w[j]);
  }
  w[0] = w[1];
  w[N - 1] = w[N - 2];
  let total = 0;
  for (let j = 0; j < N; j++) total += w[j] += 0.05 * max + 1e-12;
  const knots: number[] = [];
  let acc = 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const goal = ((i + 1 + (offsets?.[i] ?? 0)) / (n + 1)) * total;
    while (j < N - 1 && acc + w[j] < goal) acc += w[j++];
    knots.push(xs[j]);
  }
  return knots;
}

/**
 * Knots where the target bends most (the quantiles of |f''|^(2/5), see curvatureKnots), each moved
 * by up to a quarter of its share by the seed; directions and output layer as in spread.
 */
export function curvature(hidden: number, seed: number, domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Network {
  const next = rng(seed);
  const offsets = Array.from({ length: hidden }, () => uniform(next, -0.25, 0.25));
  return withDirections(curvatureKnots(xs, ys, hidden, offsets), domain, xs, ys);
}

/** The shallow knot-placing start of one kind. */
function placed(kind: StartKind, hidden: number, seed: number, domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Network {
  if (kind === 'greedy') return greedy(hidden, seed, domain, xs, ys);
  if (kind === 'dropped') return dropped(hidden, seed, domain, xs, ys);
  if (kind === 'halves') return halves(hidden, seed, domain, xs, ys);
  if (kind === 'paired') return paired(hidden, seed, domain, xs, ys);
  return kind === 'curvature' ? curvature(hidden, seed, domain, xs, ys) : spread(hidden, seed, domain, xs, ys);
}

/** The initial network of restart `restart` (0-based) of a one-hidden-layer run; only 'mixed' depends on the restart. */
export function initialNetwork(init: Init, hidden: number, seed: number, domain: readonly [number, number], xs: Float64Array, ys: Float64Array, restart = 0): Network {
  if (init === 'glorot') return glorot(hidden, seed);
  if (init === 'he' || init === 'varied') return shallowView(heOrGlorot('he', 1, [hidden], ['relu'], seed))!;
  if (init === 'cascade') return shallowView(cascadeInit([hidden], seed, domain, xs, ys))!;
  return placed(init === 'mixed' ? mixedKind(restart) : init, hidden, seed, domain, xs, ys);
}

/** The seed of restart r of a run: far apart so restarts of one run never share a seed with another run's. */
export function restartSeed(seed: number, r: number): number {
  return (seed + r * 1_000_003) % 2 ** 31;
}

/** The last hidden layer's outputs on N points (row-major N × inputs): one column per unit. */
export function lastFeatures(net: Net, X: ArrayLike<number>): Float64Array[] {
  const keep = { z: [] as Float64Array[] };
  forward(net, X, keep);
  const z = keep.z[keep.z.length - 1];
  const layer = net.layers[net.layers.length - 1];
  const f = activation(layer.activation).f;
  const width = layer.b.length;
  const N = z.length / width;
  return Array.from({ length: width }, (_, i) => {
    const col = new Float64Array(N);
    for (let j = 0; j < N; j++) col[j] = f(z[j * width + i]);
    return col;
  });
}

/** The best output layer (w, d) of any Net for its fixed hidden layers, by least squares on the points. */
export function solveNetOutput(net: Net, X: ArrayLike<number>, ys: Float64Array): { net: Net; sse: number } {
  const cols = lastFeatures(net, X);
  const width = cols.length;
  cols.push(new Float64Array(ys.length).fill(1));
  const { coef, sse } = lstsq(cols, ys);
  return { net: { ...net, output: { w: Array.from(coef.subarray(0, width)), d: coef[width] } }, sse };
}

/**
 * Every layer drawn at random, biases zero. 'he': He-uniform, limit √(6/fan_in), which keeps the
 * variance of ReLU activations through depth; 'glorot': Glorot-uniform, √(6/(fan_in + fan_out)).
 * The output layer is Glorot-uniform in both (as a Keras Dense(1) would be).
 */
export function heOrGlorot(init: 'he' | 'glorot', inputs: number, hidden: readonly number[], acts: readonly ActivationName[], seed: number): Net {
  const next = rng(seed);
  const draw = (out: number, fanIn: number, he: boolean) => {
    const limit = Math.sqrt(6 / (he ? fanIn : fanIn + out));
    return Array.from({ length: out }, () => Array.from({ length: fanIn }, () => uniform(next, -limit, limit)));
  };
  let fanIn = inputs;
  const layers: Layer[] = hidden.map((w, l) => {
    const layer = { activation: acts[l], W: draw(w, fanIn, init === 'he'), b: new Array(w).fill(0) };
    fanIn = w;
    return layer;
  });
  return { inputs, layers, output: { w: draw(1, fanIn, false)[0], d: 0 } };
}

/** Off-identity weights of the layers stacked on a knot-placed first layer: small, to break symmetry. */
const STACK_NOISE = 0.01;

/** Why an init cannot start this architecture, or null when it can. */
export function initRefusal(init: Init, inputs: number, hidden: readonly number[], acts: readonly ActivationName[], domain?: readonly [number, number]): string | null {
  if (init === 'he' || init === 'glorot' || init === 'varied') return null;
  if (inputs !== 1) return `${init} places knots on one input; this network has ${inputs} inputs (use he or glorot)`;
  if (acts.some((a) => a !== 'relu')) return `${init} builds ReLU hinges; this network uses ${[...new Set(acts)].join(', ')} (use he or glorot)`;
  if (init !== 'cascade') return null;
  const m = hidden.length - 1;
  const need = cascadeWidths(m);
  if (m > MAX_CASCADE) return `cascade has at most ${MAX_CASCADE + 1} hidden layers; this network has ${hidden.length}`;
  if (hidden.some((w, l) => w < need[l])) return `the cascade with ${hidden.length} hidden layers needs widths of at least ${need.join(',')}; this network has ${hidden.join(',')}`;
  if (domain && symmetricHalfWidth(domain) === null) return `the cascade folds |x| on a domain symmetric about 0; the domain is [${domain.join(', ')}]`;
  return null;
}

/** The widths of the cascade with m folds: 2 (m = 0); 2,2 (m = 1); 2,2,3,… (m ≥ 2). */
const cascadeWidths = (m: number): number[] => Array.from({ length: m + 1 }, (_, l) => (l < 2 ? 2 : 3));

/** Incoming weights of units beyond the cascade's own, He-scaled and shrunk: they start nearly silent downstream. */
const PAD_SCALE = 0.1;

/**
 * Yarotsky's sawtooth cascade for x² (math/cascade.ts) with as many folds as the network has
 * hidden layers less one, as a starting point: units beyond the cascade's widths get small random
 * incoming weights and no outgoing ones into the cascade's units (the extra units still receive
 * gradient), and the output layer is the least-squares one for the target, so the start is at
 * least as good on the grid as the cascade itself.
 */
export function cascadeInit(hidden: readonly number[], seed: number, domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Net {
  const L = symmetricHalfWidth(domain)!;
  const base = cascadeNet(hidden.length - 1, L);
  const next = rng(seed);
  let fanIn = 1;
  const layers: Layer[] = hidden.map((w, l) => {
    const own = base.layers[l];
    const limit = PAD_SCALE * Math.sqrt(6 / fanIn);
    const W = Array.from({ length: w }, (_, i) =>
      Array.from({ length: fanIn }, (_, j) => (i < own.b.length ? (j < own.W[i].length ? own.W[i][j] : 0) : uniform(next, -limit, limit))),
    );
    const b = Array.from({ length: w }, (_, i) => (i < own.b.length ? own.b[i] : 0));
    fanIn = w;
    return { activation: 'relu', W, b };
  });
  const net: Net = { inputs: 1, layers, output: { w: new Array(fanIn).fill(0), d: 0 } };
  return solveNetOutput(net, xs, ys).net;
}

/**
 * A deep one-input ReLU network that starts as the shallow 'curvature' or 'spread' network: its
 * first layer places the knots, each later layer passes the units below through (identity; the
 * outputs of a ReLU layer are ≥ 0, so a ReLU of them is themselves) plus small noise so units can
 * part ways, and the output layer is the least-squares one. A later layer narrower than the first
 * passes on only its first units. Shallow networks are the shallow init itself.
 */
export function stackedInit(init: StartKind, hidden: readonly number[], seed: number, domain: readonly [number, number], xs: Float64Array, ys: Float64Array): Net {
  const first = netOf(placed(init, hidden[0], seed, domain, xs, ys));
  if (hidden.length === 1) return first;
  const next = rng(seed + 1);
  const layers: Layer[] = [first.layers[0]];
  for (let l = 1; l < hidden.length; l++) {
    const fanIn = hidden[l - 1];
    const W = Array.from({ length: hidden[l] }, (_, i) => Array.from({ length: fanIn }, (_, j) => (i % fanIn === j ? 1 : 0) + uniform(next, -STACK_NOISE, STACK_NOISE)));
    layers.push({ activation: 'relu', W, b: new Array(hidden[l]).fill(0) });
  }
  const net: Net = { inputs: 1, layers, output: { w: new Array(hidden[hidden.length - 1]).fill(0), d: 0 } };
  return solveNetOutput(net, xs, ys).net;
}

/** The initial network of any architecture; throws when the init refuses it (see initRefusal). */
export function initialNet(
  init: Init,
  inputs: number,
  hidden: readonly number[],
  acts: readonly ActivationName[],
  seed: number,
  domain: readonly [number, number],
  X: Float64Array,
  ys: Float64Array,
  restart = 0,
): Net {
  const why = initRefusal(init, inputs, hidden, acts, domain);
  if (why) throw new Error(why);
  if (init === 'cascade') return cascadeInit(hidden, seed, domain, X, ys);
  // 'varied' (smooth units; smooth-starts.ts) is He-uniform here: its other kinds are built by variedNet for shallow one-input runs
  if (init === 'he' || init === 'glorot' || init === 'varied') {
    if (init === 'glorot' && inputs === 1 && hidden.length === 1 && acts[0] === 'relu') return netOf(glorot(hidden[0], seed));
    return heOrGlorot(init === 'glorot' ? 'glorot' : 'he', inputs, hidden, acts, seed);
  }
  return stackedInit(init === 'mixed' ? mixedKind(restart) : init, hidden, seed, domain, X, ys);
}
