// One path from resolved configs to finished run records: sample the target, build the initial
// networks (one per restart), train every network of a shape in one batch, keep each run's best
// restart, optionally refit its output layer, then read it and compare it with the hand-built sum
// and with the best shallow network (of its width, or of its parameter count when it is deep).
// One-input shallow ReLU runs train in the fused trainer (tfjs/train.ts); every other
// architecture in the general one (tfjs/net-train.ts). A single run is a batch of one.
import { oneLayer, raceEpoch, refitEvery, widthsOf, type Config } from '../settings.js';
import type { Backend } from '../tfjs/backend.js';
import { initialNetwork, restartSeed, solveNetOutput, solveOutputLayer } from '../math/init.js';
import type { Network } from '../math/hinges.js';
import { activation } from '../math/activations.js';
import { netOf, parameterCount, shallowView, type Net } from '../math/net.js';
import type { Optimum } from '../math/optimum/index.js';
import { polishKnots, refitPolished, relocateUnits } from '../math/optimum/trained.js';
import { finishTrained, refitOutput } from '../math/best-found/trained.js';
import { DEFAULT_WEIGHT_BOUND } from '../math/best-found/index.js';
import { trainBatch, type Progress, type Shared } from '../tfjs/train.js';
import { trainNets } from '../tfjs/net-train.js';
import { cachedOptimum } from './store.js';
import { recordOf, type RecordOptimum, type RunRecord } from './record.js';
import { gridOf, type GridData } from './grid.js';
import { bestFoundOptimum } from './best-reference.js';
import { checkInits, startOf } from './starts.js';
import { lastMoves } from './last-moves.js';

export { VERSION, RECORD_VERSION, recordOf, upgradeRecord, type Comparison, type RunRecord, type RecordOptimum } from './record.js';
export { comparatorOf, gridOf, type GridData } from './grid.js';

export type OptimumSource = (config: Config, xs: Float64Array, ys: Float64Array) => Optimum | null;

/** The optimum from the on-disk cache, computed (and cached) on a miss; `hidden` must be one width. */
export const optimumFromCache: OptimumSource = (c, xs, ys) => cachedOptimum(c.target, c.domain, c.samples, oneLayer(c.hidden), xs, ys);

/** Runs that can share one tensor program: same architecture, grid size, epochs, optimizer, schedule, batch size, refit and stopping rule. */
export function shapeKey(c: Config): string {
  return [widthsOf(c.hidden).join(','), c.activation, c.samples, c.epochs, c.optimizer, c.schedule, c.batchSize, c.refit, c.stop, c.patience].join('|');
}

/** The shallow width with at most as many parameters as these widths (one input: 3n + 1). */
export const shallowWidthFor = (widths: number[]): number => Math.max(1, Math.floor((parameterCount(1, widths) - 1) / 3));

/** The optimum a run is measured against: same width when shallow, same parameter count when deep. */
export function referenceOptimum(c: Config, data: GridData, optimumOf: OptimumSource): RecordOptimum | null {
  const widths = widthsOf(c.hidden);
  const deep = widths.length > 1;
  const hidden = deep ? shallowWidthFor(widths) : widths[0];
  const basis = deep ? 'same parameter count' : 'same width';
  if (c.activation !== 'relu') return bestFoundOptimum(c, data, hidden, basis);
  const o = optimumOf(deep ? { ...c, hidden } : c, data.xs, data.ys);
  return o ? { mse: o.mse, maxAbsError: o.maxAbsError, network: o.network, hidden, basis, label: 'best possible' } : null;
}

export interface BatchProgress extends Progress {
  /** Runs in this batch. */
  runs: number;
}

interface Trained {
  net: Net;
  history: { epoch: number[]; loss: number[] };
  divergedAt: number | null;
  /** Where and why the network stopped (the shared loop's stopping rule). */
  stopped: RunRecord['stopped'];
  /** The network this restart started from (general trainer only): the smooth finish also starts there. */
  start?: Net;
}

