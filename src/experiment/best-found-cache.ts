// The on-disk cache of best-found networks (src/math/best-found/), one file per (target, domain,
// samples, activation, bound, search version) holding widths 1..max and its own key, as the ReLU
// optimum's cache does. What is read back is checked (key, shape, the bound, and each entry's
// float64 and float32 MSE recomputed from its network), so a damaged, edited or misplaced file is
// searched again, never reported. bestOf() is the one call reports make: the exact optimum for a
// one-input ReLU network ("best possible"), the search for everything else ("best found").
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ActivationName } from '../math/activations.js';
import { DEFAULT_WEIGHT_BOUND, bestFoundCurve, searchVersion, type BestFound } from '../math/best-found/index.js';
import { mse32 } from '../math/best-found/float32.js';
import { forward, netOf, type Net } from '../math/net.js';
import { cachedOptimum } from './optimum-cache.js';
import { writeAtomic } from './store.js';

/** How far a cached entry's recorded MSE may sit from its network's MSE recomputed on the grid: a share of it... */
const CACHE_MSE_TOLERANCE = 1e-9;
/**
 * ...or this share of mean(y²): the search's float64 MSE comes from a least-squares residual, exact
 * only to about that, so a fit at round-off (sin units on sin: 1e-15) never matched its forward
 * pass to a share, and every read recomputed the curve from there (and wrote it back shorter).
 */
const CACHE_MSE_FLOOR = 1e-12;

/** What a best-found curve depends on besides the search itself. */
export interface BestFoundKey {
  target: string;
  /** [lo, hi] for one input; [[lo1, hi1], [lo2, hi2]] for two. */
  domain: readonly number[] | readonly (readonly number[])[];
  /** Grid points (one input) or samples per axis (two inputs). */
  samples: number;
  activation: ActivationName;
  bound: number;
}

/** The grid a curve is searched on: N × inputs points, row-major, and the target there. */
export interface BestFoundGrid {
  X: Float64Array;
  inputs: 1 | 2;
  y: Float64Array;
}

function cacheDir(): string {
  return process.env.RELU_LAB_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'relu-lab');
}

const domainText = (d: BestFoundKey['domain']): string => JSON.stringify(d).replace(/[[\]]/g, '').replace(/,/g, '_');

function cacheFile(k: BestFoundKey): string {
  return join(cacheDir(), `best-found-v${searchVersion(k.activation)}-${k.target}_${k.activation}_${domainText(k.domain)}_${k.samples}_B${k.bound}.json`);
}

const sameKey = (a: unknown, k: BestFoundKey): boolean => {
  const v = a as Partial<BestFoundKey> | null;
  return !!v && v.target === k.target && v.activation === k.activation && v.samples === k.samples && v.bound === k.bound && JSON.stringify(v.domain) === JSON.stringify(k.domain);
};

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const finiteList = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every(finite);

/** Is this a width-n best found of the key's activation, inside its bound, as bestFoundCurve writes it? */
function isEntry(o: unknown, n: number, k: BestFoundKey, inputs: number): o is BestFound {
  const e = o as BestFound | null;
  if (typeof e !== 'object' || e === null || !finite(e.mse) || !finite(e.mse64) || e.mse < 0 || e.mse64 < 0 || typeof e.boundActive !== 'boolean' || !finite(e.largestWeight)) return false;
  const net = e.net as Net | undefined;
  const layer = net?.layers?.[0];
  if (!net || net.inputs !== inputs || net.layers.length !== 1 || !layer || layer.activation !== k.activation) return false;
  if (!Array.isArray(layer.W) || layer.W.length !== n || !layer.W.every((row) => finiteList(row, inputs)) || !finiteList(layer.b, n)) return false;
  if (!finiteList(net.output?.w, n) || !finite(net.output.d)) return false;
  const weights = [...layer.W.flat(), ...layer.b, ...net.output.w, net.output.d];
  return weights.every((w) => Math.abs(w) <= k.bound);
}

/** The cached curve for a key: the longest prefix of well-formed entries, or [] for a missing, damaged or foreign file. */
export function readBestFoundCache(k: BestFoundKey, inputs: 1 | 2): BestFound[] {
  try {
    const v = JSON.parse(readFileSync(cacheFile(k), 'utf8'));
    if (v?.version !== searchVersion(k.activation) || !sameKey(v?.key, k) || !Array.isArray(v.curve)) return [];
    const curve: BestFound[] = [];
    for (const [i, o] of (v.curve as unknown[]).entries()) {
      if (!isEntry(o, i + 1, k, inputs)) break;
      curve.push(o);
    }
    return curve;
  } catch {
    return [];
  }
}

