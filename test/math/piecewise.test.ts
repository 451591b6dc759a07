import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hinges, piecewise } from '../../src/math/hinges.js';
import { termsOf } from './terms.js';
import { forward, netOf, type Net } from '../../src/math/net.js';
import { evaluateForm, knotsOf, pieceBound, piecewiseForm } from '../../src/math/piecewise.js';
import { grid } from '../../src/math/targets.js';
import { randomNet } from './random-nets.js';

const domain = [-3, 3] as const;
const xs = grid(domain, 1000);

describe('the piecewise-linear form of a one-input net', () => {
  const shapes: number[][] = [[1], [5], [8, 8], [3, 7, 2], [6, 6, 6, 6], [16, 4, 16], [2, 2, 2, 2, 2, 2, 2, 2]];
  for (const hidden of shapes) {
    for (const act of ['relu', 'leaky-relu', 'abs'] as const) {
      it(`reproduces forward() at every grid point to 1e-9: ${act} ${hidden.join(',')}`, () => {
        for (let seed = 1; seed <= 6; seed++) {
          const net = randomNet(seed * 31 + hidden.length, hidden, act);
          const form = piecewiseForm(net, domain);
          const ref = forward(net, xs);
          const got = evaluateForm(form, xs);
          for (let j = 0; j < xs.length; j++) expect(Math.abs(got[j] - ref[j])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref[j])));
          expect(form.pieces).toBeLessThanOrEqual(form.bound);
          expect(form.bound).toBe(pieceBound(hidden));
          // The cells tile the domain, and every breakpoint is a kink of a named unit.
          expect(form.cells[0].from).toBe(-3);
          expect(form.cells.at(-1)!.to).toBe(3);
          for (let k = 1; k < form.cells.length; k++) expect(form.cells[k].from).toBe(form.cells[k - 1].to);
          for (const b of form.breakpoints) {
            expect(b.sources.length).toBeGreaterThan(0);
            for (const s of b.sources) {
              // The named unit's pre-activation is zero there (checked with forward's own z).
              const keep = { z: [] as Float64Array[] };
              forward(net, [b.x], keep);
              expect(Math.abs(keep.z[s.layer][s.unit])).toBeLessThan(1e-9 * Math.max(1, ...Array.from(keep.z[s.layer], Math.abs)));
            }
          }
        }
      });
    }
  }

  it('stays exact when many kinks coincide: small integer weights and half-integer biases (fast-check)', () => {
    const layer = (fanIn: number) =>
      fc.integer({ min: 1, max: 4 }).chain((width) =>
        fc.record({
          activation: fc.constantFrom('relu' as const, 'abs' as const, 'leaky-relu' as const),
          W: fc.array(fc.array(fc.integer({ min: -2, max: 2 }), { minLength: fanIn, maxLength: fanIn }), { minLength: width, maxLength: width }),
          b: fc.array(fc.integer({ min: -4, max: 4 }).map((k) => k / 2), { minLength: width, maxLength: width }),
        }),
      );
    const netArb = layer(1).chain((l1) =>
      layer(l1.b.length).chain((l2) =>
        layer(l2.b.length).chain((l3) => fc.array(fc.integer({ min: -3, max: 3 }), { minLength: l3.b.length, maxLength: l3.b.length }).map((w): Net => ({ inputs: 1, layers: [l1, l2, l3], output: { w, d: 0.5 } }))),
      ),
    );
    const probe = grid(domain, 241); // hits every multiple of 1/40, so every half-integer kink
    fc.assert(
      fc.property(netArb, (net) => {
        const form = piecewiseForm(net, domain);
        const ref = forward(net, probe);
        const got = evaluateForm(form, probe);
        for (let j = 0; j < probe.length; j++) if (Math.abs(got[j] - ref[j]) > 1e-9 * Math.max(1, Math.abs(ref[j]))) return false;
        return form.pieces <= form.bound && form.breakpoints.every((b) => b.sources.length > 0);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('agrees with the hinge reading on shallow ReLU nets: same knots, same slopes', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const net = randomNet(seed, [7]);
      const form = piecewiseForm(net, domain);
      const shallow = { a: net.layers[0].W.map((r) => r[0]), b: net.layers[0].b, c: net.output.w, d: net.output.d };
      const { terms, d } = termsOf(hinges(shallow, xs), shallow.d);
      const ref = piecewise(terms, d, domain);
      const knots = knotsOf(form);
      expect(knots.map((b) => b.x)).toHaveLength(ref.knots.length);
      knots.forEach((b, k) => {
        expect(b.x).toBeCloseTo(ref.knots[k], 12);
        expect(b.slopeLeft).toBeCloseTo(ref.slopes[k], 10);
        expect(b.slopeRight).toBeCloseTo(ref.slopes[k + 1], 10);
      });
      expect(form.pieces).toBe(ref.knots.length + 1);
    }
  });

  it('names the layer and unit of each kink, merges coinciding kinks, and counts dead and linear units', () => {
    // Layer 0: relu(x), relu(−x), relu(x − 5) (dead on [-3, 3]), relu(x + 4) (linear).
    // Layer 1: relu(relu(x) + relu(−x) − 1) = relu(|x| − 1): kinks at ±1; the second unit also kinks at 1.
    const net: Net = {
      inputs: 1,
      layers: [
        { activation: 'relu', W: [[1], [-1], [1], [1]], b: [0, 0, -5, 4] },
        { activation: 'relu', W: [[1, 1, 0, 0], [1, 0, 0, 0]], b: [-1, -1] },
      ],
      output: { w: [1, 1], d: 0 },
    };
    const form = piecewiseForm(net, domain);
    expect(form.breakpoints.map((b) => b.x)).toEqual([-1, 0, 1]);
    expect(form.breakpoints[0].sources).toEqual([{ layer: 1, unit: 0 }]);
    expect(form.breakpoints[1].sources).toEqual([{ layer: 0, unit: 0 }, { layer: 0, unit: 1 }]);
    expect(form.breakpoints[2].sources).toEqual([{ layer: 1, unit: 0 }, { layer: 1, unit: 1 }]);
    // x = 0 is a kink of layer 0 that layer 1 does not pass on (both sides have slope 0).
    expect(form.breakpoints[1].slopeLeft).toBe(0);
    expect(form.breakpoints[1].slopeRight).toBe(0);
    expect(form.cells.map((c) => c.slope)).toEqual([-1, 0, 0, 2]);
    expect(form.pieces).toBe(3);
    expect(form.layers).toEqual([
      { width: 4, dead: [2], linear: [3] },
      { width: 2, dead: [], linear: [] },
    ]);
    expect(form.bound).toBe(15);
  });

  it('reaches the bound ∏(n_l + 1) only for nets built to fold: the 3-fold tent map has 2³ pieces, not 3³', () => {
    // g(t) = relu(2t) − relu(4t − 2): each layer's two units read the previous layer's g as h₀ − h₁.
    const tent = { activation: 'relu' as const, W: [[2], [4]], b: [0, -2] };
    const next = { activation: 'relu' as const, W: [[2, -2], [4, -4]], b: [0, -2] };
    const net: Net = { inputs: 1, layers: [tent, next, next], output: { w: [1, -1], d: 0 } };
    const form = piecewiseForm(net, [0, 1]);
    expect(form.pieces).toBe(8);
    expect(form.bound).toBe(27);
  });

  it('a shallow net: the form of netOf agrees with forward on a wider domain too', () => {
    const net = netOf({ a: [1, -2, 0, 0.5], b: [0.5, 1, 3, -4], c: [1, 2, 3, 4], d: -1 });
    const form = piecewiseForm(net, [-10, 10]);
    const wide = grid([-10, 10], 301);
    const ref = forward(net, wide);
    evaluateForm(form, wide).forEach((y, j) => expect(y).toBeCloseTo(ref[j], 12));
    expect(form.layers[0].linear).toContain(2); // a = 0: constant, never switches
  });
});
