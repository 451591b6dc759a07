import { describe, expect, it } from 'vitest';
import { TARGETS, TARGET_NAMES, grid, sample } from '../../src/math/targets.js';

describe('targets', () => {
  it('has the four named targets with their formulas', () => {
    expect(TARGET_NAMES).toEqual(expect.arrayContaining(['square', 'sin', 'cube', 'abs']));
    expect(TARGETS.square.f(-3)).toBe(9);
    expect(TARGETS.cube.f(-2)).toBe(-8);
    expect(TARGETS.abs.f(-1.5)).toBe(1.5);
    expect(TARGETS.sin.f(Math.PI / 2)).toBeCloseTo(1, 15);
    expect(TARGETS.square.formula).toBe('x²');
  });

  it("samples like R's seq(-3, 3, length.out = 1000): both ends, equal steps", () => {
    const xs = grid([-3, 3], 1000);
    expect(xs.length).toBe(1000);
    expect(xs[0]).toBe(-3);
    expect(xs[999]).toBe(3);
    for (let i = 1; i < 1000; i++) expect(xs[i] - xs[i - 1]).toBeCloseTo(6 / 999, 12);
    // R: seq(-3, 3, length.out = 1000)[500] = -0.003003003003003
    expect(xs[499]).toBeCloseTo(-0.003003003003003, 13);
  });

  it('evaluates a target on the grid', () => {
    const xs = grid([0, 2], 3);
    expect(Array.from(sample('square', xs))).toEqual([0, 1, 4]);
  });
});
