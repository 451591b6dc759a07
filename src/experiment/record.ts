// The run record: what one trained network did, written as run.json and into sweeps. Version 2
// carries the general Net of every run (deep, any activation) and keeps the {a, b, c, d} view,
// its hinges and the knot comparison only where they read (one input, one hidden ReLU layer).
// Version 1 records (no `net`) are read by deriving the Net from their `network`.
import type { Config } from '../settings.js';
import { metrics, matchKnots, type KnotMatch, type Metrics } from '../math/compare.js';
import type { HandBuilt } from '../math/handbuilt.js';
import { comparatorOf, type GridData } from './grid.js';
import { evalTerms, hinges, type Hinge, type Network } from '../math/hinges.js';
import { activation } from '../math/activations.js';
import { forward, netOf, shallowView, type Net } from '../math/net.js';
import { forward32 } from '../math/best-found/float32.js';
import { target } from '../math/targets.js';
import type { StopReason } from '../math/stopping.js';
import { readingKind, readsByTaylor, smoothReading, type ReadingKind, type SmoothReading } from '../math/smooth-reading.js';

/** max |weight or bias| of a network, inner layers and output. */
export function largestWeight(net: Net): number {
  let m = Math.abs(net.output.d);
  for (const v of net.output.w) m = Math.max(m, Math.abs(v));
  for (const l of net.layers) {
    for (const v of l.b) m = Math.max(m, Math.abs(v));
    for (const row of l.W) for (const v of row) m = Math.max(m, Math.abs(v));
  }
  return m;
}

export const VERSION = '0.1.0';
/** 1: shallow {a, b, c, d} only; 2: the general `net` on every record. */
export const RECORD_VERSION = 2;

export interface Comparison {
  handbuilt: { name: string; terms: HandBuilt['terms']; d: number; nodes: number[] };
  functions: { learned: Metrics; handbuilt: Metrics };
  /** Knot by knot; empty for networks that are not read as hinges (deep ones). */
  matches: KnotMatch[];
}

/**
 * The best shallow (one-hidden-layer ReLU) network the run is measured against: of the same width
 * for shallow runs; of the same number of parameters (width ⌊(p − 1)/3⌋) for deep ones.
 */
export interface RecordOptimum {
  mse: number;
  maxAbsError: number;
  /** The ReLU optimum as {a, b, c, d}; null for a best-found network (see `net`). */
  network: Network | null;
  hidden: number;
  basis: 'same width' | 'same parameter count';
  /** 'best possible': the exact ReLU optimum (absent in older records); 'best found': a search for other activations. */
  label?: 'best possible' | 'best found';
  /** Best found only: the network, the bound on |every weight and bias| it was searched under, whether it sits on it, and its largest weight. */
  net?: Net;
  bound?: number;
  boundActive?: boolean;
  largestWeight?: number;
}

export interface RunRecord {
  recordVersion: number;
  tool: string;
  config: Config;
  backend: string;
  seed: number;
  status: 'ok' | 'diverged';
  /** The first recorded epoch with a NaN or infinite loss. */
  divergedAt: number | null;
  target: { name: string; formula: string };
  metrics: Metrics;
  /** The trained network, general form. */
  net: Net;
  /** The {a, b, c, d} view: one-input shallow ReLU runs only, else null. */
  network: Network | null;
  history: { epoch: number[]; loss: number[] };
  /**
   * The winning network's last epoch and why it ended there (plateau, epochs = the cap, diverged;
   * lagging: dropped in the race, and won by the finish from its start); polished: its knots were
   * then moved by Newton, or its weights by the LM finish of other units (run.ts); fromStart: that
   * finish won from the restart's initial network, not the trained one; grown: the grown finish
   * (last-moves.ts: the curvature start one unit narrower, plus a unit) was lower than all of it
   * and replaced the kept network (epoch, reason, history and restarts.best still describe the
   * restart it replaced; restarts.losses[best] and the metrics are the grown network's).
   */
  stopped: { epoch: number; reason: StopReason; polished?: true; fromStart?: true; grown?: true };
  /** Shallow runs only (else empty). */
  hinges: Hinge[];
  /** Units silent on every grid point, over all layers, and per layer. */
  deadUnits: number;
  deadPerLayer: number[];
  /** Which restart won (0-based) and each restart's final loss. */
  restarts: { best: number; losses: number[] };
  comparison: Comparison | null;
  optimum: RecordOptimum | null;
  /** learned MSE / optimum MSE */
  ratio: number | null;
  /** Training seconds; runs trained in one batch share its time by their number of networks, plus the run's own last moves (last-moves.ts). */
  seconds: number;
  /** How the units are read: hinges, breakpoints (other piecewise-linear), or taylor (smooth units). */
  reading?: ReadingKind;
  /** Smooth units: their Taylor coefficients and least-squares projection on 1, x, x², x³ (else null). */
  taylor?: SmoothReading | null;
  /** max |weight or bias| of the trained network, inner and output (set against the best-found bound). */
  largestWeight?: number;
}

/**
 * Units that are silent on every grid point, per layer: a unit whose activation has a flat zero
 * side (relu) and whose pre-activation is ≤ 0 everywhere passes nothing and gets no gradient.
 */
