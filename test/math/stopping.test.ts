import { describe, expect, it } from 'vitest';
import { PLATEAU_TOLERANCE, decayEpochs, decayedFactor, lagging, observe, plateauStart, raceLosers, type StopRule } from '../../src/math/stopping.js';

const rule: StopRule = { stop: 'plateau', patience: 10 };
const feed = (losses: number[], r = rule) => losses.reduce((s, l, i) => observe(s, i + 1, l, r), plateauStart());

describe('plateau rule', () => {
  it('declares the plateau `patience` epochs after the last gain of PLATEAU_TOLERANCE, not before', () => {
    const falling = Array.from({ length: 50 }, (_, i) => 0.9 ** i);
    expect(feed(falling).plateauAt).toBeNull();
    const flat = [1, 0.5, ...Array(20).fill(0.5 * (1 - PLATEAU_TOLERANCE / 2))];
    expect(feed(flat).plateauAt).toBe(12); // last gain at epoch 2, patience 10
    expect(feed(flat.slice(0, 11)).plateauAt).toBeNull();
  });

  it('ignores spikes and non-finite losses, and never fires with stop off', () => {
    const spiky = [1, 0.5, 5, 0.49, 9, NaN, 0.3];
    expect(feed(spiky)).toEqual({ mark: 0.3, markEpoch: 7, plateauAt: null });
    expect(feed(Array(100).fill(1), { stop: 'off', patience: 1 }).plateauAt).toBeNull();
  });

  it('decays the rate from its value at the plateau to 0 over the decay phase, then says stop', () => {
    const base = (e: number) => 1 - e / 1000;
    expect(decayedFactor(base, 5, null, rule)).toBe(base(5));
    const at = 40;
    const D = decayEpochs(rule, at);
    expect(D).toBe(Math.max(rule.patience, 20));
    expect(decayedFactor(base, at, at, rule)).toBe(base(at));
    let prev = base(at);
    for (let e = at + 1; e <= at + D; e++) {
      const f = decayedFactor(base, e, at, rule)!;
      expect(f).toBeLessThan(prev);
      expect(f).toBeGreaterThan(0);
      prev = f;
    }
    expect(prev).toBeLessThan(0.02 * base(at));
    expect(decayedFactor(base, at + D + 1, at, rule)).toBeNull();
  });

  it('drops restarts far behind their best sibling after one patience, never the best', () => {
    expect(lagging([1, 1.5, 3, NaN], 10, rule)).toEqual([2]);
    expect(lagging([1, 1.5, 3], 9, rule)).toEqual([]);
    expect(lagging([3], 100, rule)).toEqual([]);
    expect(lagging([1, 3], 100, { stop: 'off', patience: 10 })).toEqual([]);
  });

  it('the race keeps the best half of a group by score, ties to the earlier restart, non-finite last', () => {
    expect(raceLosers([1.3, 1.1, 1.2, 1.0, 1.4, 1.1])).toEqual([0, 2, 4]); // 1.1 at 1 and 5 tie: both kept (ranks 2 and 3)
    expect(raceLosers([1.2, NaN, 1.0, 1.1, 1.3])).toEqual([1, 4]); // ⌈5/2⌉ = 3 kept
    expect(raceLosers([1.1, 1.0])).toEqual([]); // two restarts: no race
    expect(raceLosers([Infinity, 2, 1])).toEqual([0]);
  });
});
