// Two-input sweeps: the runs of a config file naming a two-input target (settings already checked by
// the CLI), their ids, batches of one shape trained as one tensor program, shards, and the resume
// policy of one-input sweeps (finished run files are skipped; --force reruns; a folder of a
// different sweep is refused). Run files are written as each batch ends.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { MAX_BATCH_NETWORKS, shardOf, type Batch as OneInputBatch } from './plan.js';
import { checkPlaneRecord } from './plane-check.js';
import { planeShapeKey, trainPlanes, type PlaneRecord, type PlaneSettings } from './plane-run.js';
import type { Backend } from '../tfjs/backend.js';
import type { Progress } from '../tfjs/train.js';
import { checkOutDir, hasRun, json, readText, removeRunsExcept, removeStaleTemps, writeAtomic, writeText, runPath } from './store.js';

export interface PlaneBatch {
  index: number;
  runs: { id: string; settings: PlaneSettings }[];
}

/** A run's id: target, width, seed, then a hash of every setting (equal settings, one file). */
export function planeRunId(s: PlaneSettings): string {
  const hash = createHash('sha256').update(JSON.stringify(s)).digest('hex').slice(0, 10);
  return `${s.target}-w${s.hidden.join('x')}-s${s.seed}-${hash}`;
}

/** Runs grouped by shape in grid order, at most MAX_BATCH_NETWORKS networks a batch (one run a batch with batching off). */
export function planeBatches(runs: PlaneSettings[], batch: boolean): PlaneBatch[] {
  const groups = new Map<string, PlaneSettings[]>();
  for (const s of runs) {
    const k = planeShapeKey(s);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(s);
  }
  const out: PlaneBatch[] = [];
  for (const group of groups.values()) {
    let cur: PlaneSettings[] = [];
    let nets = 0;
    const flush = () => out.push({ index: out.length, runs: cur.map((settings) => ({ id: planeRunId(settings), settings })) });
    for (const s of group) {
      if (cur.length && (!batch || nets + s.restarts > MAX_BATCH_NETWORKS)) {
        flush();
        cur = [];
        nets = 0;
      }
      cur.push(s);
      nets += s.restarts;
    }
    if (cur.length) flush();
  }
  return out;
}

export interface PlaneSweepPlan {
  name: string;
  dir: string;
  runs: PlaneSettings[];
  all: PlaneBatch[];
  mine: PlaneBatch[];
  todo: PlaneBatch[];
  finished: Set<string>;
  resolved: string;
  previous: string | null;
}

/** Decide what to run; reads the folder, writes nothing (as planSweep). */
export function planPlaneSweep(name: string, file: unknown, runs: PlaneSettings[], opts: { dir: string; force: boolean; shard: [number, number] | null; batch: boolean }): PlaneSweepPlan {
  checkOutDir(opts.dir, '--out');
  const resolved = json({ name, inputs: 2, sweep: file, runs: runs.length });
  let previous: string | null = null;
  try {
    previous = readText(join(opts.dir, 'config.json'));
  } catch {
    previous = null;
  }
  if (previous !== null && previous !== resolved && !opts.force) {
    throw new ConfigError([`--out: ${JSON.stringify(opts.dir)} holds results of a different sweep (its config.json differs); use another --out, or --force to replace them`]);
  }
  const all = planeBatches(runs, opts.batch);
  const mine = shardOf(all as unknown as OneInputBatch[], opts.shard) as unknown as PlaneBatch[];
  const finished = new Set(opts.force ? [] : mine.flatMap((b) => b.runs.map((r) => r.id)).filter((id) => hasRun(opts.dir, id)));
  const todo = mine.filter((b) => b.runs.some((r) => !finished.has(r.id)));
  return { name, dir: opts.dir, runs, all, mine, todo, finished, resolved, previous };
}

/** Take the folder: drop a replaced sweep's runs and stale temporary files, write config.json. */
export function openPlaneSweepDir(plan: PlaneSweepPlan): number {
  // run files outside this plan go: a replaced sweep's (--force), or runs renamed by a changed default (same config.json)
  const replaced = plan.previous !== null ? removeRunsExcept(plan.dir, new Set(plan.runs.map(planeRunId))) : 0;
  writeText(join(plan.dir, 'config.json'), plan.resolved);
  removeStaleTemps(plan.dir);
  return replaced;
}

const workOf = (b: PlaneBatch): number => b.runs.reduce((t, r) => t + r.settings.epochs * r.settings.restarts * r.settings.hidden.reduce((a, w) => a + w, 0), 0);

export interface PlaneSweepProgress {
  runsDone: number;
  runsTotal: number;
  batch: { runs: number; width: string; progress: Progress };
  fraction: number;
}

export function runPlaneSweep(plan: PlaneSweepPlan, backend: Backend, onProgress?: (p: PlaneSweepProgress) => void): { trained: number; diverged: string[] } {
  const total = plan.mine.reduce((s, b) => s + b.runs.length, 0);
  const work = plan.todo.reduce((s, b) => s + workOf(b), 0);
  let doneWork = 0;
  let runsDone = plan.finished.size;
  const diverged: string[] = [];
  for (const b of plan.todo) {
    const bWork = workOf(b);
    const records = trainPlanes(backend, b.runs.map((r) => r.settings), (p) =>
      onProgress?.({ runsDone, runsTotal: total, batch: { runs: b.runs.length, width: b.runs[0].settings.hidden.join(','), progress: p }, fraction: work > 0 ? (doneWork + (bWork * p.epoch) / p.epochs) / work : 1 }),
    );
    records.forEach((rec, i) => {
      const { id } = b.runs[i];
      if (!plan.finished.has(id)) writeAtomic(runPath(plan.dir, id), JSON.stringify(rec) + '\n');
      if (rec.status === 'diverged') diverged.push(id);
    });
    doneWork += bWork;
    runsDone += b.runs.length;
  }
  return { trained: plan.todo.reduce((s, b) => s + b.runs.length, 0), diverged };
}

/** Is a sweep folder's config.json that of a two-input sweep? */
export function isPlaneSweepDir(dir: string): boolean {
  try {
    return JSON.parse(readText(join(dir, 'config.json'))).inputs === 2;
  } catch {
    return false;
  }
}

/** Every finished two-input run of a folder, sorted by id, each checked (a damaged one is one line naming it). */
export function readPlaneRuns(dir: string): { id: string; record: PlaneRecord }[] {
  const runs = join(dir, 'runs');
  if (!existsSync(runs)) return [];
  return readdirSync(runs)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const path = join(runs, f);
      let v: unknown;
      try {
        v = JSON.parse(readFileSync(path, 'utf8'));
      } catch (e) {
        throw new ConfigError([`${path} is not valid JSON (${(e as Error).message.split('\n')[0]})`]);
      }
      return { id: f.slice(0, -5), record: checkPlaneRecord(v, path) };
    });
}
