// The training loop both trainers share (the fused shallow one in train.ts, the general one in
// net-train.ts): epochs of full-batch or seeded mini-batch steps, output refits, the loss read back
// at the recorded epochs, and per-run divergence. The trainers supply the tensor work; the loop
// only decides when it happens, so the two cannot drift apart.
import type { Optimizer, Schedule } from '../math/optimizers.js';
import { permutation, rng } from '../math/rng.js';

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
}

export interface Progress {
  epoch: number;
  epochs: number;
  /** Latest full-grid loss of each job. */
  losses: number[];
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

/** The tensor work of one trainer, called by the loop. t is the 1-based optimizer step. */
export interface LoopWork {
  /** One step on the whole grid. */
  fullStep: (t: number) => void;
  /** One step on the points orders[r][start … start + size) of each run r. */
  batchStep: (orders: Int32Array[], start: number, size: number, t: number) => void;
  /** Replace the output layer of every run not yet diverged by its least-squares solution. */
  refit: (divergedAt: (number | null)[]) => void;
  /** Each run's full-grid loss, read back from the device. */
  losses: () => number[];
}

/** Run the epochs; returns each run's loss history and the epoch it diverged at (or null). */
export function trainingLoop(
  seeds: number[],
  points: number,
  shared: Shared,
  work: LoopWork,
  onProgress?: (p: Progress) => void,
): { history: { epoch: number[]; loss: number[] }[]; divergedAt: (number | null)[] } {
  const R = seeds.length;
  const B = batchOf(shared, points);
  const records = recordEpochs(shared.epochs, shared.historyPoints);
  const shuffles = seeds.map((s) => rng(s));
  const orders = seeds.map(() => new Int32Array(points));
  const history = seeds.map(() => ({ epoch: [] as number[], loss: [] as number[] }));
  const divergedAt: (number | null)[] = seeds.map(() => null);
  let t = 0;
  for (let epoch = 1; epoch <= shared.epochs; epoch++) {
    if (B === points) work.fullStep(++t);
    else {
      for (let r = 0; r < R; r++) permutation(shuffles[r], orders[r]);
      for (let start = 0; start < points; start += B) work.batchStep(orders, start, Math.min(B, points - start), ++t);
    }
    if (shared.refitEvery && epoch % shared.refitEvery === 0 && epoch < shared.epochs) work.refit(divergedAt);
    if (!records.has(epoch)) continue;
    const losses = work.losses();
    losses.forEach((loss, r) => {
      if (divergedAt[r] !== null) return;
      history[r].epoch.push(epoch);
      history[r].loss.push(loss);
      if (!Number.isFinite(loss)) divergedAt[r] = epoch;
    });
    onProgress?.({ epoch, epochs: shared.epochs, losses });
    // Every op is per run, so a diverged run's NaNs stay in its row; when all have diverged there is nothing left to train.
    if (divergedAt.every((e) => e !== null)) break;
  }
  return { history, divergedAt };
}
