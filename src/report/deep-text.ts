// The parts of a run's text report that differ for networks that are not one hidden ReLU layer
// on one input (deep or other activations): the architecture, the reference optimum (the best
// shallow network with as many parameters), the layers with their dead units, and sentences.
// text.ts calls these where a shallow run has its hinge table. Returns strings; never prints.
import { parameterCount, widths, type Net } from '../math/net.js';
import type { RunRecord } from '../experiment/run.js';
import { activation } from '../math/activations.js';
import { piecewiseForm, type PiecewiseForm } from '../math/piecewise.js';

type Num = (v: number | null | undefined, digits?: number) => string;

/** '8,8,8 ReLU (169 parameters)': the hidden widths, their activations and the parameter count. */
export function architecture(net: Net): string {
  const acts = [...new Set(net.layers.map((l) => l.activation))];
  const actText = acts.length === 1 ? (acts[0] === 'relu' ? 'ReLU' : acts[0]) : net.layers.map((l) => l.activation).join('/');
  return `hidden ${widths(net).join(',')} ${actText} (${parameterCount(net.inputs, widths(net))} parameters${net.inputs > 1 ? `, ${net.inputs} inputs` : ''})`;
}

/** The line naming the shallow optimum a deep run is measured against. */
export function deepOptimumLine(r: RunRecord, num: Num): string {
  const o = r.optimum!;
  const params = 3 * o.hidden + 1;
  return `best shallow network with at most as many parameters (width ${o.hidden}, ${params} parameters): MSE ${num(o.mse)} (max |error| ${num(o.maxAbsError)}); learned / best shallow = ${num(r.ratio, 3)}`;
}

/** The exact piecewise-linear reading where there is one (one input, piecewise-linear activations). */
export function readingOf(r: RunRecord): PiecewiseForm | null {
  const net = r.net;
  if (net.inputs !== 1 || !net.layers.every((l) => activation(l.activation).piecewiseLinear)) return null;
  return piecewiseForm(net, r.config.domain);
}

/** Breakpoints listed in the report before '…'. */
const SHOWN_BREAKPOINTS = 12;

/** One row per layer (width, activation, dead and never-switching units), then the linear pieces and breakpoints. */
export function layersTable(r: RunRecord, table: (head: string[], rows: (string | number | null)[][]) => string, num: Num): string {
  const form = readingOf(r);
  const rows = r.net.layers.map((l, i) => [
    String(i + 1),
    String(l.b.length),
    l.activation,
    String(r.deadPerLayer[i] ?? 0),
    form ? String(form.layers[i].linear.length) : '—',
  ]);
  const lines = [table(['layer', 'width', 'activation', 'dead units', 'never switch'], rows), `output: ${r.net.output.w.length} weights, bias ${num(r.net.output.d)}`];
  if (form) {
    const xs = form.breakpoints.map((b) => num(b.x, 3));
    lines.push(
      `linear pieces on [${form.domain.join(', ')}]: ${form.pieces} (at most ${form.bound} for these widths, ∏(n+1)); ${form.breakpoints.length} breakpoints${xs.length ? ` at x = ${xs.slice(0, SHOWN_BREAKPOINTS).join(', ')}${xs.length > SHOWN_BREAKPOINTS ? ', …' : ''}` : ''}`,
    );
  }
  return lines.join('\n');
}

export function deepSentences(r: RunRecord, num: Num): string {
  if (r.status !== 'ok') return '';
  const out: string[] = [];
  const units = widths(r.net).reduce((s, w) => s + w, 0);
  out.push(`The network has ${r.net.layers.length} hidden layer${r.net.layers.length > 1 ? 's' : ''}, ${units} units in all.`);
  if (r.deadUnits) out.push(`${r.deadUnits} of them ${r.deadUnits > 1 ? 'are' : 'is'} dead (silent on every grid point: no gradient, no contribution), by layer ${r.deadPerLayer.join(', ')}.`);
  if (r.comparison) {
    const hb = r.comparison.functions.handbuilt.mse;
    const lr = r.comparison.functions.learned.mse;
    out.push(lr < hb ? `Its MSE is ${num(hb / lr, 3)}× lower than ${r.comparison.handbuilt.name}'s (${num(lr)} vs ${num(hb)}).` : `Its MSE is ${num(lr / hb, 3)}× that of ${r.comparison.handbuilt.name} (${num(lr)} vs ${num(hb)}).`);
  }
  if (r.ratio !== null && r.optimum) {
    out.push(
      r.ratio < 1
        ? `It beats the best one-hidden-layer network with as many parameters (width ${r.optimum.hidden}) by ${num(1 / r.ratio, 3)}×: here depth paid.`
        : `The best one-hidden-layer network with as many parameters (width ${r.optimum.hidden}) reaches ${num(r.optimum.mse)}, ${num(r.ratio, 3)}× lower: training did not make depth pay.`,
    );
  }
  return out.join(' ');
}
