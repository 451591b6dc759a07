// One path from resolved configs to finished run records: sample the target, build the initial
// networks (one per restart), train every network of a shape in one batch, keep each run's best
// restart, optionally refit its output layer, then read it as hinges and compare it with the
// hand-built sum and with the best any network of its width can do. A single run is a batch of one.
import { oneLayer, type Config } from '../settings.js';
import type { Backend } from '../tfjs/backend.js';
import { metrics, matchKnots, type KnotMatch, type Metrics } from '../math/compare.js';
import { autoK, handBuilt, parseK, type HandBuilt } from '../math/handbuilt.js';
import { evalTerms, hinges, predict, type Hinge, type Network } from '../math/hinges.js';
import { initialNetwork, restartSeed, solveOutputLayer } from '../math/init.js';
import type { Optimum } from '../math/optimum/index.js';
import { grid, sample, target } from '../math/targets.js';
import { trainBatch, type Job, type Progress, type Trained } from '../tfjs/train.js';
import { cachedOptimum } from './store.js';

export const VERSION = '0.1.0';

export interface Comparison {
  handbuilt: { name: string; terms: HandBuilt['terms']; d: number; nodes: number[] };
  functions: { learned: Metrics; handbuilt: Metrics };
  matches: KnotMatch[];
}

export interface RunRecord {
  tool: string;
  config: Config;
  backend: string;
  seed: number;
  status: 'ok' | 'diverged';
  /** The first recorded epoch with a NaN or infinite loss. */
  divergedAt: number | null;
  target: { name: string; formula: string };
  metrics: Metrics;
  network: Network;
  history: { epoch: number[]; loss: number[] };
  hinges: Hinge[];
  deadUnits: number;
  /** The winning network's last epoch and why it ended there (plateau, epochs = the cap, diverged). */
  stopped: Trained['stopped'];
  /** Which restart won (0-based) and each restart's final loss. */
  restarts: { best: number; losses: number[] };
  comparison: Comparison | null;
  optimum: { mse: number; maxAbsError: number; network: Network } | null;
  /** learned MSE / optimum MSE */
  ratio: number | null;
  /** Training seconds; runs trained in one batch share its time by their number of networks. */
  seconds: number;
}

export type OptimumSource = (config: Config, xs: Float64Array, ys: Float64Array) => Optimum | null;

/** The optimum from the on-disk cache, computed (and cached) on a miss. */
export const optimumFromCache: OptimumSource = (c, xs, ys) => cachedOptimum(c.target, c.domain, c.samples, oneLayer(c.hidden), xs, ys);

export interface GridData {
  xs: Float64Array;
  ys: Float64Array;
}

export function gridOf(config: Pick<Config, 'target' | 'domain' | 'samples'>): GridData {
  const xs = grid(config.domain, config.samples);
  return { xs, ys: sample(config.target, xs) };
}

/** The hand-built sum a config compares with, or null for --compare none. */
export function comparatorOf(config: Config): HandBuilt | null {
  if (config.compare === 'none') return null;
  const k = config.compare === 'auto' ? autoK(oneLayer(config.hidden), config.domain) : parseK(config.compare);
  if (k === null) throw new Error(`compare "${config.compare}" reached a run unvalidated`);
  return handBuilt(k, target(config.target).f, config.domain);
}

/** Runs that can share one tensor program: same width, grid size, epochs, optimizer, schedule, batch size, refit and stopping rule. */
export function shapeKey(c: Config): string {
  return [c.hidden, c.samples, c.epochs, c.optimizer, c.schedule, c.batchSize, c.refit, c.stop, c.patience].join('|');
}

