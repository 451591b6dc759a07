// Every core: a sweep's batches farmed out to worker threads, each with its own TF.js backend.
// The batches are fixed by the grid (plan.ts), and a batch trains to the same numbers in any
// process, so the run files are those of --jobs 1 whatever the number of jobs; only the order in
// which they appear differs. The main thread alone writes files, as each batch comes back.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../errors.js';
import { hiddenText, widthsOf, type BackendName, type Config } from '../settings.js';
import type { Backend } from '../tfjs/backend.js';
import type { Batch } from './plan.js';
import { optimumFromCache, trainRuns, type RunRecord } from './run.js';
import { writeRun } from './store.js';
import type { SweepPlan } from './sweep.js';

/** Most jobs --jobs accepts: beyond this the workers' TF.js heaps (130–230 MiB each) matter more than cores. */
export const MAX_JOBS = 256;

/** Default --jobs: every core this process may use. */
export const defaultJobs = (): number => Math.max(1, availableParallelism());

/** Work in a batch, for time estimates and for handing out the largest first: epochs × networks × width. */
export const workOf = (b: Batch): number => b.runs.reduce((t, r) => t + r.config.epochs * r.config.restarts * widthsOf(r.config.hidden).reduce((a, w) => a + w, 0), 0);

export interface SweepProgress {
  runsDone: number;
  runsTotal: number;
  /** Share of the sweep's work done, 0..1 (batches in training count by their epoch). */
  fraction: number;
  /** Workers training now. */
  jobs: number;
  /** The batch that reported last: its size, architecture as written (4 or 8,8,8) and epoch. */
  batch: { runs: number; width: string; epoch: number; epochs: number } | null;
}

/** Messages between the main thread and a worker. */
export type ToWorker = { batch: number; configs: Config[] } | { quit: true };
export type FromWorker =
  | { ready: true; backend: string; reason: string }
  | { batch: number; epoch: number; epochs: number }
  | { batch: number; records: RunRecord[] }
  | { error: string; usage?: boolean };

/** The worker script: next to this file once built; from the sources (tests), the built copy. */
function workerUrl(): URL {
  const here = fileURLToPath(import.meta.url);
  const beside = join(dirname(here), 'jobs-worker.js');
  return new URL(`file://${existsSync(beside) ? beside : join(dirname(here), '..', '..', 'dist', 'experiment', 'jobs-worker.js')}`);
}

type Done = (b: Batch, records: RunRecord[]) => void;
type Step = (b: Batch, epoch: number, epochs: number) => void;

/** Train the batches in this process, one after another. */
export function trainHere(todo: Batch[], backend: Backend, done: Done, step: Step): void {
  for (const b of todo) {
    const records = trainRuns(backend, b.runs.map((r) => r.config), optimumFromCache, (p) => step(b, p.epoch, p.epochs));
    done(b, records);
  }
}

/** Train the batches on `jobs` worker threads (largest first, each worker takes the next when free). */
export function trainOnWorkers(todo: Batch[], backendName: BackendName, jobs: number, done: Done, step: Step, onReady?: (backend: { name: string; reason: string }) => void): Promise<string> {
  const queue = [...todo].sort((a, b) => workOf(b) - workOf(a) || a.index - b.index);
  const byIndex = new Map(todo.map((b) => [b.index, b]));
  const count = Math.min(jobs, queue.length);
  return new Promise((resolve, reject) => {
    let live = count;
    let failed = false;
    let backend = '';
    const workers: Worker[] = [];
    const next = (w: Worker) => {
      const b = queue.shift();
      if (b) w.postMessage({ batch: b.index, configs: b.runs.map((r) => r.config) } satisfies ToWorker);
      else w.postMessage({ quit: true } satisfies ToWorker);
    };
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      workers.forEach((w) => void w.terminate());
      reject(e);
    };
    for (let i = 0; i < count; i++) {
      const w = new Worker(workerUrl(), { workerData: { backend: backendName } });
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if ('error' in m) return fail(m.usage ? new ConfigError(m.error.split('\n')) : new Error(`sweep job ${i + 1}: ${m.error}`));
        if ('ready' in m) {
          if (!backend) onReady?.({ name: m.backend, reason: m.reason });
          backend = m.backend;
          return next(w);
        }
        const b = byIndex.get(m.batch)!;
        if ('records' in m) {
          try {
            done(b, m.records);
          } catch (e) {
            return fail(e as Error);
          }
          return next(w);
        }
        step(b, m.epoch, m.epochs);
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (failed) return;
        if (code !== 0) return fail(new Error(`sweep job ${i + 1} exited with code ${code}`));
        if (--live === 0) resolve(backend);
      });
    }
  });
}

/**
 * Train every batch still to do with `jobs` jobs (1: in this process, on `backend`); write each
 * run file as its batch finishes. Returns the ids of diverged runs.
 */
export async function runSweepJobs(
  plan: SweepPlan,
  jobs: number,
  backend: Backend | BackendName,
  onProgress?: (p: SweepProgress) => void,
  onReady?: (backend: { name: string; reason: string }) => void,
): Promise<{ trained: number; diverged: string[] }> {
  const runsTotal = plan.mine.reduce((s, b) => s + b.runs.length, 0);
  const work = plan.todo.reduce((s, b) => s + workOf(b), 0);
  let doneWork = 0;
  let runsDone = plan.finished.size;
  const inFlight = new Map<number, number>(); // batch index -> work done so far
  const diverged: string[] = [];
  let batch: SweepProgress['batch'] = null;
  const report = () => {
    const partial = [...inFlight.values()].reduce((s, v) => s + v, 0);
    onProgress?.({ runsDone, runsTotal, fraction: work > 0 ? (doneWork + partial) / work : 1, jobs: Math.max(1, inFlight.size), batch });
  };
  const done: Done = (b, records) => {
    records.forEach((rec, i) => {
      const { id } = b.runs[i];
      if (!plan.finished.has(id)) writeRun(plan.dir, id, rec);
      if (rec.status === 'diverged') diverged.push(id);
    });
    inFlight.delete(b.index);
    doneWork += workOf(b);
    runsDone += b.runs.length;
    report();
  };
  const step: Step = (b, epoch, epochs) => {
    inFlight.set(b.index, (workOf(b) * epoch) / epochs);
    batch = { runs: b.runs.length, width: hiddenText(b.runs[0].config.hidden), epoch, epochs };
    report();
  };
  if (typeof backend === 'string') await trainOnWorkers(plan.todo, backend, jobs, done, step, onReady);
  else trainHere(plan.todo, backend, done, step);
  diverged.sort();
  return { trained: plan.todo.reduce((s, b) => s + b.runs.length, 0), diverged };
}
