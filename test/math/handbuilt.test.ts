import { describe, expect, it } from 'vitest';
import { autoK, handBuilt, hk, interpolant, maxK, nodesFor, parseK } from '../../src/math/handbuilt.js';
import { evalTerms, type Term } from '../../src/math/hinges.js';
import { grid } from '../../src/math/targets.js';

/**
 * The answer's prose writes h2 = g(x) + g(−x) + g(2x − 2) + g(−2x + 2). Its last term is
 * 2·g(1 − x), a left-facing hinge at +1 rather than at −1, so this sum is |x| + 2·|x − 1| and
 * misses x² badly (2 at x = 0). Kept only so a test can pin the typo.
 */
function proseH2(): { terms: Term[]; d: number } {
  return {
    terms: [
      { knot: 0, direction: 'right', slopeChange: 1 },
      { knot: 0, direction: 'left', slopeChange: 1 },
      { knot: 1, direction: 'right', slopeChange: 2 },
      { knot: 1, direction: 'left', slopeChange: 2 },
    ],
    d: 0,
  };
}

const g = (z: number) => Math.max(z, 0);
const square = (x: number) => x * x;
const xs = grid([-3, 3], 1000);

describe('hand-built sums', () => {
  it('h1 is g(x) + g(−x) = |x|', () => {
    const h1 = hk(1);
    const ys = evalTerms(h1.terms, h1.d, xs);
    xs.forEach((x, j) => expect(ys[j]).toBeCloseTo(g(x) + g(-x), 14));
    xs.forEach((x, j) => expect(ys[j]).toBeCloseTo(Math.abs(x), 14));
  });

  it("h2 is the answer's R code: h1 + g(2x − 2) + g(−2x − 2)", () => {
    const h2 = hk(2);
    const ys = evalTerms(h2.terms, h2.d, xs);
    xs.forEach((x, j) => expect(ys[j]).toBeCloseTo(g(x) + g(-x) + g(2 * x - 2) + g(-2 * x - 2), 12));
    const at = (x: number) => evalTerms(h2.terms, h2.d, [x])[0];
    expect([at(-2), at(-1), at(0), at(1), at(2)]).toEqual([4, 1, 0, 1, 4]);
    expect(at(3)).toBe(7);
    expect(at(-3)).toBe(7);
  });

  it("pins the prose's typo: g(−2x + 2) makes |x| + 2|x − 1|, which is 2 at x = 0", () => {
    const { terms, d } = proseH2();
    const at = (x: number) => evalTerms(terms, d, [x])[0];
    expect(at(0)).toBe(2);
    xs.forEach((x) => expect(at(x)).toBeCloseTo(g(x) + g(-x) + g(2 * x - 2) + g(-2 * x + 2), 12));
    xs.forEach((x) => expect(at(x)).toBeCloseTo(Math.abs(x) + 2 * Math.abs(x - 1), 12));
  });

  it('hₖ interpolates x² at the integers −k…k', () => {
    for (let k = 1; k <= 6; k++) {
      const h = hk(k);
      for (let i = -k; i <= k; i++) expect(evalTerms(h.terms, h.d, [i])[0]).toBeCloseTo(i * i, 12);
    }
  });

  it('the interpolant of x² at the integers equals hₖ term by term', () => {
    for (let k = 1; k <= 5; k++) {
      const nodes = Array.from({ length: 2 * k + 1 }, (_, i) => i - k);
      const it = interpolant(square, nodes);
      expect(it.d).toBe(0);
      expect(it.terms).toEqual(hk(k).terms);
    }
  });

  it('the interpolant of any target hits it at every node, with 2k units', () => {
    for (const f of [Math.sin, (x: number) => x ** 3, Math.exp]) {
      const nodes = [-2.5, -1.7, -0.2, 0.4, 1.1, 2, 2.9];
      const { terms, d } = interpolant(f, nodes);
      expect(terms).toHaveLength(6);
      for (const x of nodes) expect(evalTerms(terms, d, [x])[0]).toBeCloseTo(f(x), 12);
    }
  });

  it('centres the nodes in the domain with unit spacing; k must fit the domain', () => {
    expect(nodesFor(2, [-3, 3])).toEqual([-2, -1, 0, 1, 2]);
    expect(nodesFor(1, [0, 4])).toEqual([1, 2, 3]);
    expect(maxK([-3, 3])).toBe(3);
    expect(maxK([-2.5, 2.5])).toBe(3);
    expect(maxK([0, 1])).toBe(1);
    expect(handBuilt(2, square, [-3, 3]).terms).toEqual(hk(2).terms);
  });

  it('picks the sum with as many units as the network for --compare auto, and parses hK', () => {
    expect(autoK(4, [-3, 3])).toBe(2);
    expect(autoK(1, [-3, 3])).toBe(1);
    expect(autoK(32, [-3, 3])).toBe(3);
    expect(parseK('h3')).toBe(3);
    expect(parseK('h0')).toBeNull();
    expect(parseK('hx')).toBeNull();
  });
});
