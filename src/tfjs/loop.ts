// The training loop both trainers share (the fused shallow one in train.ts, the general one in
// net-train.ts): epochs of full-batch or seeded mini-batch steps, output refits, the loss read back
// at the recorded epochs, per-run divergence and per-run stopping (math/stopping.ts: the plateau,
// the learning-rate decay after it, restarts lagging their best sibling). The trainers supply the
// tensor work; the loop only decides when it happens and which runs still train, so the two
// cannot drift apart. With stopping off the loop does exactly what it did before stopping existed.
import { scheduleFactor, type Optimizer, type Schedule } from '../math/optimizers.js';
import { permutation, rng } from '../math/rng.js';
import { decayEpochs, lagging, observe, plateauStart, raceLosers, RACE_PATIENCES, type PlateauState, type StopReason, type StopRule } from '../math/stopping.js';

export interface Shared {
  epochs: number;
  optimizer: Optimizer;
  schedule: Schedule;
  /** 0 = full batch */
  batchSize: number;
  /** Every this many epochs, replace each network's output layer by its least-squares solution; 0 = never. */
  refitEvery?: number;
  /** Most points in the loss history (default 1000); each costs one host read. */
  historyPoints?: number;
  /** When to stop before the epoch cap (default: never). */
  stop?: StopRule;
}

export interface Progress {
  epoch: number;
  epochs: number;
  /** Latest full-grid loss of each job (its last one once it stopped). */
  losses: number[];
}

/** The last epoch a run trained and why it ended there. */
export interface Stopped {
  epoch: number;
  reason: StopReason;
}

/** The epochs at which the loss is recorded: at most `points`, evenly spread, always the last. */
export function recordEpochs(epochs: number, points = 1000): Set<number> {
  const m = Math.max(1, Math.min(epochs, points));
  const out = new Set<number>();
  for (let i = 1; i <= m; i++) out.add(Math.round((i * epochs) / m));
  return out;
}

/** Mini-batch size for N points: the whole grid unless a smaller batch is asked for. */
export const batchOf = (shared: Shared, N: number): number => (shared.batchSize > 0 && shared.batchSize < N ? shared.batchSize : N);

/**
 * Learning-rate factors of the runs in training: null = every run follows the schedule at step t;
 * else per run its own factor (in its decay phase) or null (the schedule).
 */
export type Factors = (number | null)[] | null;

/** The tensor work of one trainer, called by the loop. Rows are the runs still training, in order. t is the 1-based optimizer step. */
export interface LoopWork {
  /** One step on the whole grid. */
  fullStep: (t: number, factors: Factors) => void;
  /** One step on the points orders[k][start … start + size) of each row k. */
  batchStep: (orders: Int32Array[], start: number, size: number, t: number, factors: Factors) => void;
  /** Refit the rows marked true at `epoch` (their output layer by least squares; the trainer's refit may move units too). */
  refit: (rows: boolean[], epoch: number) => void;
  /** Each row's full-grid loss, read back from the device. */
  losses: () => number[];
  /** Only these rows (indices into the current rows, ascending) train on; the others' networks are final. */
  keep: (rows: number[]) => void;
  /** Where each row is heading, for the race between restarts (lower is better); without it, each row's lowest loss. */
  raceScores?: () => number[];
}

export interface LoopResult {
  history: { epoch: number[]; loss: number[] }[];
  divergedAt: (number | null)[];
  stopped: Stopped[];
}

/**
 * Run the epochs. `groups[r]` names the run whose restart r is (restarts of one run share it):
 * with stopping on, restarts lagging their group's best are dropped. With stopping off every run
 * trains to the cap (a diverged one keeps computing NaNs in its own row, as ever).
 */
