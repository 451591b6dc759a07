// The answer's hand-built sums h1, h2, ..., hₖ and, for any target, the piecewise-linear
// interpolant through evenly spaced nodes written as ReLU terms in the same arrangement.
// Pure: no TF.js, no I/O.
import type { Term } from './hinges.js';

export interface HandBuilt {
  /** 'h2', ... */
  name: string;
  k: number;
  terms: Term[];
  d: number;
  /** Where the sum equals the target. */
  nodes: number[];
}

/**
 * hₖ(x) = |x| + Σ_{j=1}^{k−1} 2·(g(x − j) + g(−x − j)), as in the answer's R code: h1 = |x| and
 * h2 = h1 + g(2x − 2) + g(−2x − 2). It interpolates x² at the integers −k…k.
 */
export function hk(k: number): HandBuilt {
  const terms: Term[] = [
    { knot: 0, direction: 'right', slopeChange: 1 },
    { knot: 0, direction: 'left', slopeChange: 1 },
  ];
  for (let j = 1; j < k; j++) {
    terms.push({ knot: j, direction: 'right', slopeChange: 2 }, { knot: -j, direction: 'left', slopeChange: 2 });
  }
  return { name: `h${k}`, k, terms: sortTerms(terms), d: 0, nodes: range(-k, k) };
}

/**
 * The piecewise-linear interpolant of f through nodes x₀ < … < x₂ₖ, as 2k ReLU terms arranged
 * like hₖ: from the centre node x_k, k right-facing units at x_k … x₂ₖ₋₁ and k left-facing units
 * at x_k … x₁. Beyond the outer nodes it continues the end pieces' lines, as hₖ does.
 */
export function interpolant(f: (x: number) => number, nodes: number[]): { terms: Term[]; d: number } {
  if (nodes.length < 3 || nodes.length % 2 === 0) throw new Error(`interpolant needs an odd number ≥ 3 of nodes, got ${nodes.length}`);
  const k = (nodes.length - 1) / 2;
  const ys = nodes.map(f);
  const slope = (j: number) => (ys[j + 1] - ys[j]) / (nodes[j + 1] - nodes[j]);
  const terms: Term[] = [
    { knot: nodes[k], direction: 'right', slopeChange: slope(k) },
    { knot: nodes[k], direction: 'left', slopeChange: -slope(k - 1) },
  ];
  for (let j = k + 1; j < 2 * k; j++) terms.push({ knot: nodes[j], direction: 'right', slopeChange: slope(j) - slope(j - 1) });
  for (let j = k - 1; j >= 1; j--) terms.push({ knot: nodes[j], direction: 'left', slopeChange: slope(j) - slope(j - 1) });
  return { terms: sortTerms(terms), d: ys[k] };
}

/** The largest k whose interior knots (centre ± (k − 1), unit spacing as in the answer) lie inside the open domain. */
export function maxK(domain: readonly [number, number]): number {
  return Math.max(1, Math.ceil((domain[1] - domain[0]) / 2));
}

/** Nodes centre + j for j = −k…k: the answer's integers when the domain is centred at 0. */
export function nodesFor(k: number, domain: readonly [number, number]): number[] {
  const centre = (domain[0] + domain[1]) / 2;
  return range(-k, k).map((j) => centre + j);
}

/** The hand-built comparator hK for a target: the interpolant at unit-spaced nodes around the domain's centre. */
export function handBuilt(k: number, f: (x: number) => number, domain: readonly [number, number]): HandBuilt {
  const nodes = nodesFor(k, domain);
  const { terms, d } = interpolant(f, nodes);
  return { name: `h${k}`, k, terms, d, nodes };
}

/** The k of `--compare auto`: as many units as the network (2k ≈ width), within what the domain fits. */
export function autoK(width: number, domain: readonly [number, number]): number {
  return Math.min(Math.max(1, Math.floor(width / 2)), maxK(domain));
}

/** The one parser of `hK` names (flags, config files, runs): 'h3' -> 3; null for anything else (h0, h03, hx). */
export function parseK(name: string): number | null {
  const m = /^h([1-9][0-9]*)$/.exec(name);
  return m ? Number(m[1]) : null;
}

function sortTerms(terms: Term[]): Term[] {
  return [...terms].sort((p, q) => p.knot - q.knot || (p.direction === q.direction ? 0 : p.direction === 'left' ? -1 : 1));
}

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}