export function writeBestFoundCache(k: BestFoundKey, curve: BestFound[]): void {
  try {
    writeAtomic(cacheFile(k), JSON.stringify({ version: searchVersion(k.activation), key: k, curve }));
  } catch {
    // A cache that cannot be written only costs time next run.
  }
}

/** Does a cached entry's network still give its recorded MSEs (float64 and float32) on this grid? */
function reproduces(e: BestFound, g: BestFoundGrid): boolean {
  const yhat = forward(e.net, g.X);
  let s = 0;
  let yy = 0;
  for (let j = 0; j < yhat.length; j++) {
    s += (g.y[j] - yhat[j]) ** 2;
    yy += g.y[j] ** 2;
  }
  const floor = (CACHE_MSE_FLOOR * yy) / yhat.length + 1e-300;
  const close = (a: number, b: number) => Math.abs(a - b) <= CACHE_MSE_TOLERANCE * Math.max(a, b) + floor;
  return close(s / yhat.length, e.mse64) && close(mse32(e.net, g.X, g.y), e.mse);
}

const memory = new Map<string, BestFound[]>(); // a sweep asks for the same curve once per run: read the file once

/** Best found at widths 1..maxWidth, from the cache, continued where it ends and cached again. */
export function cachedBestFoundCurve(k: BestFoundKey, g: BestFoundGrid, maxWidth: number, onProgress?: (width: number, of: number) => void): BestFound[] {
  const file = cacheFile(k);
  const remembered = memory.get(file);
  if (remembered && remembered.length >= maxWidth) return remembered.slice(0, maxWidth);
  let curve = readBestFoundCache(k, g.inputs);
  // every entry must reproduce: a wrong early width would also have seeded the later ones
  const bad = curve.findIndex((e) => !reproduces(e, g));
  if (bad >= 0) curve = curve.slice(0, bad);
  if (curve.length < maxWidth) {
    curve = bestFoundCurve({ X: g.X, inputs: g.inputs, y: g.y, activation: k.activation, bound: k.bound }, maxWidth, onProgress, curve);
    writeBestFoundCache(k, curve);
  }
  memory.set(file, curve);
  return curve.slice(0, maxWidth);
}

/** The best found of one width (with every smaller width, cached). */
export function cachedBestFound(k: BestFoundKey, g: BestFoundGrid, width: number, onProgress?: (width: number, of: number) => void): BestFound {
  return cachedBestFoundCurve(k, g, width, onProgress)[width - 1];
}

/** What reports compare a trained network with, whatever its activation. */
export interface BestOf {
  /** "best possible" (exact: the one-input ReLU optimum) or "best found" (a bounded search). */
  label: 'best possible' | 'best found';
  exact: boolean;
  /** The MSE to compare with: float32 evaluation for a search, the exact float64 optimum for ReLU. */
  mse: number;
  mse64: number;
  net: Net;
  width: number;
  /** The weight bound searched under; null for the exact optimum (unbounded: its weights are modest). */
  bound: number | null;
  boundActive: boolean;
  largestWeight: number;
}

const largest = (net: Net): number => Math.max(...net.layers[0].W.flat().map(Math.abs), ...net.layers[0].b.map(Math.abs), ...net.output.w.map(Math.abs), Math.abs(net.output.d));

/**
 * The reference for a width: for a one-input ReLU network the exact optimum (optimum-cache.ts),
 * otherwise the best found under the bound (DEFAULT_WEIGHT_BOUND unless given).
 */
export function bestOf(
  k: Omit<BestFoundKey, 'bound'> & { bound?: number },
  g: BestFoundGrid,
  width: number,
  onProgress?: (width: number, of: number) => void,
): BestOf {
  if (k.activation === 'relu' && g.inputs === 1) {
    const d = k.domain as readonly number[];
    const o = cachedOptimum(k.target, [d[0], d[1]], k.samples, width, g.X, g.y, onProgress && ((p) => onProgress(p.width, p.of)));
    const net = netOf(o.network);
    return { label: 'best possible', exact: true, mse: o.mse, mse64: o.mse, net, width, bound: null, boundActive: false, largestWeight: largest(net) };
  }
  const bound = k.bound ?? DEFAULT_WEIGHT_BOUND;
  const f = cachedBestFound({ ...k, bound }, g, width, onProgress);
  return { label: 'best found', exact: false, mse: f.mse, mse64: f.mse64, net: f.net, width, bound, boundActive: f.boundActive, largestWeight: f.largestWeight };
}