export function trainingLoop(seeds: number[], points: number, shared: Shared, work: LoopWork, onProgress?: (p: Progress) => void, groups?: number[]): LoopResult {
  const B = batchOf(shared, points);
  const cap = shared.epochs;
  const stepsPerEpoch = Math.ceil(points / B);
  const totalSteps = cap * stepsPerEpoch;
  const records = recordEpochs(cap, shared.historyPoints);
  const rule: StopRule = shared.stop ?? { stop: 'off', patience: cap };
  const stopping = rule.stop !== 'off';
  const shuffles = seeds.map((s) => rng(s));
  const orders = seeds.map(() => new Int32Array(points));
  const history = seeds.map(() => ({ epoch: [] as number[], loss: [] as number[] }));
  const divergedAt: (number | null)[] = seeds.map(() => null);
  const stopped: (Stopped | null)[] = seeds.map(() => null);
  const plateau: PlateauState[] = seeds.map(() => plateauStart());
  const latest = seeds.map(() => NaN);
  const lowest = seeds.map(() => Infinity); // Adam's loss spikes now and then: restarts are judged by their lowest
  const members = new Map<number, number[]>();
  (groups ?? seeds.map((_, r) => r)).forEach((g, r) => members.set(g, [...(members.get(g) ?? []), r]));
  let active = seeds.map((_, r) => r);
  // The decay after a plateau: from the schedule's factor at the plateau's last step down to 0 (cosine).
  const decayEnd = (r: number) => plateau[r].plateauAt! + decayEpochs(rule, plateau[r].plateauAt!);
  const factorsAt = (epoch: number): Factors => {
    if (!active.some((r) => plateau[r].plateauAt !== null)) return null;
    return active.map((r) => {
      const at = plateau[r].plateauAt;
      if (at === null) return null;
      const D = decayEpochs(rule, at);
      return scheduleFactor(shared.schedule, at * stepsPerEpoch, totalSteps) * 0.5 * (1 + Math.cos((Math.PI * (epoch - at)) / (D + 1)));
    });
  };
  const stop = (r: number, epoch: number, reason: StopReason) => {
    stopped[r] = { epoch, reason };
    if (history[r].epoch.at(-1) !== epoch) history[r].epoch.push(epoch), history[r].loss.push(latest[r]);
  };
  let t = 0;
  let last = 0;
  let raced = false;
  for (let epoch = 1; epoch <= cap && active.length; epoch++) {
    last = epoch;
    const factors = stopping ? factorsAt(epoch) : null;
    if (B === points) work.fullStep(++t, factors);
    else {
      for (const r of active) permutation(shuffles[r], orders[r]);
      const mine = active.map((r) => orders[r]);
      for (let start = 0; start < points; start += B) work.batchStep(mine, start, Math.min(B, points - start), ++t, factors);
    }
    if (shared.refitEvery && epoch % shared.refitEvery === 0 && epoch < cap) work.refit(active.map((r) => divergedAt[r] === null), epoch);
    const recorded = records.has(epoch);
    if (!recorded && !(stopping && active.some((r) => plateau[r].plateauAt !== null && decayEnd(r) === epoch))) continue;
    const losses = work.losses();
    const plateaus: boolean[] = [];
    active.forEach((r, k) => {
      const loss = losses[k];
      plateaus.push(false);
      if (divergedAt[r] !== null) return;
      latest[r] = loss;
      if (recorded) history[r].epoch.push(epoch), history[r].loss.push(loss);
      if (!Number.isFinite(loss)) {
        divergedAt[r] = epoch;
        if (stopping) stop(r, epoch, 'diverged');
        return;
      }
      if (!stopping) return;
      lowest[r] = Math.min(lowest[r], loss);
      const before = plateau[r].plateauAt;
      plateau[r] = observe(plateau[r], epoch, loss, rule);
      if (before === null && plateau[r].plateauAt !== null) plateaus[k] = true;
      if (plateau[r].plateauAt !== null && epoch >= decayEnd(r)) stop(r, epoch, 'plateau');
      else if (epoch === cap) stop(r, epoch, 'epochs');
    });
    if (stopping) {
      for (const group of members.values()) {
        const drop = lagging(group.map((r) => (divergedAt[r] === null ? lowest[r] : NaN)), epoch, rule);
        for (const i of drop) if (stopped[group[i]] === null) stop(group[i], epoch, 'lagging');
      }
    }
    if (stopping && !raced && epoch >= (rule.raceAt ?? RACE_PATIENCES * rule.patience) && epoch >= rule.patience) {
      raced = true;
      const scores = work.raceScores?.();
      const score = new Map(active.map((r, k) => [r, scores ? scores[k] : lowest[r]]));
      for (const group of members.values()) {
        const drop = raceLosers(group.map((r) => (divergedAt[r] !== null ? NaN : (score.get(r) ?? lowest[r]))));
        for (const i of drop) if (stopped[group[i]] === null) stop(group[i], epoch, 'lagging');
      }
    }
    if (recorded) onProgress?.({ epoch, epochs: cap, losses: stopping ? latest.slice() : losses });
    if (!stopping) {
      // Every op is per run, so a diverged run's NaNs stay in its row; when all have diverged there is nothing left to train.
      if (divergedAt.every((e) => e !== null)) break;
      continue;
    }
    // A run reaching its plateau gets its least-squares output layer before the decay (as the refits do during training).
    if (shared.refitEvery && plateaus.some((p, k) => p && stopped[active[k]] === null)) work.refit(plateaus.map((p, k) => p && stopped[active[k]] === null), epoch);
    const rows = active.flatMap((r, k) => (stopped[r] === null ? [k] : []));
    if (rows.length < active.length) {
      if (rows.length) work.keep(rows);
      active = rows.map((k) => active[k]);
    }
  }
  const end = seeds.map((_, r): Stopped => stopped[r] ?? (divergedAt[r] !== null ? { epoch: divergedAt[r]!, reason: 'diverged' } : { epoch: last, reason: 'epochs' }));
  return { history, divergedAt, stopped: end };
}
