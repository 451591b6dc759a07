// Random one-input nets for the tests of the readings and the TF.js forward pass.
import type { ActivationName } from '../../src/math/activations.js';
import type { Net } from '../../src/math/net.js';
import { rng, uniform } from '../../src/math/rng.js';

/** He-like scale so deep nets neither vanish nor blow up; biases spread so units kink inside [-3, 3]. */
export function randomNet(seed: number, hidden: number[], act: ActivationName | ActivationName[] = 'relu'): Net {
  const next = rng(seed);
  let fanIn = 1;
  const layers = hidden.map((width, l) => {
    const scale = Math.sqrt(6 / fanIn);
    const layer = {
      activation: Array.isArray(act) ? act[l % act.length] : act,
      W: Array.from({ length: width }, () => Array.from({ length: fanIn }, () => uniform(next, -scale, scale))),
      b: Array.from({ length: width }, () => uniform(next, -2, 2)),
    };
    fanIn = width;
    return layer;
  });
  return { inputs: 1, layers, output: { w: Array.from({ length: fanIn }, () => uniform(next, -1, 1)), d: uniform(next, -1, 1) } };
}
