// A run's data and its comparator, from its settings alone: the sampled target on the grid and the
// hand-built sum it is compared with. Pure (no training, no files), so report/ may use it.
import { widthsOf, type Config } from '../settings.js';
import { autoK, handBuilt, parseK, type HandBuilt } from '../math/handbuilt.js';
import { grid, sample, target } from '../math/targets.js';

export interface GridData {
  xs: Float64Array;
  ys: Float64Array;
}

export function gridOf(config: Pick<Config, 'target' | 'domain' | 'samples'>): GridData {
  const xs = grid(config.domain, config.samples);
  return { xs, ys: sample(config.target, xs) };
}

/** The hand-built sum a config compares with, or null for --compare none ('auto' picks by the number of units). */
export function comparatorOf(config: Config): HandBuilt | null {
  if (config.compare === 'none') return null;
  const units = widthsOf(config.hidden).reduce((s, w) => s + w, 0);
  const k = config.compare === 'auto' ? autoK(units, config.domain) : parseK(config.compare);
  if (k === null) throw new Error(`compare "${config.compare}" reached a run unvalidated`);
  return handBuilt(k, target(config.target).f, config.domain);
}
