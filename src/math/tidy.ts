// A one-layer network in its tidy form: each unit scaled so |a| = 1 (relu(a·x + b)·c equals
// relu(x·a/|a| + b/|a|)·c·|a|, so the function is unchanged) and the units sorted by knot −b/a,
// as a trained network is read. Units with a = 0 (constants) go last, in their order.
import type { Network } from './hinges.js';

export function tidyNetwork(net: Network): Network {
  const units = net.a.map((a, i) => {
    const s = Math.abs(a);
    return s > 0 ? { a: a / s, b: net.b[i] / s, c: net.c[i] * s, knot: -net.b[i] / a } : { a, b: net.b[i], c: net.c[i], knot: Infinity };
  });
  units.sort((p, q) => (p.knot === q.knot ? 0 : p.knot - q.knot)); // constants (Infinity) keep their order
  return { a: units.map((u) => u.a), b: units.map((u) => u.b), c: units.map((u) => u.c), d: net.d };
}
