// The activations a unit may use, each as f and its derivative f' in float64. The TF.js side
// (src/tfjs/) maps the same names to its ops; tests hold the two to each other. Piecewise-linear
// activations are read as hinges and folds; smooth ones by their Taylor coefficients.

export interface Activation {
  f: (z: number) => number;
  /** f'(z); at a kink, the one-sided value TF.js's gradient uses (relu'(0) = 0). */
  df: (z: number) => number;
  /** Piecewise linear: read as knots (one input) and folds (two inputs). */
  piecewiseLinear: boolean;
  /** Periodic (sin): a unit bends everywhere, so it has no one place to move to (best-found/refine.ts relocate). */
  periodic?: boolean;
  /** How reports write it. */
  formula: string;
}

/** Slope of leaky-relu left of 0: PyTorch's default, small enough to read as a hinge with a lean. */
export const LEAKY_SLOPE = 0.01;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
/** tanh approximation of gelu, as TF.js computes it (approximate = true) */
const GELU_CUBIC = 0.044715;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const geluInner = (z: number) => SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z);

export const ACTIVATIONS = {
  relu: { f: (z: number) => (z > 0 ? z : 0), df: (z: number) => (z > 0 ? 1 : 0), piecewiseLinear: true, formula: 'max(z, 0)' },
  'leaky-relu': { f: (z: number) => (z > 0 ? z : LEAKY_SLOPE * z), df: (z: number) => (z > 0 ? 1 : LEAKY_SLOPE), piecewiseLinear: true, formula: `max(z, ${LEAKY_SLOPE}·z)` },
  abs: { f: Math.abs, df: (z: number) => (z > 0 ? 1 : z < 0 ? -1 : 0), piecewiseLinear: true, formula: '|z|' },
  tanh: { f: Math.tanh, df: (z: number) => 1 - Math.tanh(z) ** 2, piecewiseLinear: false, formula: 'tanh(z)' },
  sigmoid: { f: sigmoid, df: (z: number) => sigmoid(z) * (1 - sigmoid(z)), piecewiseLinear: false, formula: '1/(1 + e^(−z))' },
  sin: { f: Math.sin, df: Math.cos, piecewiseLinear: false, periodic: true, formula: 'sin(z)' },
  softplus: { f: (z: number) => (z > 30 ? z : Math.log1p(Math.exp(z))), df: sigmoid, piecewiseLinear: false, formula: 'log(1 + e^z)' },
  elu: { f: (z: number) => (z > 0 ? z : Math.expm1(z)), df: (z: number) => (z > 0 ? 1 : Math.exp(z)), piecewiseLinear: false, formula: 'z if z > 0, else e^z − 1' },
  gelu: {
    f: (z: number) => 0.5 * z * (1 + Math.tanh(geluInner(z))),
    df: (z: number) => {
      const t = Math.tanh(geluInner(z));
      return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * z * z);
    },
    piecewiseLinear: false,
    formula: '0.5·z·(1 + tanh(√(2/π)(z + 0.044715z³)))',
  },
  swish: { f: (z: number) => z * sigmoid(z), df: (z: number) => sigmoid(z) * (1 + z * (1 - sigmoid(z))), piecewiseLinear: false, formula: 'z·sigmoid(z)' },
} satisfies Record<string, Activation>;

export type ActivationName = keyof typeof ACTIVATIONS;
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as ActivationName[];

export function activation(name: string): Activation {
  const a = (ACTIVATIONS as Record<string, Activation>)[name];
  if (!a) throw new Error(`unknown activation ${name}`);
  return a;
}
