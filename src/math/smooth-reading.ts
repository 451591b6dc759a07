// The reading of a network of smooth units (tanh, sin, …), the way the question reads sin: each
// unit c·act(w·x + b) as its Taylor coefficients around the centre of the domain (1, x, x², x³; in
// two inputs every monomial up to degree 3, x1·x2 among them), beside its least-squares projection
// on the same monomials over the grid (what the unit contributes where the data is, not at one
// point) and the share of the unit's variance those powers leave unexplained. The whole network
// is read the same way: the Taylor sum of its units plus the output bias (one hidden layer), and
// its own projection (any depth). Pure: no TF.js, no I/O.
import { activation } from './activations.js';
import { forward, type Net } from './net.js';
import { monomials, projectOnMonomials, unitTaylor } from './taylor.js';

export interface UnitPowers {
  unit: number;
  /** Taylor coefficients of c·act(w·x + b) around the centre, one per monomial. */
  taylor: number[];
  /** Least-squares coefficients of the unit's output on the grid, one per monomial. */
  projection: number[];
  /** Share of the unit's variance on the grid the monomials leave unexplained (0 = a cubic exactly). */
  unexplained: number;
}

export interface SmoothReading {
  kind: 'taylor';
  /** The expansion point: the centre of the domain. */
  centre: number[];
  /** The monomials in (x − centre), e.g. ["1", "x", "x²", "x³"]. */
  monomials: string[];
  /** One hidden layer: one entry per unit; deeper networks: none (their units do not add up). */
  units: UnitPowers[];
  /** The whole network: Taylor (one hidden layer only, else null) and projection. */
  network: { taylor: number[] | null; projection: number[]; unexplained: number };
}

/** Does this network get the Taylor reading (some layer smooth)? Piecewise-linear ones are read by their knots and folds. */
export const readsByTaylor = (net: Net): boolean => net.layers.some((l) => !activation(l.activation).piecewiseLinear);

export type ReadingKind = 'hinges' | 'breakpoints' | 'folds' | 'taylor';

/** The reading a network gets: hinges (one-input shallow ReLU), breakpoints (other piecewise-linear one-input), folds (two inputs), Taylor (smooth units). */
export function readingKind(net: Net): ReadingKind {
  if (readsByTaylor(net)) return 'taylor';
  if (net.inputs > 1) return 'folds';
  return net.layers.length === 1 && net.layers[0].activation === 'relu' ? 'hinges' : 'breakpoints';
}

/** The reading of `net` on the points X (row-major, net.inputs per point), expanded around `centre`. */
export function smoothReading(net: Net, X: ArrayLike<number>, centre: readonly number[]): SmoothReading {
  const inputs = net.inputs;
  const names = monomials(inputs).map((m) => m.name);
  const N = X.length / inputs;
  const units: UnitPowers[] = [];
  let taylor: number[] | null = null;
  if (net.layers.length === 1) {
    const layer = net.layers[0];
    const f = activation(layer.activation).f;
    taylor = names.map((_, k) => (k === 0 ? net.output.d : 0));
    for (let i = 0; i < layer.b.length; i++) {
      const w = layer.W[i];
      const c = net.output.w[i];
      const t = unitTaylor(layer.activation, w, layer.b[i], c, centre);
      const values = new Float64Array(N);
      for (let j = 0; j < N; j++) {
        let z = layer.b[i];
        for (let k = 0; k < inputs; k++) z += w[k] * X[j * inputs + k];
        values[j] = c * f(z);
      }
      const p = projectOnMonomials(X, inputs, values, centre);
      units.push({ unit: i, taylor: t, projection: p.coef, unexplained: p.unexplained });
      t.forEach((v, k) => (taylor![k] += v));
    }
  }
  const p = projectOnMonomials(X, inputs, forward(net, X), centre);
  return { kind: 'taylor', centre: [...centre], monomials: names, units, network: { taylor, projection: p.coef, unexplained: p.unexplained } };
}

/** The centre of a one-input domain [lo, hi] or of a two-input box [[lo, hi], [lo, hi]]. */
export const centreOf = (domain: readonly (number | readonly number[])[]): number[] =>
  typeof domain[0] === 'number' ? [((domain[0] as number) + (domain[1] as number)) / 2] : (domain as readonly (readonly number[])[]).map((d) => (d[0] + d[1]) / 2);