/** Every restart of every config as one batch, in the trainer that fits the architecture. */
function trainAll(backend: Backend, configs: Config[], data: GridData[], onProgress?: (p: BatchProgress) => void, onStart?: StartProgress): { trained: Trained[]; owner: number[] } {
  const c0 = configs[0];
  const widths = widthsOf(c0.hidden);
  const shared: Shared = {
    epochs: c0.epochs,
    optimizer: c0.optimizer,
    schedule: c0.schedule,
    batchSize: c0.batchSize,
    refitEvery: refitEvery(c0),
    stop: { stop: c0.stop, patience: c0.patience, raceAt: raceEpoch(c0) },
  };
  const progress = (p: Progress) => onProgress?.({ ...p, runs: configs.length });
  const owner: number[] = [];
  const starts: { c: Config; i: number; seed: number; r: number }[] = [];
  configs.forEach((c, i) => {
    for (let r = 0; r < c.restarts; r++) {
      starts.push({ c, i, seed: restartSeed(c.seed, r), r });
      owner.push(i);
    }
  });
  if (widths.length === 1 && c0.activation === 'relu') {
    const jobs = starts.map(({ c, i, seed, r }, k) => {
      onStart?.(k, starts.length);
      const { xs, ys } = data[i];
      // The race (math/stopping.ts) ranks restarts by the loss their knots polish to: where each is heading, not where Adam's jitter has it.
      const raceScore = (net: Network) => {
        const solved = solveOutputLayer(net.a, net.b, xs, ys);
        return Number.isFinite(solved.sse) ? polishKnots(solved.net, xs, ys, c.domain, solved.sse).sse / xs.length : Infinity;
      };
      return { init: initialNetwork(c.init, widths[0], seed, c.domain, xs, ys, r), xs, ys, lr: c.lr, seed, group: i, raceScore: c.refit === 'end' ? raceScore : undefined, refit: c.stop === 'off' ? undefined : refitOf(c, xs, ys) };
    });
    const trained = trainBatch(backend.tf, jobs, shared, progress).map((t) => ({ net: netOf(t.network), history: t.history, divergedAt: t.divergedAt, stopped: t.stopped }));
    return { trained, owner };
  }
  const jobs = starts.map(({ c, i, seed, r }, k) => {
    onStart?.(k, starts.length);
    return { init: startOf(c, widths, seed, data[i], r), X: data[i].xs, ys: data[i].ys, lr: c.lr, seed, group: i };
  });
  return { trained: trainNets(backend.tf, jobs, shared, progress).map((t, k) => ({ ...t, start: jobs[k].init })), owner };
}

/**
 * The refit during training of one restart with stopping on: knots polished at every refit, units
 * also relocated at the refits up to the race (raceEpoch: with the defaults the first refit, at
 * epoch 400) and only up to RELOCATE_MAX_WIDTH. Measured on exp at widths 13 and 14 (10 seeds):
 * every kept restart of one seed each ended in a layout with five or six units facing left
 * (1.060×, 1.066×) that no relocation after training escapes (nor two units moved at once);
 * relocated at the race, the restarts reach the best layout (worst 1.0003). At every refit
 * instead it cost sin at width 8 70% more time for no better fit.
 */
function refitOf(c: Config, xs: Float64Array, ys: Float64Array): (net: Network, epoch: number) => Network {
  const relocateUntil = widthsOf(c.hidden)[0] <= RELOCATE_MAX_WIDTH ? raceEpoch(c) : 0;
  return (net, epoch) => refitPolished(net, xs, ys, c.domain, epoch <= relocateUntil);
}

/** Widest network whose knots are polished (Newton's O(n³) steps stay well under a second). */
export const POLISH_MAX_WIDTH = 128;

/**
 * Widest network whose units are relocated after the polish (math/optimum/trained.ts: relocateUnits).
 * A pass costs units × 96 least-squares solves: milliseconds to 16, about 0.1 s at 32, where it
 * doubled the training time of sin (10 seeds: 1.006 → 1.0015 of the optimum) while no cell of
 * the fit grid above 16 needed it (docs/fit.md).
 */
export const RELOCATE_MAX_WIDTH = 16;

/**
 * Widest non-ReLU network finished by bounded Levenberg–Marquardt (O(n³) per step in 2n parameters:
 * at width 16 on 1000 points about 1 s of CPU per finish of smooth units, which get two per restart
 * (one per dropped restart), and about 2 s for leaky-relu and abs, whose finish runs on the whole grid).
 */
export const FINISH_MAX_WIDTH = 32;

/**
 * A stopped shallow one-input run whose output layer is refitted (--refit end or during) ends with
 * its knots polished by Newton (math/optimum/trained.ts): the jitter Adam leaves at the plateau is
 * what the fixed schedule's long anneal spent its thousands of epochs removing; up to
 * RELOCATE_MAX_WIDTH its units are then relocated (moves gradient descent cannot make). Other activations
 * end with the best-found search's bounded Levenberg–Marquardt started from the trained network
 * (math/best-found/trained.ts); the better of the two in float32 is kept.
 */
