// Test-side readings of a network as hinge terms and back: independent routes that the tests of
// hinges, hand-built sums and saved models compare the library's own readings against.
import { relu, type Hinge, type Network, type Term } from '../../src/math/hinges.js';

/** A network whose units are the given terms (|a| = 1), so hand-built sums run through the same code as learned ones. */
export function termsToNetwork(terms: Term[], d: number): Network {
  const s = terms.map((t) => (t.direction === 'right' ? 1 : -1));
  return { a: s, b: terms.map((t, i) => -s[i] * t.knot), c: terms.map((t) => t.slopeChange), d };
}

/** The terms of a network's hinges, with constant units folded into the offset. */
export function termsOf(hs: Hinge[], d: number): { terms: Term[]; d: number } {
  const terms: Term[] = [];
  for (const h of hs) {
    if (h.knot === null) d += h.c * relu(h.b);
    else terms.push({ knot: h.knot, direction: h.direction as 'right' | 'left', slopeChange: h.slopeChange });
  }
  return { terms, d };
}
