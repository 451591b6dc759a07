// minOf/maxOf: the loop that replaces Math.min(...array), which overflows the stack on big grids.
import { describe, expect, it } from 'vitest';
import { maxOf, minOf } from '../../src/math/extent.js';

describe('minOf / maxOf', () => {
  it('agree with Math.min/max on small arrays and handle empty, NaN and typed arrays', () => {
    const v = [3, -2, 7.5, 0];
    expect(minOf(v)).toBe(-2);
    expect(maxOf(v)).toBe(7.5);
    expect(minOf([])).toBe(Infinity);
    expect(maxOf([])).toBe(-Infinity);
    expect(minOf([NaN, 2, 1])).toBe(1);
    expect(maxOf([NaN])).toBeNaN();
    expect(maxOf(new Float64Array([1, 5, 2]))).toBe(5);
  });
  it('take 2e6 values where spreading into Math.min throws RangeError', () => {
    const big = Array.from({ length: 2_000_000 }, (_, i) => i - 1e6);
    expect(() => Math.min(...big)).toThrow(RangeError);
    expect(minOf(big)).toBe(-1e6);
    expect(maxOf(new Float64Array(big))).toBe(1e6 - 1);
  });
});