/** A finished record from a trained network (shared by training and by `show`). */
export function recordOf(
  config: Config,
  backend: string,
  data: GridData,
  network: Network,
  rest: Pick<RunRecord, 'status' | 'divergedAt' | 'history' | 'restarts' | 'seconds'> & Partial<Pick<RunRecord, 'stopped'>>,
  optimum: Optimum | null,
): RunRecord {
  const yhat = predict(network, data.xs);
  const m = metrics(data.ys, yhat);
  const hs = hinges(network, data.xs);
  const hb = comparatorOf(config);
  const ok = rest.status === 'ok';
  return {
    tool: `relu-lab ${VERSION}`,
    config,
    backend,
    seed: config.seed,
    status: rest.status,
    divergedAt: rest.divergedAt,
    target: { name: config.target, formula: target(config.target).formula },
    metrics: m,
    network,
    history: rest.history,
    stopped: rest.stopped ?? { epoch: rest.history.epoch.at(-1) ?? config.epochs, reason: rest.divergedAt === null ? 'epochs' : 'diverged' },
    hinges: hs,
    deadUnits: hs.filter((h) => h.kind === 'dead').length,
    restarts: rest.restarts,
    comparison: hb && ok
      ? {
          handbuilt: { name: hb.name, terms: hb.terms, d: hb.d, nodes: hb.nodes },
          functions: { learned: m, handbuilt: metrics(data.ys, evalTerms(hb.terms, hb.d, data.xs)) },
          matches: matchKnots(hs, hb.terms),
        }
      : null,
    optimum: optimum ? { mse: optimum.mse, maxAbsError: optimum.maxAbsError, network: optimum.network } : null,
    ratio: optimum && ok ? m.mse / optimum.mse : null,
    seconds: rest.seconds,
  };
}

export interface BatchProgress extends Progress {
  /** Runs in this batch. */
  runs: number;
}

/**
 * Train configs that share a shape (see shapeKey) as one batch: every restart of every run is one
 * network of the batch. Returns one record per config, in order.
 */
export function trainRuns(backend: Backend, configs: Config[], optimumOf: OptimumSource, onProgress?: (p: BatchProgress) => void): RunRecord[] {
  const key = shapeKey(configs[0]);
  for (const c of configs) if (shapeKey(c) !== key) throw new Error(`trainRuns: mixed shapes ${shapeKey(c)} and ${key}`);
  const data = configs.map(gridOf);
  const jobs: Job[] = [];
  const owner: number[] = [];
  configs.forEach((c, i) => {
    for (let r = 0; r < c.restarts; r++) {
      const seed = restartSeed(c.seed, r);
      jobs.push({ init: initialNetwork(c.init, oneLayer(c.hidden), seed, c.domain, data[i].xs, data[i].ys), xs: data[i].xs, ys: data[i].ys, lr: c.lr, seed, group: i });
      owner.push(i);
    }
  });
  const c0 = configs[0];
  const t0 = performance.now();
  const refitEvery = c0.refit === 'during' ? Math.max(1, Math.ceil(c0.epochs / 20)) : 0;
  const trained = trainBatch(backend.tf, jobs, { epochs: c0.epochs, optimizer: c0.optimizer, schedule: c0.schedule, batchSize: c0.batchSize, refitEvery, stop: { stop: c0.stop, patience: c0.patience } }, (p) =>
    onProgress?.({ ...p, runs: configs.length }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return configs.map((c, i) => {
    const mine = trained.map((t, j) => ({ t, j })).filter(({ j }) => owner[j] === i);
    const finalLoss = ({ t }: { t: (typeof trained)[number] }) => (t.divergedAt === null ? t.history.loss[t.history.loss.length - 1] : Infinity);
    const losses = mine.map(finalLoss);
    let best = 0;
    losses.forEach((l, k) => {
      if (l < losses[best]) best = k;
    });
    const winner = mine[best].t;
    const status = winner.divergedAt === null ? 'ok' : 'diverged';
    let network = winner.network;
    if (c.refit !== 'none' && status === 'ok') network = solveOutputLayer(network.a, network.b, data[i].xs, data[i].ys).net;
    return recordOf(
      c,
      backend.name,
      data[i],
      network,
      {
        status,
        divergedAt: winner.divergedAt,
        history: winner.history,
        stopped: winner.stopped,
        restarts: { best, losses: losses.map((l) => (Number.isFinite(l) ? l : NaN)) },
        seconds: (seconds * c.restarts) / jobs.length,
      },
      optimumOf(c, data[i].xs, data[i].ys),
    );
  });
}
