// The one module that touches the file system for results: atomic writes (temporary file, then
// rename, so an interrupted process never leaves a partial file), run folders, sweep folders and
// the on-disk cache of optima.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { ModelFiles } from '../tfjs/model.js';
import { optimumCurve, type Optimum } from '../math/optimum/index.js';
import type { RunRecord } from './run.js';

export function writeAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';

/** A folder we may write into: absent, or a directory. Naming an existing file is a usage error. */
export function checkOutDir(path: string, flag: string): void {
  if (existsSync(path) && !statSync(path).isDirectory()) {
    throw new ConfigError([`${flag}: ${JSON.stringify(path)} is an existing file; expected a folder (new or existing)`]);
  }
}

export function writeRunDir(dir: string, record: RunRecord, model: ModelFiles): void {
  // Weights first, run.json last: run.json's presence means the folder is complete.
  writeAtomic(join(dir, 'weights.bin'), model.weights);
  writeAtomic(join(dir, 'model.json'), model.modelJson);
  writeAtomic(join(dir, 'run.json'), json(record));
}

export function readRunDir(dir: string): { record: RunRecord; model: ModelFiles } {
  const runPath = join(dir, 'run.json');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError([`show: ${JSON.stringify(dir)} is not a folder; expected a folder written by \`relu-lab train --out\``]);
  for (const f of ['run.json', 'model.json', 'weights.bin']) {
    if (!existsSync(join(dir, f))) throw new ConfigError([`show: ${JSON.stringify(dir)} has no ${f}; expected a folder written by \`relu-lab train --out\``]);
  }
  let record: RunRecord;
  try {
    record = JSON.parse(readFileSync(runPath, 'utf8'));
  } catch (e) {
    throw new ConfigError([`show: ${runPath} is not valid JSON (${(e as Error).message})`]);
  }
  return { record, model: { modelJson: readFileSync(join(dir, 'model.json'), 'utf8'), weights: new Uint8Array(readFileSync(join(dir, 'weights.bin'))) } };
}

/** A rendered figure as files <name>.svg and <name>.vl.json (report/figures.ts renders them; experiment does not import report). */
export interface FigureFiles {
  name: string;
  spec: unknown;
  svg: string;
}

export function writeFigures(dir: string, figures: FigureFiles[]): string[] {
  const paths: string[] = [];
  for (const f of figures) {
    writeAtomic(join(dir, `${f.name}.vl.json`), json(f.spec));
    writeAtomic(join(dir, `${f.name}.svg`), f.svg);
    paths.push(join(dir, `${f.name}.svg`));
  }
  return paths;
}

// --- sweeps: <dir>/config.json, <dir>/runs/<id>.json, summaries

export function runPath(dir: string, id: string): string {
  return join(dir, 'runs', `${id}.json`);
}

export function hasRun(dir: string, id: string): boolean {
  return existsSync(runPath(dir, id));
}

/** Sweep run files are written compact: hundreds of them ship in results/. */
export function writeRun(dir: string, id: string, record: RunRecord): void {
  writeAtomic(runPath(dir, id), JSON.stringify(record) + '\n');
}

/** Remove the temporary files a killed process left in runs/ (never a finished run: those have no .tmp- in their name). */
export function removeStaleTemps(dir: string): number {
  const runs = join(dir, 'runs');
  if (!existsSync(runs)) return 0;
  const stale = readdirSync(runs).filter((f) => /\.tmp-\d+-/.test(f));
  for (const f of stale) rmSync(join(runs, f), { force: true });
  return stale.length;
}

/** Delete the run files of a sweep folder whose ids are not in `keep` (a sweep replaced with --force). */
export function removeRunsExcept(dir: string, keep: Set<string>): number {
  const gone = readRuns(dir).filter((r) => !keep.has(r.id));
  for (const r of gone) rmSync(runPath(dir, r.id), { force: true });
  return gone.length;
}

/** Every finished run in a sweep folder, sorted by id; leftovers of killed writes (*.tmp-*) are ignored. */
export function readRuns(dir: string): { id: string; record: RunRecord }[] {
  const runs = join(dir, 'runs');
  if (!existsSync(runs)) return [];
  return readdirSync(runs)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ id: f.slice(0, -5), record: JSON.parse(readFileSync(join(runs, f), 'utf8')) as RunRecord }));
}

export function writeText(path: string, text: string): void {
  writeAtomic(path, text);
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

// --- the optimum cache: one file per (target, domain, grid), holding the curve for widths 1..max

const OPTIMUM_VERSION = 6;

function cacheDir(): string {
  return process.env.RELU_LAB_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'relu-lab');
}

function cacheFile(target: string, domain: readonly [number, number], samples: number): string {
  return join(cacheDir(), `optimum-v${OPTIMUM_VERSION}-${target}_${domain[0]}_${domain[1]}_${samples}.json`);
}

export function readOptimumCache(target: string, domain: readonly [number, number], samples: number): Optimum[] {
  try {
    const v = JSON.parse(readFileSync(cacheFile(target, domain, samples), 'utf8'));
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

export function writeOptimumCache(target: string, domain: readonly [number, number], samples: number, curve: Optimum[]): void {
  try {
    writeAtomic(cacheFile(target, domain, samples), JSON.stringify(curve));
  } catch {
    // A cache that cannot be written only costs time next run.
  }
}

/** The optimum of a width for a target on a grid, from the cache or computed (with every smaller width) and cached. */
const memory = new Map<string, Optimum[]>(); // a sweep asks for the same curve once per run: read the file once

export function cachedOptimum(target: string, domain: readonly [number, number], samples: number, hidden: number, xs: Float64Array, ys: Float64Array): Optimum {
  const key = cacheFile(target, domain, samples);
  const remembered = memory.get(key);
  if (remembered && remembered.length >= hidden) return remembered[hidden - 1];
  const curve = readOptimumCache(target, domain, samples);
  memory.set(key, curve);
  if (curve.length >= hidden && curve[hidden - 1]?.hidden === hidden) return curve[hidden - 1];
  const fresh = optimumCurve(xs, ys, domain, hidden);
  writeOptimumCache(target, domain, samples, fresh);
  memory.set(key, fresh);
  return fresh[hidden - 1];
}
