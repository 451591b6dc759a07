// The on-disk cache of optima: one file per (target, domain, grid) holding the best network of
// every width 1..max and its own key. What is read back is checked (key, shape, and the entry's
// MSE recomputed from its network), so a damaged, edited or misplaced file is recomputed, never printed.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { metrics } from '../math/compare.js';
import { predict } from '../math/hinges.js';
import { optimumCurve, type Optimum, type OptimumOptions } from '../math/optimum/index.js';
import { writeAtomic } from './store.js';

/**
 * Version 7: the file holds its own key, so a file copied or renamed onto another key is not
 * trusted. Version 8: the basin hops (optimum/knots.ts hop), lower by up to 2.9% on 200 points,
 * 0.08% on 1000. Version 9: hops of inner blocks too, and layouts facing both ways in turn finished
 * on the grid (optimum/index.ts mixedFacings): lower by up to 1.8 % on 200 points (x³ at width
 * 28; x² at 21 1.2 %), 0.07 % on 1000 (sin at width 26), far more on coarse grids (x³ on 60
 * points from width 29 on: 0.3 % of version 8's error).
 */
const OPTIMUM_VERSION = 9;

/** How far a cached optimum's recorded MSE may sit from its network's MSE recomputed on the grid (float64 both). */
const CACHE_MSE_TOLERANCE = 1e-9;

function cacheDir(): string {
  return process.env.RELU_LAB_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'relu-lab');
}

function cacheFile(target: string, domain: readonly [number, number], samples: number): string {
  return join(cacheDir(), `optimum-v${OPTIMUM_VERSION}-${target}_${domain[0]}_${domain[1]}_${samples}.json`);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const finiteList = (v: unknown, n: number): boolean => Array.isArray(v) && v.length === n && v.every(finite);

/** Is this the optimum of width n as optimumCurve writes it? */
function isOptimum(o: unknown, n: number): o is Optimum {
  const e = o as Optimum | null;
  return (
    typeof e === 'object' && e !== null && e.hidden === n && finite(e.mse) && e.mse >= 0 && finite(e.maxAbsError) &&
    typeof e.network === 'object' && e.network !== null && finiteList(e.network.a, n) && finiteList(e.network.b, n) && finiteList(e.network.c, n) && finite(e.network.d)
  );
}

/** The cached curve for a key: the longest prefix of well-formed entries, or [] for a missing, damaged or foreign file. */
export function readOptimumCache(target: string, domain: readonly [number, number], samples: number): Optimum[] {
  try {
    const v = JSON.parse(readFileSync(cacheFile(target, domain, samples), 'utf8'));
    const key = v?.key;
    if (!key || key.target !== target || key.samples !== samples || !Array.isArray(key.domain) || key.domain[0] !== domain[0] || key.domain[1] !== domain[1] || !Array.isArray(v.curve)) return [];
    const curve: Optimum[] = [];
    for (const [i, o] of (v.curve as unknown[]).entries()) {
      if (!isOptimum(o, i + 1)) break;
      curve.push(o);
    }
    return curve;
  } catch {
    return [];
  }
}

export function writeOptimumCache(target: string, domain: readonly [number, number], samples: number, curve: Optimum[]): void {
  try {
    writeAtomic(cacheFile(target, domain, samples), JSON.stringify({ version: OPTIMUM_VERSION, key: { target, domain, samples }, curve }));
  } catch {
    // A cache that cannot be written only costs time next run.
  }
}

/** Does a cached optimum's network still give its recorded MSE on this grid? (An edited entry does not.) */
function reproduces(o: Optimum, xs: Float64Array, ys: Float64Array): boolean {
  const m = metrics(ys, predict(o.network, xs));
  return Math.abs(m.mse - o.mse) <= CACHE_MSE_TOLERANCE * Math.max(o.mse, 1e-30) + 1e-300;
}

/** The optimum of a width for a target on a grid, from the cache or computed (with every smaller width) and cached. */
const memory = new Map<string, Optimum[]>(); // a sweep asks for the same curve once per run: read the file once

export function cachedOptimum(
  target: string,
  domain: readonly [number, number],
  samples: number,
  hidden: number,
  xs: Float64Array,
  ys: Float64Array,
  onProgress?: OptimumOptions['onProgress'],
): Optimum {
  const key = cacheFile(target, domain, samples);
  const remembered = memory.get(key);
  if (remembered && remembered.length >= hidden) return remembered[hidden - 1];
  const curve = readOptimumCache(target, domain, samples);
  memory.set(key, curve);
  if (curve.length >= hidden && reproduces(curve[hidden - 1], xs, ys)) return curve[hidden - 1];
  const fresh = optimumCurve(xs, ys, domain, hidden, { onProgress });
  writeOptimumCache(target, domain, samples, fresh);
  memory.set(key, fresh);
  return fresh[hidden - 1];
}
