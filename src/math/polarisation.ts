// The hand-built interaction: x1·x2 = ((x1 + x2)² − (x1 − x2)²)/4. Each square is a one-input ReLU
// sum of u = x1 + x2 or v = x1 − x2, so every unit of the two-input network is a fold along a line of
// constant u or v: the two diagonal families. Products come out of ReLU by adding two one-input
// curves along two oblique directions. Pure: no TF.js, no I/O.
import { interpolant } from './handbuilt.js';
import { termsToNetwork, type Network } from './hinges.js';
import type { Net } from './net.js';
import { optimumCurve } from './optimum.js';
import { axis, type Domain2 } from './targets2.js';

export type SquareKind = 'hk' | 'best';

export interface Polarisation {
  /** 'h2²' style name of the construction, e.g. 'polar-h2' or 'polar-best8'. */
  name: string;
  kind: SquareKind;
  /** Hidden units of the two-input network: those of both squares. */
  width: number;
  /** The one-input networks for u² on the range of x1 + x2 and v² on the range of x1 − x2. */
  sum: Network;
  diff: Network;
  sumRange: [number, number];
  diffRange: [number, number];
  net: Net;
}

/** The ranges of u = x1 + x2 and v = x1 − x2 over the rectangle. */
export function diagonalRanges(domain: Domain2): { sum: [number, number]; diff: [number, number] } {
  const [[lo1, hi1], [lo2, hi2]] = domain;
  return { sum: [lo1 + lo2, hi1 + hi2], diff: [lo1 - hi2, hi1 - lo2] };
}

/**
 * The answer's hₖ stretched over a range: the interpolant of t² at 2k + 1 equally spaced nodes from
 * lo to hi, 2k units arranged as hₖ. On [−k, k] it is hₖ itself; on [−R, R] it is s²·hₖ(t/s), s = R/k.
 */
export function squareHk(k: number, range: readonly [number, number]): Network {
  const nodes = Array.from(axis(range[0], range[1], 2 * k + 1));
  const { terms, d } = interpolant((t) => t * t, nodes);
  return termsToNetwork(terms, d);
}

/** c·relu(a·t + b) with t = x1 + s·x2 (s = ±1), scaled by `sign`/4, as rows of a two-input layer. */
function addUnits(into: { W: number[][]; b: number[]; w: number[] }, square: Network, s: 1 | -1, sign: 1 | -1): void {
  square.a.forEach((a, i) => {
    into.W.push([a, s * a]);
    into.b.push(square.b[i]);
    into.w.push((sign * square.c[i]) / 4);
  });
}

/** The two-input network (sum(x1 + x2) − diff(x1 − x2))/4. */
export function polarise(sum: Network, diff: Network): Net {
  const units = { W: [] as number[][], b: [] as number[], w: [] as number[] };
  addUnits(units, sum, 1, 1);
  addUnits(units, diff, -1, -1);
  return { inputs: 2, layers: [{ activation: 'relu', W: units.W, b: units.b }], output: { w: units.w, d: (sum.d - diff.d) / 4 } };
}

/** Width 4k: hₖ (stretched to each diagonal's range) for both squares. */
export function polarisationHk(k: number, domain: Domain2): Polarisation {
  const r = diagonalRanges(domain);
  const sum = squareHk(k, r.sum);
  const diff = squareHk(k, r.diff);
  return { name: `polar-h${k}`, kind: 'hk', width: 4 * k, sum, diff, sumRange: r.sum, diffRange: r.diff, net: polarise(sum, diff) };
}

/**
 * Widths 2, 4, …, 2·maxHalf: for each, the best one-input network of half that width for each square
 * (optimum.ts on `samples` points of each diagonal's range; n1 + n2 − 1 of them are exactly the
 * distinct values x1 ± x2 takes on an evenly spaced square grid).
 */
export function polarisationBest(maxHalf: number, domain: Domain2, samples: number): Polarisation[] {
  const r = diagonalRanges(domain);
  const curve = (range: [number, number]) => {
    const xs = axis(range[0], range[1], samples);
    return optimumCurve(xs, xs.map((t) => t * t), range, maxHalf);
  };
  const sums = curve(r.sum);
  const same = r.sum[0] === r.diff[0] && r.sum[1] === r.diff[1];
  const diffs = same ? sums : curve(r.diff);
  return sums.map((s, i) => ({
    name: `polar-best${2 * (i + 1)}`,
    kind: 'best' as const,
    width: 2 * (i + 1),
    sum: s.network,
    diff: diffs[i].network,
    sumRange: r.sum,
    diffRange: r.diff,
    net: polarise(s.network, diffs[i].network),
  }));
}