export function deadPerLayer(net: Net, X: ArrayLike<number>): number[] {
  const keep = { z: [] as Float64Array[] };
  forward(net, X, keep);
  return net.layers.map((layer, l) => {
    if (layer.activation !== 'relu') return 0;
    const width = layer.b.length;
    const z = keep.z[l];
    let dead = 0;
    for (let i = 0; i < width; i++) {
      let alive = false;
      for (let j = i; j < z.length && !alive; j += width) alive = z[j] > 0;
      if (!alive) dead++;
    }
    return dead;
  });
}

/**
 * The learned network's errors in float32, the precision TF.js trains and saves it in (one order of
 * sums: TF.js's own differs, by up to a few times below 1e-10), for every activation but ReLU:
 * a smooth network finished in float64 can cancel to 1e-29 there while its saved float32 model
 * computes 1e-15 to 2e-10 (the 69 such runs of results/activations), and its best found is measured
 * in float32 too. ReLU's reference is the exact optimum, in float64, and a ReLU network has no such
 * cancellation: its two precisions agree to about 1e-7 relative, so its records stay float64.
 */
function learnedMetrics(config: Config, net: Net, data: GridData): Metrics {
  if (config.activation === 'relu') return metrics(data.ys, forward(net, data.xs));
  return metrics(Float64Array.from(data.ys, Math.fround), forward32(net, data.xs));
}

/** A finished record from a trained network (shared by training and by `show`). */
export function recordOf(
  config: Config,
  backend: string,
  data: GridData,
  net: Net,
  rest: Pick<RunRecord, 'status' | 'divergedAt' | 'history' | 'restarts' | 'seconds'> & Partial<Pick<RunRecord, 'stopped'>>,
  optimum: RecordOptimum | null,
): RunRecord {
  const m = learnedMetrics(config, net, data);
  const network = shallowView(net);
  const hs = network ? hinges(network, data.xs) : [];
  const dead = deadPerLayer(net, data.xs);
  const hb = comparatorOf(config);
  const ok = rest.status === 'ok';
  return {
    recordVersion: RECORD_VERSION,
    tool: `relu-lab ${VERSION}`,
    config,
    backend,
    seed: config.seed,
    status: rest.status,
    divergedAt: rest.divergedAt,
    target: { name: config.target, formula: target(config.target).formula },
    metrics: m,
    net,
    network,
    history: rest.history,
    stopped: rest.stopped ?? { epoch: rest.history.epoch.at(-1) ?? config.epochs, reason: rest.divergedAt === null ? 'epochs' : 'diverged' },
    hinges: hs,
    deadUnits: dead.reduce((s, d) => s + d, 0),
    deadPerLayer: dead,
    restarts: rest.restarts,
    comparison: hb && ok
      ? {
          handbuilt: { name: hb.name, terms: hb.terms, d: hb.d, nodes: hb.nodes },
          functions: { learned: m, handbuilt: metrics(data.ys, evalTerms(hb.terms, hb.d, data.xs)) },
          matches: network ? matchKnots(hs, hb.terms) : [],
        }
      : null,
    optimum,
    ratio: optimum && ok ? m.mse / optimum.mse : null,
    seconds: rest.seconds,
    reading: readingKind(net),
    taylor: readsByTaylor(net) ? smoothReading(net, data.xs, [(config.domain[0] + config.domain[1]) / 2]) : null,
    largestWeight: largestWeight(net),
  };
}

/**
 * A record as read from disk, in the current form: version 1 (no `net`) gets it from `network`;
 * a version this relu-lab does not know, or a record with neither, is refused with the reason.
 */
export function upgradeRecord(raw: Record<string, unknown>): { record: RunRecord } | { problem: string } {
  const version = raw.recordVersion ?? 1;
  if (typeof version !== 'number' || version > RECORD_VERSION) {
    return { problem: `recordVersion ${JSON.stringify(version)} is newer than this relu-lab reads (up to ${RECORD_VERSION}); use the relu-lab that wrote it` };
  }
  // activation came with version 2's later settings: a record without it is a ReLU run
  const config = raw.config as Record<string, unknown> | undefined;
  if (config && typeof config === 'object' && config.activation === undefined) raw = { ...raw, config: { ...config, activation: 'relu' } };
  if (raw.net) return { record: raw as unknown as RunRecord };
  const network = raw.network as Network | undefined;
  if (!network || !Array.isArray(network.a)) return { problem: 'has neither `net` nor `network`: no network to read' };
  const opt = raw.optimum as Omit<RecordOptimum, 'hidden' | 'basis'> | null;
  const width = network.a.length;
  return {
    record: {
      ...(raw as unknown as RunRecord),
      net: netOf(network),
      deadPerLayer: [raw.deadUnits as number],
      optimum: opt ? { ...opt, hidden: width, basis: 'same width' } : null,
    },
  };
}

/** Every layer piecewise linear (relu, leaky-relu, abs): the network is a piecewise-linear function. */
export const isPiecewiseLinear = (net: Net): boolean => net.layers.every((l) => activation(l.activation).piecewiseLinear);
