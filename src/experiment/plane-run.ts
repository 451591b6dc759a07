// Training for two-input targets: the grid, the start (folds spread over the domain, or He/Glorot),
// R restarts trained as one batch by the general TF.js trainer, the best kept, and the record that
// --json prints and --out saves. The hand-built constructions it is compared with come from
// math/polarisation.ts.
import { forward, type Net } from '../math/net.js';
import { heOrGlorot, restartSeed, solveNetOutput } from '../math/init.js';
import { metrics } from '../math/compare.js';
import { foldsInit } from '../math/plane-init.js';
import { planeGrid, sample2, target2, type Domain2, type PlaneGrid, type Target2Name } from '../math/targets2.js';
import type { Optimizer, Schedule } from '../math/optimizers.js';
import type { ActivationName } from '../math/activations.js';
import type { Stop } from '../math/stopping.js';
import type { Backend } from '../tfjs/backend.js';
import { trainNets } from '../tfjs/net-train.js';
import type { Progress, Stopped } from '../tfjs/train.js';

export const PLANE_INITS = ['folds', 'he', 'glorot'] as const;
export type PlaneInit = (typeof PLANE_INITS)[number];
export const REFITS = ['none', 'end', 'during'] as const;

export interface PlaneSettings {
  target: Target2Name;
  domain: Domain2;
  samples: number;
  /** Widths of the hidden ReLU layers: [8] shallow, [8, 8] deep. */
  hidden: number[];
  seed: number;
  init: PlaneInit;
  optimizer: Optimizer;
  lr: number;
  schedule: Schedule;
  epochs: number;
  /** Each restart stops at its plateau (plateau) or trains to the cap (off); see the one-input --stop. */
  stop: Stop;
  patience: number;
  batchSize: number;
  restarts: number;
  refit: (typeof REFITS)[number];
  /** The hidden units' activation (relu when absent, as in records written before it existed). */
  activation?: ActivationName;
}

/** Refit 'during': every this fraction of the epochs (as the one-input trainer). */
const REFIT_FRACTION = 0.05;

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
  if (s.init === 'folds') {
    if (s.hidden.length !== 1) throw new Error('foldsInit starts one hidden layer');
    const net = foldsInit(s.hidden[0], seed, s.domain, g.X, y);
    // leaky-relu and abs fold along the same lines: same first layer, output layer solved again
    return act === 'relu' ? net : solveNetOutput({ ...net, layers: net.layers.map((l) => ({ ...l, activation: act })) }, g.X, y).net;
  }
  return heOrGlorot(s.init, 2, s.hidden, s.hidden.map(() => act), seed);
}

export function trainPlane(backend: Backend, s: PlaneSettings, onProgress?: (p: Progress) => void): PlaneRecord {
  const { g, y } = gridOfPlane(s);
  const t0 = performance.now();
  const jobs = Array.from({ length: s.restarts }, (_, r) => {
    const seed = restartSeed(s.seed, r);
    return { init: startNet(s, seed, g, y), X: g.X, ys: y, lr: s.lr, seed, group: 0 };
  });
  const refitEvery = s.refit === 'during' ? Math.max(1, Math.round(s.epochs * REFIT_FRACTION)) : 0;
  const trained = trainNets(backend.tf, jobs, { epochs: s.epochs, optimizer: s.optimizer, schedule: s.schedule, batchSize: s.batchSize, refitEvery, stop: { stop: s.stop, patience: s.patience } }, onProgress);
  // the trainer refits during training only: the last least-squares solve is here, in float64
  const out = trained.map((o) => (o.divergedAt === null && s.refit !== 'none' ? { ...o, net: solveNetOutput(o.net, g.X, y).net } : o));
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
    seconds: (performance.now() - t0) / 1000,
    net: best.o.net,
    mse: best.m?.mse ?? NaN,
    maxAbsError: best.m?.maxAbsError ?? NaN,
    restartMse,
    divergedAt: ok.length ? null : Math.min(...out.map((o) => o.divergedAt ?? Infinity)),
    history: best.o.history,
    stopped: best.o.stopped,
  };
}
