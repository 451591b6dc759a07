// The network a non-ReLU run is measured against: the best found (src/math/best-found: a search
// under a bound on every weight, evaluated in float32 as TF.js trains) of its activation, of the
// same width (shallow) or the same parameter count (deep). ReLU runs keep the exact optimum, "best
// possible". Searches are remembered per process: a sweep asks for each grid, activation and width once.
import type { Config } from '../settings.js';
import { metrics } from '../math/compare.js';
import { forward } from '../math/net.js';
import { bestFound, DEFAULT_WEIGHT_BOUND, type BestFound } from '../math/best-found/index.js';
import type { ActivationName } from '../math/activations.js';
import type { RecordOptimum } from './record.js';
import type { GridData } from './grid.js';

const memo = new Map<string, BestFound>();

/** The best width-n network found for this grid and activation under the default bound. */
export function bestFoundFor(c: Pick<Config, 'target' | 'domain' | 'samples'>, act: ActivationName, width: number, data: GridData): BestFound {
  const key = JSON.stringify([c.target, c.domain, c.samples, act, width, DEFAULT_WEIGHT_BOUND]);
  let found = memo.get(key);
  if (!found) {
    found = bestFound({ X: data.xs, inputs: 1, y: data.ys, activation: act, width, bound: DEFAULT_WEIGHT_BOUND });
    memo.set(key, found);
  }
  return found;
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
    bound: DEFAULT_WEIGHT_BOUND,
    boundActive: found.boundActive,
    largestWeight: found.largestWeight,
  };
}
