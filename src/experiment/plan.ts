// Sweeps: a config file with lists becomes runs (the product of the lists), run ids derived from
// each run's settings, batches of runs that train as one tensor program, and shards of those batches.
import { createHash } from 'node:crypto';
import { DEFAULTS, identityOf, widthsOf, type Config } from '../settings.js';
import { shapeKey } from './run.js';

/** How far below the computed optimum a trained run may land before it counts as beating it (the search stops this close). */
export const BELOW_OPTIMUM = 1e-3;

/** Most networks (runs × restarts) in one batch: past this a step's arrays outgrow the cache and batching stops paying. */
export const MAX_BATCH_NETWORKS = 60;

/** A run's id: readable settings, then a hash of its identity (every setting but the backend; see identityOf), so equal settings always map to one file. */
export function runId(c: Config): string {
  // A record written before a setting existed lacks its key: it counts as that setting's default.
  const canonical = JSON.stringify(identityOf({ ...DEFAULTS, ...c }));
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 10);
  return `${c.target}-w${widthsOf(c.hidden).join('x')}-s${c.seed}-${hash}`;
}

export interface Batch {
  index: number;
  runs: { id: string; config: Config }[];
}

/**
 * Runs grouped into batches: same shape (see shapeKey), in grid order, at most MAX_BATCH_NETWORKS
 * networks each, an even number of them as equal as whole runs allow (or one run each with batching off). The batches depend on the grid alone, never
 * on what is finished or on the shard, so a run is always trained in the same company.
 */
export function batches(configs: Config[], batch: boolean): Batch[] {
  const groups = new Map<string, Config[]>();
  for (const c of configs) {
    const k = shapeKey(c);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(c);
  }
  const out: Batch[] = [];
  for (const group of groups.values()) {
    // As few batches as the cap allows, but (when every run has as many restarts, the usual case)
    // an even number of them, as equal as whole runs allow:
    // 90 networks are 45 + 45, not 60 + 30, and 30 runs of 6 restarts are 8 + 8 + 7 + 7 runs, not
    // 10 + 10 + 10, so jobs on two (or four) cores finish together.
    const per = group[0].restarts;
    const uniform = group.every((c) => c.restarts === per);
    const total = group.reduce((t, c) => t + c.restarts, 0);
    const fewest = uniform ? Math.ceil(group.length / Math.max(1, Math.floor(MAX_BATCH_NETWORKS / per))) : Math.ceil(total / MAX_BATCH_NETWORKS);
    const count = Math.min(group.length, fewest > 1 && fewest % 2 ? fewest + 1 : fewest);
    const size = Math.min(MAX_BATCH_NETWORKS, Math.ceil(total / count));
    // with equal restarts, batch k holds runs [bounds[k], bounds[k + 1])
    const bounds = Array.from({ length: count + 1 }, (_, k) => Math.round((k * group.length) / count));
    let cur: Config[] = [];
    let nets = 0;
    group.forEach((c, i) => {
      const full = uniform ? bounds.includes(i) : nets + c.restarts > size;
      if (cur.length && (!batch || full)) {
        out.push({ index: out.length, runs: cur.map((config) => ({ id: runId(config), config })) });
        cur = [];
        nets = 0;
      }
      cur.push(c);
      nets += c.restarts;
    });
    if (cur.length) out.push({ index: out.length, runs: cur.map((config) => ({ id: runId(config), config })) });
  }
  return out;
}

/** "I/N" -> [I, N] with 1 ≤ I ≤ N, or null when malformed. */
export function parseShard(s: string): [number, number] | null {
  const m = /^([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(s);
  if (!m) return null;
  const i = Number(m[1]);
  const n = Number(m[2]);
  return i <= n ? [i, n] : null;
}

/** Shard I of N: every N-th batch starting at the I-th. Disjoint, and together they cover the grid. */
export function shardOf(all: Batch[], shard: [number, number] | null): Batch[] {
  if (!shard) return all;
  const [i, n] = shard;
  return all.filter((b) => b.index % n === i - 1);
}

