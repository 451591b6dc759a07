// The hand-built interaction: x1·x2 = ((x1 + x2)² − (x1 − x2)²)/4. Each square is a one-input ReLU
// sum of u = x1 + x2 or v = x1 − x2, so every unit of the two-input network is a fold along a line of
// constant u or v: the two diagonal families. Products come out of ReLU by adding two one-input
// curves along two oblique directions. Pure: no TF.js, no I/O.
import { interpolant } from './handbuilt.js';
import type { Network, Term } from './hinges.js';
import type { Net } from './net.js';
import { optimumCurve } from './optimum/index.js';
import { axis, type Domain2, type Target2Name } from './targets2.js';

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

/** Units w·relu(s·(t − k)) with |a| = 1: a = s, b = −s·k, c = w. */
function termsToNetwork(terms: Term[], d: number): Network {
  const s = terms.map((t) => (t.direction === 'right' ? 1 : -1));
  return { a: s, b: terms.map((t, i) => -s[i] * t.knot), c: terms.map((t) => t.slopeChange), d };
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
 * (the optimum search, math/optimum, on `samples` points of each diagonal's range; n1 + n2 − 1 of them are exactly the
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

/**
 * Every two-input target here is a sum of one-input functions of directions w·x, so each is built
 * the same way: one ReLU sum per direction, its units folding along lines of constant w·x.
 * product: the polarisation identity; saddle and bowl: squares along the axes (no oblique fold, no
 * interaction); sin-sum and ridge: one oblique direction.
 */
export interface RidgePart {
  w: [number, number];
  scale: number;
  f: (t: number) => number;
  /** The one-input function of the direction, e.g. '(x1 + x2)²'. */
  formula: string;
}

const sq = (t: number) => t * t;
export const RIDGE_PARTS: Record<Target2Name, RidgePart[]> = {
  product: [
    { w: [1, 1], scale: 0.25, f: sq, formula: '(x1 + x2)²' },
    { w: [1, -1], scale: -0.25, f: sq, formula: '(x1 − x2)²' },
  ],
  saddle: [
    { w: [1, 0], scale: 1, f: sq, formula: 'x1²' },
    { w: [0, 1], scale: -1, f: sq, formula: 'x2²' },
  ],
  bowl: [
    { w: [1, 0], scale: 1, f: sq, formula: 'x1²' },
    { w: [0, 1], scale: 1, f: sq, formula: 'x2²' },
  ],
  'sin-sum': [{ w: [1, 1], scale: 1, f: Math.sin, formula: 'sin(x1 + x2)' }],
  ridge: [{ w: [1, -2], scale: 0.2, f: sq, formula: '(x1 − 2·x2)²' }],
};

/** The range of w·x over the rectangle. */
export function rangeAlong(w: readonly [number, number], domain: Domain2): [number, number] {
  const [[lo1, hi1], [lo2, hi2]] = domain;
  const lo = Math.min(w[0] * lo1, w[0] * hi1) + Math.min(w[1] * lo2, w[1] * hi2);
  const hi = Math.max(w[0] * lo1, w[0] * hi1) + Math.max(w[1] * lo2, w[1] * hi2);
  return [lo, hi];
}

export interface Construction {
  /** 'h2 sums' or 'best 8'. */
  name: string;
  kind: SquareKind;
  width: number;
  /** The one-input network for each part and the range it was fitted on. */
  parts: { part: RidgePart; network: Network; range: [number, number] }[];
  net: Net;
}

/** Σ scale·network(w·x) as one two-input ReLU layer. */
export function ridgeNet(parts: { part: RidgePart; network: Network }[]): Net {
  const W: number[][] = [];
  const b: number[] = [];
  const out: number[] = [];
  let d = 0;
  for (const { part, network } of parts) {
    network.a.forEach((a, i) => {
      W.push([a * part.w[0], a * part.w[1]]);
      b.push(network.b[i]);
      out.push(part.scale * network.c[i]);
    });
    d += part.scale * network.d;
  }
  return { inputs: 2, layers: [{ activation: 'relu', W, b }], output: { w: out, d } };
}

/** Each part as the interpolant at 2k + 1 even nodes over its range, 2k units arranged as hₖ (for squares: stretched hₖ). */
export function constructionHk(target: Target2Name, k: number, domain: Domain2): Construction {
  const parts = RIDGE_PARTS[target].map((part) => {
    const range = rangeAlong(part.w, domain);
    const { terms, d } = interpolant(part.f, Array.from(axis(range[0], range[1], 2 * k + 1)));
    return { part, network: termsToNetwork(terms, d), range };
  });
  return { name: `h${k} sums`, kind: 'hk', width: parts.length * 2 * k, parts, net: ridgeNet(parts) };
}

/** For m = 1 … maxPerPart units per part: each part the best one-input network of width m on `samples` points of its range. */
export function constructionBest(target: Target2Name, maxPerPart: number, domain: Domain2, samples: number): Construction[] {
  const curves = RIDGE_PARTS[target].map((part) => {
    const range = rangeAlong(part.w, domain);
    const xs = axis(range[0], range[1], samples);
    return { part, range, curve: optimumCurve(xs, xs.map(part.f), range, maxPerPart) };
  });
  return Array.from({ length: maxPerPart }, (_, i) => {
    const parts = curves.map((c) => ({ part: c.part, network: c.curve[i].network, range: c.range }));
    return { name: `best ${parts.length * (i + 1)}`, kind: 'best' as const, width: parts.length * (i + 1), parts, net: ridgeNet(parts) };
  });
}
