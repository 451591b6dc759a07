// Running a sweep: validate the whole grid first, decide what is already done (the resume policy),
// then train the remaining batches (jobs.ts: here or on worker threads) and write each run file as
// its batch finishes. Nothing is written until planSweep has accepted every setting.
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { maxK } from '../math/handbuilt.js';
import { configName, crossCheck, expand, merge, sweepAsWritten, validateOverrides, type Config, type SweepConfig } from '../settings.js';
import type { Backend } from '../tfjs/backend.js';
import { batches, runId, shardOf, type Batch } from './plan.js';
import { runSweepJobs, type SweepProgress } from './jobs.js';
import { checkOutDir, hasRun, json, readText, removeRunsExcept, removeStaleTemps, writeText } from './store.js';

export interface SweepOptions {
  out?: string;
  /** Rerun finished runs, and replace the runs of a different sweep in the same folder. */
  force?: boolean;
  shard: [number, number] | null;
  /** Train runs of one shape together (default) or one at a time. */
  batch: boolean;
  /** Settings given on the command line, over the file's. */
  overrides?: Partial<SweepConfig>;
}

export interface SweepPlan {
  name: string;
  dir: string;
  sweep: SweepConfig;
  configs: Config[];
  all: Batch[];
  /** This shard's batches, and those of them with a run still to train. */
  mine: Batch[];
  todo: Batch[];
  /** Runs of this shard already on disk (none with --force). */
  finished: Set<string>;
  /** config.json as it will be written, and as the folder holds it now (null when new). */
  resolved: string;
  previous: string | null;
  force: boolean;
}

/** Validate a sweep file's settings and decide what to run; reads the folder, writes nothing. */
export function planSweep(file: string, raw: unknown, opts: SweepOptions): SweepPlan {
  const where = `${file}: `;
  const { values, problems } = validateOverrides(raw, where, true);
  if (problems.length) throw new ConfigError(problems);
  const sweep = merge(values, opts.overrides ?? {});
  const configs = expand(sweep, where);
  const cross = [...new Set(configs.flatMap((c) => crossCheck(c, where, (k) => k, maxK)))];
  if (cross.length) throw new ConfigError(cross);
  const name = configName(file);
  const dir = opts.out ?? join('results', name);
  checkOutDir(dir, '--out');
  // Settings added later, at their defaults, are left out as run ids leave them out (sweepAsWritten):
  // a folder written before they existed still names the same sweep.
  const resolved = json({ name, sweep: sweepAsWritten(sweep), runs: configs.length });
  let previous: string | null = null;
  try {
    previous = readText(join(dir, 'config.json'));
  } catch {
    previous = null;
  }
  const force = Boolean(opts.force);
  if (previous !== null && previous !== resolved && !force) {
    throw new ConfigError([`--out: ${JSON.stringify(dir)} holds results of a different sweep (its config.json differs); use another --out, or --force to replace them`]);
  }
  const all = batches(configs, opts.batch);
  const mine = shardOf(all, opts.shard);
  // What is finished is read once: runs whose file exists (none count with --force).
  const finished = new Set(force ? [] : mine.flatMap((b) => b.runs.map((r) => r.id)).filter((id) => hasRun(dir, id)));
  const todo = mine.filter((b) => b.runs.some((r) => !finished.has(r.id)));
  return { name, dir, sweep, configs, all, mine, todo, finished, resolved, previous, force };
}

/** Take the folder: drop the runs of a replaced sweep and stale temporary files, write config.json. Returns how many runs were replaced. */
export function openSweepDir(plan: SweepPlan): number {
  // run files outside this plan go: a replaced sweep's (--force), or runs renamed by a changed default (same config.json)
  const replaced = plan.previous !== null ? removeRunsExcept(plan.dir, new Set(plan.configs.map(runId))) : 0;
  writeText(join(plan.dir, 'config.json'), plan.resolved);
  removeStaleTemps(plan.dir);
  return replaced;
}

export type { SweepProgress } from './jobs.js';

/** Train every batch still to do in this process; each run file is written when its batch ends. Returns the ids of diverged runs. */
export function runSweep(plan: SweepPlan, backend: Backend, onProgress?: (p: SweepProgress) => void): Promise<{ trained: number; diverged: string[] }> {
  return runSweepJobs(plan, 1, backend, onProgress);
}
