// The functions a network can learn, and the grid they are sampled on. Pure: no TF.js, no I/O.

export interface Target {
  /** f(x), in float64. */
  f: (x: number) => number;
  /** How the function is written in reports. */
  formula: string;
}

export const TARGETS = {
  square: { f: (x: number) => x * x, formula: 'x²' },
  sin: { f: Math.sin, formula: 'sin(x)' },
  cube: { f: (x: number) => x * x * x, formula: 'x³' },
  abs: { f: Math.abs, formula: '|x|' },
  relu: { f: (x: number) => Math.max(x, 0), formula: 'max(x, 0)' },
  tanh: { f: Math.tanh, formula: 'tanh(x)' },
  exp: { f: Math.exp, formula: 'exp(x)' },
  gauss: { f: (x: number) => Math.exp(-x * x), formula: 'exp(-x²)' },
} satisfies Record<string, Target>;

export type TargetName = keyof typeof TARGETS;
export const TARGET_NAMES = Object.keys(TARGETS) as TargetName[];

export function target(name: string): Target {
  const t = (TARGETS as Record<string, Target>)[name];
  if (!t) throw new Error(`unknown target ${name}`);
  return t;
}

/**
 * `samples` equally spaced points from lo to hi, both ends included, as R's
 * seq(lo, hi, length.out = samples). Computed as lo + i·step, with the last point set to hi
 * exactly, so the ends never drift by rounding.
 */
export function grid(domain: readonly [number, number], samples: number): Float64Array {
  const [lo, hi] = domain;
  const xs = new Float64Array(samples);
  const step = (hi - lo) / (samples - 1);
  for (let i = 0; i < samples; i++) xs[i] = lo + i * step;
  xs[samples - 1] = hi;
  return xs;
}

export function sample(name: string, xs: Float64Array): Float64Array {
  const { f } = target(name);
  return xs.map(f);
}
