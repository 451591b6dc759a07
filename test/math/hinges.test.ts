import { describe, expect, it } from 'vitest';
import { evalTerms, hinges, piecewise, predict, type Network } from '../../src/math/hinges.js';
import { termsOf, termsToNetwork } from './terms.js';
import { grid } from '../../src/math/targets.js';

const xs = grid([-3, 3], 1001);
const net: Network = {
  a: [1.5, -2, 0.5, 3, 0, -1],
  b: [-1.5, -1, 4, 12, 2, -10],
  c: [2, 0.5, -1, 0.25, 3, 7],
  d: 0.3,
};

describe('hinges', () => {
  it('rewrites each unit as w·relu(s·(x − k)) with k = −b/a, s = sign(a), w = c·|a|', () => {
    const hs = hinges(net, xs);
    expect(hs[0]).toMatchObject({ unit: 0, knot: 1, direction: 'right', slopeChange: 3, kind: 'hinge' });
    expect(hs[1]).toMatchObject({ knot: -0.5, direction: 'left', slopeChange: 1, kind: 'hinge' });
  });

  it('classifies units on the grid: linear (active everywhere), dead (active nowhere), constant (a = 0)', () => {
    const kinds = hinges(net, xs).map((h) => h.kind);
    expect(kinds).toEqual(['hinge', 'hinge', 'linear', 'linear', 'constant', 'dead']);
  });

  it('rebuilds the network output exactly from its terms', () => {
    const { terms, d } = termsOf(hinges(net, xs), net.d);
    const direct = predict(net, xs);
    const rebuilt = evalTerms(terms, d, xs);
    for (let j = 0; j < xs.length; j++) expect(rebuilt[j]).toBeCloseTo(direct[j], 12);
    const back = predict(termsToNetwork(terms, d), xs);
    for (let j = 0; j < xs.length; j++) expect(back[j]).toBeCloseTo(direct[j], 12);
  });

  it('derives the piecewise-linear function: sorted knots, piece slopes, values at the knots', () => {
    const { terms, d } = termsOf(hinges(net, xs), net.d);
    const pw = piecewise(terms, d, [-3, 3]);
    expect(pw.knots).toEqual([-0.5, 1]);
    // slopes from finite differences of the network itself, in the middle of each piece
    const mids = [-2, 0.25, 2];
    pw.slopes.forEach((s, i) => {
      const [y0, y1] = predict(net, [mids[i] - 1e-4, mids[i] + 1e-4]);
      expect(s).toBeCloseTo((y1 - y0) / 2e-4, 6);
    });
    pw.values.forEach((v, i) => expect(v).toBeCloseTo(predict(net, [pw.knots[i]])[0], 12));
  });
});
