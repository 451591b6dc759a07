// tidyNetwork: the same function, units sorted by knot with |a| = 1.
import { describe, expect, it } from 'vitest';
import { predict } from '../../src/math/hinges.js';
import { tidyNetwork } from '../../src/math/tidy.js';

describe('tidyNetwork', () => {
  it('keeps the function, sorts knots and normalises |a|', () => {
    const net = { a: [-2, 0.5, 3, 0], b: [1, 0.25, -3, 0.7], c: [1.5, -2, 0.25, 4], d: 0.3 };
    const t = tidyNetwork(net);
    const xs = Float64Array.from({ length: 61 }, (_, i) => -3 + i / 10);
    const before = predict(net, xs);
    const after = predict(t, xs);
    after.forEach((v, i) => expect(v).toBeCloseTo(before[i], 12));
    expect(t.a.slice(0, 3).map(Math.abs)).toEqual([1, 1, 1]);
    const knots = t.a.slice(0, 3).map((a, i) => -t.b[i] / a);
    expect(knots).toEqual([...knots].sort((p, q) => p - q));
    expect(t.a[3]).toBe(0);
  });
});
