import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, ACTIVATION_NAMES } from '../../src/math/activations.js';
import { predict } from '../../src/math/hinges.js';
import { forward, netOf, parameterCount, shallowView, type Net } from '../../src/math/net.js';

describe('the general network', () => {
  const shallow = { a: [1.5, -0.7, 0.2], b: [-1, 0.3, 2], c: [2, -1, 0.5], d: 0.25 };
  const xs = Float64Array.from({ length: 41 }, (_, i) => -3 + (6 * i) / 40);

  it('computes a shallow ReLU network exactly as its {a, b, c, d} view does', () => {
    const y = forward(netOf(shallow), xs);
    const ref = predict(shallow, xs);
    for (let j = 0; j < xs.length; j++) expect(y[j]).toBe(ref[j]);
    expect(shallowView(netOf(shallow))).toEqual(shallow);
  });

  it('composes layers: relu(relu(x) − relu(−x)) is relu(x) and a two-input unit adds its inputs', () => {
    const deep: Net = {
      inputs: 1,
      layers: [
        { activation: 'relu', W: [[1], [-1]], b: [0, 0] },
        { activation: 'relu', W: [[1, -1]], b: [0] },
      ],
      output: { w: [1], d: 0 },
    };
    const y = forward(deep, xs);
    xs.forEach((x, j) => expect(y[j]).toBeCloseTo(Math.max(x, 0), 15));
    expect(shallowView(deep)).toBeNull();
    const plane: Net = { inputs: 2, layers: [{ activation: 'relu', W: [[1, 1]], b: [0] }], output: { w: [2], d: 1 } };
    expect(Array.from(forward(plane, [1, 2, -3, 1]))).toEqual([7, 1]);
  });

  it('counts parameters layer by layer', () => {
    expect(parameterCount(1, [4])).toBe(13); // 3n + 1
    expect(parameterCount(1, [8, 8, 8])).toBe(16 + 72 + 72 + 9);
    expect(parameterCount(2, [5])).toBe(15 + 6);
  });

  it("gives every activation a derivative that matches its central difference", () => {
    const h = 1e-6;
    for (const name of ACTIVATION_NAMES) {
      const { f, df } = ACTIVATIONS[name];
      for (const z of [-2.3, -0.7, 0.4, 1.9]) expect(df(z), `${name} at ${z}`).toBeCloseTo((f(z + h) - f(z - h)) / (2 * h), 6);
    }
  });
});
