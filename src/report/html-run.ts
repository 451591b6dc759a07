// A run's report page, one function per section: settings, fit (with the hinge table tied to it),
// pointwise loss, learned vs hand-built knots, training curve, and the terminal report's sentences.
// A section that does not apply returns null (a diverged run has no fit; a record without a
// one-hidden-layer `network`, as deep runs will be, shows only what its record holds).
import type { HandBuilt } from '../math/handbuilt.js';
import { predict } from '../math/hinges.js';
import type { RunRecord } from '../experiment/run.js';
import { comparatorOf, gridOf, type GridData } from '../experiment/grid.js';
import { CHART_WIDTH, ROLES, fitSpec, lineSpec, styled, thinRows, type Role, type Row } from './html-charts.js';
import { chartHtml, esc, pageHtml, tableHtml, type Section } from './html.js';
import { errors, header, num, sentences } from './text.js';
import { runCurves } from './views.js';
import { readingSection } from './html-reading.js';

export interface RunInput {
  record: RunRecord;
  /** The sampled target (null when the record's target cannot be sampled here). */
  data: GridData | null;
  hb: HandBuilt | null;
  /** Where the record came from, shown on the page. */
  source: string;
}

/** The page's inputs from a record: its grid and hand-built sum, when this version can make them. */
export function runInput(record: RunRecord, source: string): RunInput {
  const attempt = <T>(f: () => T): T | null => {
    try {
      return f();
    } catch {
      return null; // e.g. a target or comparison a later version added: show what applies
    }
  };
  return { record, source, data: attempt(() => gridOf(record.config)), hb: record.status === 'ok' ? attempt(() => comparatorOf(record.config)) : null };
}

const n = (v: number | null | undefined, d = 4): string => esc(num(v, d));
const hasNetwork = (r: RunRecord): boolean => Boolean(r.network && Array.isArray(r.network.a) && Array.isArray(r.hinges));
const learnedName = (r: RunRecord) => `learned, width ${r.config.hidden}`;

export function settingsSection(inp: RunInput): Section {
  const r = inp.record;
  const cfg = Object.entries(r.config ?? {}).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : v)}</dd>`);
  const restarts = r.restarts?.losses?.length > 1 ? `<p>Best of ${r.restarts.losses.length} restarts: restart ${r.restarts.best + 1} won (final losses ${r.restarts.losses.map((l) => n(l)).join(', ')}).</p>` : '';
  return {
    id: 'settings',
    title: 'Settings',
    html: `<pre>${esc(header(r))}\n${esc(errors(r))}</pre>
