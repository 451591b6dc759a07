// Which reading a report uses, and the Taylor reading of smooth units as text: per unit its
// coefficients of 1, x, x², x³ around the domain's centre and its least-squares projection on those
// powers over the grid, then the whole network. Piecewise-linear networks keep their hinge,
// breakpoint and fold readings (text.ts, deep-text.ts, plane.ts). Returns strings; never prints.
import { activation } from '../math/activations.js';
import type { Net } from '../math/net.js';
import { readingKind, smoothReading, type SmoothReading } from '../math/smooth-reading.js';
export { readingKind, type ReadingKind } from '../math/smooth-reading.js';

type Num = (v: number | null | undefined, digits?: number) => string;
type Table = (head: string[], rows: (string | number | null)[][]) => string;

/** Units listed one by one before the table stops (the network row always follows). */
const SHOWN_UNITS = 16;

/** One sentence saying how the report reads the units. */
export function readingLine(net: Net, centre: readonly number[]): string {
  const acts = [...new Set(net.layers.map((l) => l.activation))].join('/');
  switch (readingKind(net)) {
    case 'hinges':
      return 'reading: hinges (ReLU is piecewise linear: each unit bends once, at its knot −b/a)';
    case 'breakpoints':
      return `reading: knots and linear pieces (${acts} is piecewise linear: the network is exactly a sum of straight pieces)`;
    case 'folds':
      return `reading: folds (${acts} is piecewise linear: each unit folds the plane along one line)`;
    case 'taylor':
      return `reading: Taylor coefficients (${acts} is smooth, ${activation(net.layers[0].activation).formula}: each unit expanded in powers of x${net.inputs > 1 ? '1, x2' : ''} around ${centre.length > 1 ? `(${centre.join(', ')})` : `x = ${centre[0]}`}, and projected on those powers over the grid by least squares)`;
  }
}

/** The Taylor reading as a table of units and the network, with what it says in a sentence. */
export function taylorText(reading: SmoothReading, table: Table, prose: (t: string) => string, num: Num): string {
  const m = reading.monomials;
  const shown = reading.units.slice(0, SHOWN_UNITS);
  const rows: (string | number | null)[][] = [];
  for (const u of shown) {
    rows.push([`#${u.unit} Taylor`, ...u.taylor, null]);
    rows.push([`#${u.unit} projection`, ...u.projection, u.unexplained]);
  }
  const n = reading.network;
  if (n.taylor) rows.push(['network Taylor', ...n.taylor, null]);
  rows.push(['network projection', ...n.projection, n.unexplained]);
  const head = ['', ...m, 'unexplained'];
  const more = reading.units.length > SHOWN_UNITS ? `\n(${reading.units.length - SHOWN_UNITS} more units in --json)` : '';
  return [prose(`powers of ${reading.centre.length > 1 ? 'x − centre' : reading.centre[0] === 0 ? 'x' : `(x − ${reading.centre[0]})`} each unit contributes (Taylor at the centre; projection = least squares on the grid; unexplained = share of variance the powers miss):`), table(head, rows) + more, prose(powersSentence(reading, num))].join('\n');
}

/** Which power dominates the network's projection, and how far the units cancel each other. */
function powersSentence(reading: SmoothReading, num: Num): string {
  const p = reading.network.projection;
  const m = reading.monomials;
  let top = 1;
  for (let k = 1; k < p.length; k++) if (Math.abs(p[k]) > Math.abs(p[top])) top = k;
  const out = [`On the grid the network is closest to ${m.map((name, k) => `${k ? (p[k] < 0 ? ' − ' : ' + ') : ''}${num(k ? Math.abs(p[k]) : p[k], 3)}${k ? '·' + name : ''}`).join('')} (unexplained share ${num(reading.network.unexplained, 3)}); its largest power term is ${m[top]}.`];
  const units = reading.units;
  if (units.length > 1) {
    const sumAbs = units.reduce((s, u) => s + Math.abs(u.projection[top]), 0);
    if (sumAbs > 0 && Math.abs(p[top]) > 0) out.push(`The units' ${m[top]} terms add up to ${num(p[top], 3)} from a total size of ${num(sumAbs, 3)}${sumAbs > 10 * Math.abs(p[top]) ? ': they mostly cancel, large terms of opposite sign' : ''}.`);
  }
  return out.join(' ');
}

/** The reading of a run's network on its grid (one input), for the text report. */
export function runTaylorText(net: Net, xs: Float64Array, domain: readonly [number, number], table: Table, prose: (t: string) => string, num: Num): string {
  return taylorText(smoothReading(net, xs, [(domain[0] + domain[1]) / 2]), table, prose, num);
}
