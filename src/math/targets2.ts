// Functions of two inputs, and the square grid they are sampled on. The point order is row-major
// with x1 fastest (point j = i2·n1 + i1), so X (N × 2, row-major) feeds net.ts's forward directly
// and a row of the grid is a row of a heatmap. Pure: no TF.js, no I/O.

export interface Target2 {
  /** How many inputs the function takes: always 2 here (targets.ts's one-input targets take 1). */
  inputs: 2;
  f: (x1: number, x2: number) => number;
  formula: string;
  /** Why the target is in the list: what it shows about interaction. */
  why: string;
}

export const TARGETS2 = {
  product: { inputs: 2, f: (x1: number, x2: number) => x1 * x2, formula: 'x1·x2', why: 'the interaction itself: all its variance is in f12' },
  saddle: { inputs: 2, f: (x1: number, x2: number) => x1 * x1 - x2 * x2, formula: 'x1² − x2²', why: 'additive: no interaction, yet it is x1·x2 turned by 45°' },
  bowl: { inputs: 2, f: (x1: number, x2: number) => x1 * x1 + x2 * x2, formula: 'x1² + x2²', why: 'additive: two one-input squares side by side' },
  'sin-sum': { inputs: 2, f: (x1: number, x2: number) => Math.sin(x1 + x2), formula: 'sin(x1 + x2)', why: 'a ridge of a smooth function: interacts although it has one direction' },
  ridge: { inputs: 2, f: (x1: number, x2: number) => (x1 - 2 * x2) ** 2 / 5, formula: '(x1 − 2·x2)²/5', why: 'a square along one oblique direction: folds along one family of parallel lines suffice' },
} satisfies Record<string, Target2>;

export type Target2Name = keyof typeof TARGETS2;
export const TARGET2_NAMES = Object.keys(TARGETS2) as Target2Name[];

export function isTarget2(name: string): name is Target2Name {
  return Object.hasOwn(TARGETS2, name);
}

export function target2(name: string): Target2 {
  if (!isTarget2(name)) throw new Error(`unknown two-input target ${name}`);
  return TARGETS2[name];
}

/** Samples per axis by default: 41² = 1681 points, a grid a width-32 network trains on in seconds. */
export const DEFAULT_SAMPLES_2 = 41;
/** The most grid points: X, y and a width-64 layer's activations in float32 stay near 300 MB. */
export const MAX_POINTS_2 = 1_000_000;
/** The default square: the answer's [−3, 3] on both axes. */
export const DEFAULT_DOMAIN_2: Domain2 = [
  [-3, 3],
  [-3, 3],
];

/** [[lo1, hi1], [lo2, hi2]]. */
export type Domain2 = readonly [readonly [number, number], readonly [number, number]];

export interface PlaneGrid {
  domain: Domain2;
  /** Samples along x1 and along x2. */
  n1: number;
  n2: number;
  x1s: Float64Array;
  x2s: Float64Array;
  /** N × 2 row-major: X[2j] = x1, X[2j + 1] = x2 of point j = i2·n1 + i1. */
  X: Float64Array;
}

/** seq(lo, hi, length.out = n), ends exact (as targets.ts's grid). */
export function axis(lo: number, hi: number, n: number): Float64Array {
  const xs = new Float64Array(n);
  const step = (hi - lo) / (n - 1);
  for (let i = 0; i < n; i++) xs[i] = lo + i * step;
  xs[n - 1] = hi;
  return xs;
}

/**
 * A problem with a plane grid's settings, as one line naming what is wrong, or null. The CLI turns
 * it into a ConfigError; math code only says what is allowed.
 */
export function planeGridProblem(domain: readonly (readonly number[])[], n1: number, n2 = n1): string | null {
  for (const [k, d] of domain.entries()) {
    if (d.length !== 2 || !d.every(Number.isFinite) || !(d[0] < d[1])) return `axis x${k + 1}: [${d.join(', ')}] is not allowed; expected lo < hi, both finite`;
  }
  for (const n of [n1, n2]) {
    if (!Number.isInteger(n) || n < 2) return `${n} samples per axis is not allowed; expected a whole number ≥ 2`;
  }
  if (n1 * n2 > MAX_POINTS_2) return `${n1}×${n2} = ${n1 * n2} grid points do not fit; expected at most ${MAX_POINTS_2} (at most ${Math.floor(Math.sqrt(MAX_POINTS_2))} samples per axis)`;
  return null;
}

export function planeGrid(domain: Domain2, n1: number, n2 = n1): PlaneGrid {
  const problem = planeGridProblem(domain, n1, n2);
  if (problem) throw new Error(problem);
  const x1s = axis(domain[0][0], domain[0][1], n1);
  const x2s = axis(domain[1][0], domain[1][1], n2);
  const X = new Float64Array(2 * n1 * n2);
  for (let i2 = 0; i2 < n2; i2++) {
    for (let i1 = 0; i1 < n1; i1++) {
      const j = i2 * n1 + i1;
      X[2 * j] = x1s[i1];
      X[2 * j + 1] = x2s[i2];
    }
  }
  return { domain, n1, n2, x1s, x2s, X };
}

/** Any f(x1, x2) on the grid, in the grid's point order. */
export function onGrid(g: PlaneGrid, f: (x1: number, x2: number) => number): Float64Array {
  const y = new Float64Array(g.n1 * g.n2);
  for (let j = 0; j < y.length; j++) y[j] = f(g.X[2 * j], g.X[2 * j + 1]);
  return y;
}

export function sample2(name: string, g: PlaneGrid): Float64Array {
  return onGrid(g, target2(name).f);
}