<dl class="settings"><dt>backend used</dt><dd>${esc(r.backend)}</dd><dt>seed</dt><dd>${esc(r.seed)}</dd><dt>tool</dt><dd>${esc(r.tool)}</dd><dt>training time</dt><dd>${esc(r.seconds?.toFixed?.(2) ?? '—')} s</dd><dt>record</dt><dd>${esc(inp.source)}</dd></dl>
<h3>Settings as resolved</h3><dl class="settings">${cfg.join('')}</dl>${restarts}`,
    charts: [],
  };
}

/** Target, hand-built, learned and best possible on one chart; each unit's line and knot; the hinge table beside it. */
export function fitSection(inp: RunInput): Section | null {
  const { record: r, data, hb } = inp;
  if (!data) return null;
  if (!hasNetwork(r) || r.status !== 'ok') {
    const why = r.status !== 'ok' ? `training diverged at epoch ${r.divergedAt}, so there is no learned function to draw` : 'this record has no one-hidden-layer network (a deeper network), so its units are not drawn as hinges';
    return { id: 'fit', title: 'Target and learned function', html: `<p>${esc(why)}.</p>`, charts: [] };
  }
  const network = r.network!; // hasNetwork above
  const v = runCurves(r, data, hb);
  const order = [`${r.target.formula} (target)`];
  const roles: Role[] = ['target'];
  const curves: Row[] = thinRows(order[0], v.xs, v.target);
  if (v.handbuilt) {
    order.push(`${v.handbuilt.name} (hand-built)`);
    roles.push('handbuilt');
    curves.push(...thinRows(order[order.length - 1], v.xs, v.handbuilt.ys));
  }
  if (r.optimum?.network) {
    order.push(`best possible, width ${r.config.hidden}`);
    roles.push('optimum');
    curves.push(...thinRows(order[order.length - 1], v.xs, predict(r.optimum.network, v.xs)));
  }
  order.push(learnedName(r));
  roles.push('learned');
  curves.push(...thinRows(learnedName(r), v.xs, v.learned));
  const at = (x: number) => predict(network, [x])[0];
  const spec = fitSpec(curves, { title: `${r.target.formula} and what approximates it`, description: '', xTitle: 'x', yTitle: 'y', order, ...styled(roles) }, network, r.hinges, v.xs, at);
  const bending = r.hinges.filter((h) => h.kind === 'hinge').length;
  const alt = `Line chart of ${order.join(', ')} over x from ${r.config.domain[0]} to ${r.config.domain[1]}, with each unit's own line c·relu(a·x + b) dashed grey and the ${bending} knots of the learned function marked by triangles pointing the way each unit faces. Learned MSE ${num(r.metrics.mse)}${r.optimum ? `, best possible ${num(r.optimum.mse)}` : ''}${v.handbuilt && r.comparison ? `, ${v.handbuilt.name} ${num(r.comparison.functions.handbuilt.mse)}` : ''}.`;
  spec.description = alt;
  const chart = { id: 'chart-fit', spec, alt };
  const rows = r.hinges.map((h) => [String(h.unit), n(h.a), n(h.b), n(h.c), n(h.knot), esc(h.direction), n(h.slopeChange), esc(h.kind)]);
  const desc = (i: number) => {
    const h = r.hinges[i];
    return `unit ${h.unit}: a ${num(h.a)}, b ${num(h.b)}, c ${num(h.c)}, knot ${num(h.knot)}, slope change ${num(h.slopeChange)}, faces ${h.direction}, ${h.kind}`;
  };
  const table = tableHtml(['unit', 'a', 'b', 'c', 'knot −b/a', 'faces', 'slope change c·|a|', 'kind'], rows, {
    caption: `The ${r.hinges.length} units as hinges c·relu(a·x + b); output bias d = ${num(network.d)}. Hover a row (or focus it with Tab) to pick out the unit on the chart.`,
    attrs: (i) => `data-chart="chart-fit" data-unit="${r.hinges[i].unit}" tabindex="0" data-desc="${esc(desc(i))}"`,
    cls: 'units',
  });
  const hint = 'Hover a knot or a table row to see its unit.';
  const lead = `<p>Each unit c·relu(a·x + b) is zero on one side of its knot x = −b/a and a straight line on the other, so the network, d plus the sum of its units, is straight between knots and its slope changes by c·|a| at each one. The grey dashed lines are the units on their own; the triangles are the knots.</p>`;
  return { id: 'fit', title: 'Target and learned function', html: `${lead}\n${chartHtml(chart)}\n<p class="unit-line" data-chart="chart-fit" data-hint="${hint}" aria-live="polite">${hint}</p>\n${table}`, charts: [chart] };
}

export function lossSection(inp: RunInput): Section | null {
  const { record: r, data, hb } = inp;
  if (!data || !hasNetwork(r) || r.status !== 'ok') return null;
  const v = runCurves(r, data, hb);
  const order: string[] = [];
  const roles: Role[] = [];
  const rows: Row[] = [];
  const add = (name: string, role: Role, ys: ArrayLike<number>) => {
    order.push(name);
    roles.push(role);
    rows.push(...thinRows(name, v.xs, ys, true));
  };
  if (v.handbuilt) add(`${v.handbuilt.name} (hand-built)`, 'handbuilt', v.handbuilt.loss);
  if (r.optimum?.network) {
    const best = predict(r.optimum.network, v.xs);
    add(`best possible, width ${r.config.hidden}`, 'optimum', Array.from(best, (y, j) => 0.5 * (v.target[j] - y) ** 2));
  }
  add(learnedName(r), 'learned', v.learnedLoss);
  const alt = `Log-scale line chart of the pointwise loss 0.5·(y − ŷ)² over x for ${order.join(', ')}. It dips to zero where a curve crosses the target.`;
  const chart = { id: 'chart-loss', spec: lineSpec(rows, { title: 'pointwise loss 0.5·(y − ŷ)²', description: alt, xTitle: 'x', yTitle: '0.5·(y − ŷ)²', order, ...styled(roles), log: true }), alt };
  return { id: 'loss', title: 'Pointwise loss', html: chartHtml(chart), charts: [chart] };
}

