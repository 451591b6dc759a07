// Training for two-input targets: the grid, the start (folds spread over the domain, or He/Glorot),
// R restarts trained as one batch by the general TF.js trainer, the best kept, and the record that
// --json prints and --out saves. The hand-built constructions it is compared with come from
// math/polarisation.ts.
import { forward, type Net } from '../math/net.js';
import { heOrGlorot, restartSeed, solveNetOutput } from '../math/init.js';
import { metrics } from '../math/compare.js';
import { refitOutput } from '../math/best-found/trained.js';
import { bendsInit, foldsInit } from '../math/plane-init.js';
import { planeGrid, sample2, target2, type Domain2, type PlaneGrid, type Target2Name } from '../math/targets2.js';
import type { ActivationName } from '../math/activations.js';
import { raceEpoch, refitEvery, REFITS, type Config } from '../settings.js';
import type { Backend } from '../tfjs/backend.js';
import { trainNets } from '../tfjs/net-train.js';
import type { Progress, Stopped } from '../tfjs/train.js';

export const PLANE_INITS = ['folds', 'bends', 'he', 'glorot'] as const;
export type PlaneInit = (typeof PLANE_INITS)[number];
export { REFITS };

/** A two-input run's settings: the one-input training settings (one settings table), its own grid, widths and start. */
export interface PlaneSettings extends Pick<Config, 'seed' | 'optimizer' | 'lr' | 'schedule' | 'epochs' | 'stop' | 'patience' | 'batchSize' | 'restarts' | 'refit'> {
  target: Target2Name;
  domain: Domain2;
  samples: number;
  /** Widths of the hidden layers: [8] shallow, [8, 8] deep. */
  hidden: number[];
  init: PlaneInit;
  /** The hidden units' activation (relu when absent, as in records written before it existed). */
  activation?: ActivationName;
}

export interface PlaneRecord {
  kind: 'plane';
  status: 'ok' | 'diverged';
  settings: PlaneSettings;
  target: { name: Target2Name; formula: string; inputs: 2 };
  backend: string;
  seconds: number;
  /** The kept restart's network in the general form, its float64 MSE on the grid, and every restart's. */
  net: Net;
  mse: number;
  maxAbsError: number;
  restartMse: number[];
  divergedAt: number | null;
  history: { epoch: number[]; loss: number[] };
  /** The kept restart's last epoch and why it ended there. */
  stopped: Stopped;
}

export const gridOfPlane = (s: Pick<PlaneSettings, 'domain' | 'samples' | 'target'>): { g: PlaneGrid; y: Float64Array } => {
  const g = planeGrid(s.domain, s.samples);
  return { g, y: sample2(s.target, g) };
};

export function startNet(s: PlaneSettings, seed: number, g: PlaneGrid, y: Float64Array): Net {
  const act = s.activation ?? 'relu';
  if (s.init === 'folds' || s.init === 'bends') {
    if (s.hidden.length !== 1) throw new Error(`${s.init} starts one hidden layer`);
    const net = s.init === 'folds' ? foldsInit(s.hidden[0], seed, s.domain, g.X, y) : bendsInit(s.hidden[0], seed, g, y);
    // leaky-relu and abs fold along the same lines: same first layer, output layer solved again
    return act === 'relu' ? net : solveNetOutput({ ...net, layers: net.layers.map((l) => ({ ...l, activation: act })) }, g.X, y).net;
  }
  return heOrGlorot(s.init, 2, s.hidden, s.hidden.map(() => act), seed);
}

export function trainPlane(backend: Backend, s: PlaneSettings, onProgress?: (p: Progress) => void): PlaneRecord {
  return trainPlanes(backend, [s], onProgress)[0];
}

/** What runs must share to train as one batch: the network's shape and activation, the grid's size and the trainer's settings. */
export const planeShapeKey = (s: PlaneSettings): string =>
  JSON.stringify([s.hidden, s.activation ?? 'relu', s.samples, s.epochs, s.optimizer, s.schedule, s.batchSize, s.refit, s.stop, s.patience]);

/**
 * Runs of one shape (planeShapeKey) trained as one batch of runs × restarts networks; each run keeps
 * its best restart. A run's record is the same as when trained alone (its own grid, seeds and lr);
 * its seconds are the batch's share.
 */
export function trainPlanes(backend: Backend, runs: PlaneSettings[], onProgress?: (p: Progress) => void): PlaneRecord[] {
  const key = planeShapeKey(runs[0]);
  if (runs.some((r) => planeShapeKey(r) !== key)) throw new Error('trainPlanes: runs differ in shape');
  const s0 = runs[0];
  const data = runs.map((s) => gridOfPlane(s));
  const t0 = performance.now();
  const jobs = runs.flatMap((s, i) =>
    Array.from({ length: s.restarts }, (_, r) => {
      const seed = restartSeed(s.seed, r);
      // restarts of one run form a group: with stopping on, those far behind their best are dropped
      return { init: startNet(s, seed, data[i].g, data[i].y), X: data[i].g.X, ys: data[i].y, lr: s.lr, seed, group: i };
    }),
  );
  const trained = trainNets(backend.tf, jobs, { epochs: s0.epochs, optimizer: s0.optimizer, schedule: s0.schedule, batchSize: s0.batchSize, refitEvery: refitEvery(s0), stop: { stop: s0.stop, patience: s0.patience, raceAt: raceEpoch(s0) } }, onProgress);
  const seconds = (performance.now() - t0) / 1000 / runs.length;
  let at = 0;
  return runs.map((s, i) => {
    const mine = trained.slice(at, (at += s.restarts));
    return recordOf(backend, s, data[i].g, data[i].y, mine, seconds);
  });
}

function recordOf(backend: Backend, s: PlaneSettings, g: PlaneGrid, y: Float64Array, trained: ReturnType<typeof trainNets>, seconds: number): PlaneRecord {
  // the trainer refits during training only: the last least-squares solve is here, in float64, and
  // bounded for smooth units as during training and for one input (refitOutput; relu: plain)
  const out = trained.map((o) => (o.divergedAt === null && s.refit !== 'none' ? { ...o, net: refitOutput(o.net, g.X, y).net } : o));
  const scored = out.map((o) => ({ o, m: o.divergedAt === null ? metrics(y, forward(o.net, g.X)) : null }));
  const restartMse = scored.map((x) => x.m?.mse ?? NaN);
  const ok = scored.filter((x) => x.m && Number.isFinite(x.m.mse)).sort((p, q) => p.m!.mse - q.m!.mse);
  const best = ok[0] ?? scored[0];
  return {
    kind: 'plane',
    status: ok.length ? 'ok' : 'diverged',
    settings: s,
    target: { name: s.target, formula: target2(s.target).formula, inputs: 2 },
    backend: backend.name,
    seconds,
    net: best.o.net,
    mse: best.m?.mse ?? NaN,
    maxAbsError: best.m?.maxAbsError ?? NaN,
    restartMse,
    divergedAt: ok.length ? null : Math.min(...out.map((o) => o.divergedAt ?? Infinity)),
    history: best.o.history,
    stopped: best.o.stopped,
  };
}