function polished(c: Config, data: GridData, t: Trained): Trained & { polishedMse?: number; moved?: boolean; fromStart?: boolean } {
  const widths = widthsOf(c.hidden);
  if (c.stop === 'off' || c.refit === 'none' || widths.length !== 1 || widths[0] > POLISH_MAX_WIDTH || t.divergedAt !== null) return t;
  const lagging = t.stopped.reason === 'lagging';
  if (c.activation !== 'relu') {
    if (widths[0] > FINISH_MAX_WIDTH) return t;
    // Adam's first steps (about lr per weight, whatever the gradient) throw a smooth fit out of the
    // narrow basin its start lies in, and LM from where Adam ends cannot return: so the finish also
    // runs from the start itself (docs/activations.md, "How a run reaches the best found"), and the better is kept. That
    // finish does not depend on how the restart trained, so a restart dropped in the race gets it
    // too (sigmoid on sin at width 4: only the curvature start's basin holds the best found, and
    // Adam had that restart lagging at the race).
    const fromStart = t.start && !activation(c.activation).piecewiseLinear ? finishTrained(refitOutput(t.start, data.xs, data.ys).net, data.xs, data.ys, DEFAULT_WEIGHT_BOUND) : null;
    // (a dropped restart whose start the finish could not move stays dropped)
    if (lagging) return fromStart?.moved ? { ...t, net: fromStart.net, polishedMse: fromStart.mse, moved: true, fromStart: true } : t;
    const out = finishTrained(refitOutput(t.net, data.xs, data.ys).net, data.xs, data.ys, DEFAULT_WEIGHT_BOUND);
    const trained = { ...t, net: out.net, polishedMse: out.mse, moved: out.moved };
    return fromStart && fromStart.mse < out.mse ? { ...trained, net: fromStart.net, polishedMse: fromStart.mse, moved: true, fromStart: true } : trained;
  }
  // A ReLU restart dropped in the race or for lagging is not polished: it is not the one kept.
  if (lagging) return t;
  const refit = solveNetOutput(t.net, data.xs, data.ys);
  const view = shallowView(refit.net);
  if (!view || !Number.isFinite(refit.sse)) return t;
  const polishedOut = polishKnots(view, data.xs, data.ys, c.domain, refit.sse);
  const out = widths[0] <= RELOCATE_MAX_WIDTH ? relocateUnits(polishedOut.network, data.xs, data.ys, c.domain, polishedOut.sse) : polishedOut;
  const moved = out.sse < refit.sse;
  return { ...t, net: moved ? netOf(out.network) : refit.net, polishedMse: Math.min(out.sse, refit.sse) / data.xs.length, moved };
}

/**
 * Which restart a run keeps: the lowest final loss among those that went on to the end; a restart
 * dropped in the race or for lagging is out whatever its last loss (after the refits' polish a
 * dropped one can tie a finalist in float32), unless no finalist has a finite loss. (A smooth
 * restart dropped in the race but finished from its start competes: the caller passes it as not
 * dropped.)
 */
export function winnerOf(restarts: { loss: number; dropped: boolean }[]): number {
  const finalists = restarts.some((r) => !r.dropped && Number.isFinite(r.loss));
  let best = -1;
  restarts.forEach((r, k) => {
    if ((finalists && r.dropped) || !(r.loss < (best < 0 ? Infinity : restarts[best].loss))) return;
    best = k;
  });
  return Math.max(0, best);
}

/** Called before each initial network is built: the curvature start of a wide network takes seconds. */
export type StartProgress = (done: number, of: number) => void;

/**
 * Train configs that share a shape (see shapeKey) as one batch: every restart of every run is one
 * network of the batch. Returns one record per config, in order.
 */
export function trainRuns(backend: Backend, configs: Config[], optimumOf: OptimumSource, onProgress?: (p: BatchProgress) => void, onStart?: StartProgress): RunRecord[] {
  const key = shapeKey(configs[0]);
  for (const c of configs) if (shapeKey(c) !== key) throw new Error(`trainRuns: mixed shapes ${shapeKey(c)} and ${key}`);
  checkInits(configs);
  const data = configs.map(gridOf);
  const t0 = performance.now();
  const { trained: raw, owner } = trainAll(backend, configs, data, onProgress, onStart);
  const trained = raw.map((t, j) => polished(configs[owner[j]], data[owner[j]], t));
  const seconds = (performance.now() - t0) / 1000;
  return configs.map((c, i) => {
    const mine = trained.filter((_, j) => owner[j] === i);
    const losses = mine.map((t) => (t.divergedAt === null ? (t.polishedMse ?? t.history.loss[t.history.loss.length - 1]) : Infinity));
    // a dropped restart competes only with the finish from its start (its trained network is out)
    const best = winnerOf(mine.map((t, k) => ({ loss: losses[k], dropped: t.stopped.reason === 'lagging' && !t.fromStart })));
    const movesStart = performance.now();
    const winner = lastMoves(c, data[i], mine[best]);
    // the last moves run once per run, so their time is this run's alone
    const movesSeconds = (performance.now() - movesStart) / 1000;
    if (winner.polishedMse !== undefined) losses[best] = winner.polishedMse;
    const status = winner.divergedAt === null ? 'ok' : 'diverged';
    const net = c.refit !== 'none' && status === 'ok' && winner.polishedMse === undefined ? refitOutput(winner.net, data[i].xs, data[i].ys).net : winner.net;
    return recordOf(
      c,
      backend.name,
      data[i],
      net,
      {
        status,
        divergedAt: winner.divergedAt,
        history: winner.history,
        stopped: winner.moved ? { ...winner.stopped, polished: true, ...(winner.fromStart ? { fromStart: true as const } : {}), ...(winner.grown ? { grown: true as const } : {}) } : winner.stopped,
        restarts: { best, losses: losses.map((l) => (Number.isFinite(l) ? l : NaN)) },
        seconds: (seconds * c.restarts) / trained.length + movesSeconds,
      },
      referenceOptimum(c, data[i], optimumOf),
    );
  });
}
