// The network a non-ReLU run is measured against: the best found (src/math/best-found: a search
// under a bound on every weight, evaluated in float32 as TF.js trains; cached on disk by
// best-found-cache.ts) of its activation, of the same width (shallow) or the same parameter count
// (deep). ReLU runs keep the exact optimum, "best possible".
import type { Config } from '../settings.js';
import { metrics } from '../math/compare.js';
import { forward } from '../math/net.js';
import type { ActivationName } from '../math/activations.js';
import { bestOf, cachedBestFoundCurve, type BestOf } from './best-found-cache.js';
import type { RecordOptimum } from './record.js';
import type { GridData } from './grid.js';

type Grid = Pick<Config, 'target' | 'domain' | 'samples'>;

/** The reference of width n for this grid and activation (best possible for relu, else best found under the default bound). */
export function bestFoundFor(c: Grid, act: ActivationName, width: number, data: GridData, onProgress?: (width: number, of: number) => void): BestOf {
  return bestOf({ target: c.target, domain: c.domain, samples: c.samples, activation: act }, { X: data.xs, inputs: 1, y: data.ys }, width, onProgress);
}

/** The search's own curve 1..maxWidth for any activation, relu included (the soundness check of bench:activations). */
export function searchCurve(c: Grid, act: ActivationName, bound: number, maxWidth: number, data: GridData) {
  return cachedBestFoundCurve({ target: c.target, domain: c.domain, samples: c.samples, activation: act, bound }, { X: data.xs, inputs: 1, y: data.ys }, maxWidth);
}

/** A best-found network as a run record's reference. */
export function bestFoundOptimum(c: Config, data: GridData, hidden: number, basis: RecordOptimum['basis']): RecordOptimum {
  const found = bestFoundFor(c, c.activation, hidden, data);
  return {
    mse: found.mse,
    maxAbsError: metrics(data.ys, forward(found.net, data.xs)).maxAbsError,
    network: null,
    hidden,
    basis,
    label: 'best found',
    net: found.net,
    bound: found.bound ?? undefined,
    boundActive: found.boundActive,
    largestWeight: found.largestWeight,
  };
}
