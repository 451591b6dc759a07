// Error figures on a grid and the matching of learned knots to hand-built ones. Pure: no TF.js, no I/O.
import type { Hinge, Term } from './hinges.js';

export interface Metrics {
  /** mean (y − ŷ)² */
  mse: number;
  /** max |y − ŷ| */
  maxAbsError: number;
  /** mean 0.5·(y − ŷ)²: the answer's l2 */
  meanLoss: number;
}

export function metrics(y: ArrayLike<number>, yhat: ArrayLike<number>): Metrics {
  let sum = 0;
  let max = 0;
  for (let j = 0; j < y.length; j++) {
    const e = y[j] - yhat[j];
    sum += e * e;
    const ae = Math.abs(e);
    if (!(ae <= max)) max = ae; // NaN propagates rather than hiding
  }
  const mse = sum / y.length;
  return { mse, maxAbsError: max, meanLoss: mse / 2 };
}

/** The answer's l2: 0.5·(y − ŷ)² at every point. */
export function pointwiseLoss(y: ArrayLike<number>, yhat: ArrayLike<number>): Float64Array {
  const out = new Float64Array(y.length);
  for (let j = 0; j < y.length; j++) out[j] = 0.5 * (y[j] - yhat[j]) ** 2;
  return out;
}

export interface KnotMatch {
  /** Learned unit index, or null when a hand-built term has no partner. */
  unit: number | null;
  /** Index into the hand-built terms, or null when a learned unit has no partner. */
  term: number | null;
  learnedKnot: number | null;
  handKnot: number | null;
  /** learned − hand-built knot */
  knotDifference: number | null;
  /** learned − hand-built slope change */
  slopeDifference: number | null;
}

/**
 * Pair learned hinges with hand-built terms facing the same way, so that the total knot distance
 * is smallest. On a line an order-preserving matching is optimal, so a small dynamic programme over
 * the sorted knots of each direction finds it. Dead, linear and constant units, and terms left
 * over, stay unpaired. The list is sorted by knot.
 */
export function matchKnots(learned: Hinge[], hand: Term[]): KnotMatch[] {
  const out: KnotMatch[] = [];
  for (const dir of ['left', 'right'] as const) {
    const L = learned.filter((h) => h.kind === 'hinge' && h.direction === dir).sort((p, q) => (p.knot as number) - (q.knot as number));
    const H = hand.map((t, j) => ({ t, j })).filter(({ t }) => t.direction === dir).sort((p, q) => p.t.knot - q.t.knot);
    // pairs[i][j]: best cost matching min(i, j) of the first i learned and first j hand-built knots
    const m = L.length;
    const k = H.length;
    const cost = Array.from({ length: m + 1 }, () => new Float64Array(k + 1));
    const take = Array.from({ length: m + 1 }, () => new Uint8Array(k + 1)); // 1 pair, 2 skip learned, 3 skip hand-built
    for (let i = 1; i <= m; i++) {
      for (let j = 1; j <= k; j++) {
        const pair = cost[i - 1][j - 1] + Math.abs((L[i - 1].knot as number) - H[j - 1].t.knot);
        const skipL = i > j ? cost[i - 1][j] : Infinity;
        const skipH = j > i ? cost[i][j - 1] : Infinity;
        const best = Math.min(pair, skipL, skipH);
        cost[i][j] = best;
        take[i][j] = best === pair ? 1 : best === skipL ? 2 : 3;
      }
    }
    const usedL = new Set<number>();
    const usedH = new Set<number>();
    for (let i = m, j = k; i > 0 && j > 0; ) {
      if (take[i][j] === 1) {
        const h = L[i - 1];
        const { t, j: term } = H[j - 1];
        usedL.add(i - 1);
        usedH.add(j - 1);
        out.push({ unit: h.unit, term, learnedKnot: h.knot, handKnot: t.knot, knotDifference: (h.knot as number) - t.knot, slopeDifference: h.slopeChange - t.slopeChange });
        i--;
        j--;
      } else if (take[i][j] === 2) i--;
      else j--;
    }
    L.forEach((h, i) => {
      if (!usedL.has(i)) out.push({ unit: h.unit, term: null, learnedKnot: h.knot, handKnot: null, knotDifference: null, slopeDifference: null });
    });
    H.forEach(({ t, j }, i) => {
      if (!usedH.has(i)) out.push({ unit: null, term: j, learnedKnot: null, handKnot: t.knot, knotDifference: null, slopeDifference: null });
    });
  }
  const key = (m: KnotMatch) => (m.learnedKnot ?? m.handKnot) as number;
  return out.sort((p, q) => key(p) - key(q));
}