/** The learned knots matched with the hand-built ones, as the terminal's comparison table. */
export function comparisonSection(inp: RunInput): Section | null {
  const r = inp.record;
  const cmp = r.comparison;
  if (!cmp || !hasNetwork(r)) return null;
  const t = cmp.handbuilt.terms;
  const rows = cmp.matches.map((m) => {
    const lu = m.unit === null ? null : r.hinges[m.unit];
    const ht = m.term === null ? null : t[m.term];
    return [lu ? `#${lu.unit}` : '', n(m.learnedKnot), esc(lu?.direction ?? ''), n(lu?.slopeChange), n(ht?.knot), esc(ht?.direction ?? ''), n(ht?.slopeChange), n(m.knotDifference), n(m.slopeDifference)];
  });
  const f = cmp.functions;
  const errs = [
    [`${esc(cmp.handbuilt.name)} (hand-built)`, n(f.handbuilt.mse), n(f.handbuilt.maxAbsError)],
    [`learned${r.config.refit !== 'none' ? ' (refit)' : ''}`, n(f.learned.mse), n(f.learned.maxAbsError)],
    ...(r.optimum ? [[`best possible, width ${r.config.hidden}`, n(r.optimum.mse), n(r.optimum.maxAbsError)]] : []),
  ];
  const name = esc(cmp.handbuilt.name);
  return {
    id: 'comparison',
    title: `Learned hinges against ${cmp.handbuilt.name}`,
    html: [
      tableHtml(['unit', 'knot', 'faces', 'slope Δ', `${name} knot`, 'faces', 'slope Δ', 'knot diff', 'slope diff'], rows, { caption: `Learned knots matched to ${cmp.handbuilt.name}'s by nearest knot.` }),
      tableHtml(['', 'MSE', 'max |error|'], errs, { caption: 'Errors on the sample grid.' }),
    ].join('\n'),
    charts: [],
  };
}

export function trainingSection(inp: RunInput): Section | null {
  const r = inp.record;
  const h = r.history;
  if (!h || !Array.isArray(h.epoch) || !h.epoch.length) return null;
  const name = 'training loss (MSE on the grid)';
  const rows = thinRows(name, h.epoch, h.loss, true, 500);
  const rules = [];
  if (r.optimum) rules.push({ label: `${r.optimum.label ?? 'best possible'}, width ${r.optimum.hidden}`, y: r.optimum.mse, color: ROLES.optimum.color });
  if (r.comparison) rules.push({ label: `${r.comparison.handbuilt.name} (hand-built)`, y: r.comparison.functions.handbuilt.mse, color: ROLES.handbuilt.color });
  const last = h.loss[h.loss.length - 1];
  const alt = `Log-scale line chart of the training loss against epoch, from ${num(h.loss[0])} at epoch ${h.epoch[0]} to ${num(last)} at epoch ${h.epoch[h.epoch.length - 1]}${rules.length ? `, with dashed lines at ${rules.map((x) => `${x.label} ${num(x.y)}`).join(' and ')}` : ''}.`;
  const spec = lineSpec(rows, { title: 'training curve', description: alt, xTitle: 'epoch', yTitle: 'MSE', order: [name], ...styled(['learned']), log: true, rules });
  const chart = { id: 'chart-training', spec, alt };
  const note = r.config.refit === 'during' ? '<p>The output layer is refit by least squares during training, so the curve drops in steps where a refit lands.</p>' : '';
  return { id: 'training', title: 'Training', html: chartHtml(chart) + note, charts: [chart] };
}

export function sentencesSection(inp: RunInput): Section {
  const r = inp.record;
  const text = hasNetwork(r) ? sentences(r) : '';
  return { id: 'reading', title: 'What the numbers say', html: `<p class="sentences">${esc(text || errors(r))}</p>`, charts: [] };
}

/** The sections of a run page, in order; later issues add theirs here (heatmaps, folds, cascades). */
export const RUN_SECTIONS = [sentencesSection, readingSection, fitSection, lossSection, comparisonSection, trainingSection, settingsSection];

export function runSections(inp: RunInput): Section[] {
  return RUN_SECTIONS.map((f) => f(inp)).filter((s): s is Section => s !== null);
}

export function runPage(inp: RunInput): string {
  const r = inp.record;
  const c = r.config;
  return pageHtml({
    title: `relu-lab run: ${r.target.formula}, width ${c.hidden}, seed ${r.seed}`,
    subtitle: `${r.target.name} on [${c.domain.join(', ')}], ${c.samples} points; ${r.backend}; ${r.status === 'ok' ? `MSE ${num(r.metrics.mse)}` : `diverged at epoch ${r.divergedAt}`}. Charts are ${CHART_WIDTH} px wide and scale to the page.`,
    sections: runSections(inp),
  });
}
