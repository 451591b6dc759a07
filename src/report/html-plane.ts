// Report pages of two-input runs and sweeps. A run: what the numbers say, heatmaps of target,
// learned function and error with the fold lines (and the same for the constructions of its width),
// the fold table, the interaction numbers beside the constructions, the training curve, settings.
// A sweep: the summary table and MSE against width with the constructions of each width (with
// several activations, their comparison first).
import type { PlaneRecord } from '../experiment/plane-run.js';
import type { Net } from '../math/net.js';
import { interaction } from '../math/interaction.js';
import { planeGrid, sample2, target2, type PlaneGrid } from '../math/targets2.js';
import { heatmapSpec } from './heatmap.js';
import { ROLES, lineSpec, styled, thinRows, type Role } from './html-charts.js';
import { chartHtml, esc, pageHtml, tableHtml, type Chart, type Section } from './html.js';
import { planeComparisons, planeWidthFigureData, shareText, planeWidthRows, type PlaneWidthRow } from './plane-summary.js';
import { hasPlaneActivations, planeActivationRows, planeActivationsTable } from './plane-activations.js';
import { EXTRA_SHAPES, SETTING_COLORS } from './html-sweep.js';
import { foldFamilies, planePanels, readNet, sharesText, type NetReading } from './plane.js';
import { num } from './text.js';

const n = (v: number | null | undefined, d = 4): string => esc(num(v, d));
/** Shares and coefficients below rounding print as 0. */
const tidy = (v: number) => (Math.abs(v) < 1e-12 ? 0 : v);
const slug = (s: string): string => s.replace(/[^A-Za-z0-9]+/g, '-');

interface PlaneRunView {
  r: PlaneRecord;
  g: PlaneGrid;
  y: Float64Array;
  learned: NetReading;
  compare: { name: string; net: Net; reading: NetReading }[];
  source: string;
}

function heatmapChart(v: PlaneRunView, name: string, reading: NetReading, id: string): Chart {
  const f = v.r.target.formula;
  const spec = heatmapSpec(v.g, planePanels(`target ${f}`, v.y, name, reading), `${f}: ${name}`);
  const folds = reading.folds.filter((x) => x.kind === 'fold').length;
  const alt = `Three heatmaps side by side over x1 from ${v.g.domain[0].join(' to ')} and x2 from ${v.g.domain[1].join(' to ')}: the target ${f}, the ${name} network with its ${folds} fold lines drawn in black, and the error y − ŷ. Orange is low, near-white the middle, blue high. MSE ${num(reading.mse)}, interaction share ${num(tidy(reading.interaction.share12), 4)}.`;
  spec.description = alt;
  return { id, spec, alt };
}

/** "ReLU", or the activation's own name: the page must not call a tanh network ReLU. */
const unitName = (act: string | undefined): string => (!act || act === 'relu' ? 'ReLU' : act);

function sentencesSection(v: PlaneRunView): Section {
  const t = interaction(v.g, v.y);
  const best = v.compare[0];
  const text = [
    `A ${v.r.settings.hidden.length === 1 ? `width-${v.r.settings.hidden[0]}` : `${v.r.settings.hidden.join('×')} (deep)`} ${unitName(v.r.settings.activation)} network of two inputs trained on ${v.r.target.formula} over a ${v.g.n1}×${v.g.n2} grid reaches MSE ${num(v.r.mse)} (max |error| ${num(v.r.maxAbsError)}).`,
    `Target: ${sharesText(t)}. Learned: ${sharesText(v.learned.interaction)}.`,
    v.learned.regions === null ? '' : `Its folds cut the domain into ${v.learned.regions} linear regions.`,
    best ? `The construction "${best.name}" of the same width reaches MSE ${num(best.reading.mse)}: the learned network is ${v.r.mse <= best.reading.mse ? 'at or below' : 'above'} it.` : '',
    (v.r.settings.activation ?? 'relu') === 'relu'
      ? 'Each unit relu(a1·x1 + a2·x2 + b) folds the plane along the line a1·x1 + a2·x2 + b = 0; a fold that is not parallel to an axis already makes x1 and x2 interact.'
      : `Each unit ${v.r.settings.activation}(a1·x1 + a2·x2 + b) varies only across the lines a1·x1 + a2·x2 + b = const; a unit whose direction is not an axis already makes x1 and x2 interact.`,
  ].filter(Boolean);
  return { id: 'reading', title: 'What the numbers say', html: `<p class="sentences">${esc(text.join(' '))}</p>`, charts: [] };
}

function heatmapSection(v: PlaneRunView): Section {
  const charts = [heatmapChart(v, 'learned', v.learned, 'chart-heat-learned'), ...v.compare.map((c) => heatmapChart(v, c.name, c.reading, `chart-heat-${slug(c.name)}`))];
  return { id: 'heatmaps', title: 'Heatmaps: target, learned, error', html: charts.map(chartHtml).join('\n'), charts };
}

function foldSection(v: PlaneRunView): Section {
  const fs = v.learned.folds;
  if (!fs.length) return { id: 'folds', title: 'Folds', html: '<p>A deep network: its units bend along broken lines, not straight folds; the heatmaps show the function.</p>', charts: [] };
  const rows = fs.map((f, i) => [String(f.unit), esc(f.kind), n(f.angle), n(tidy(f.offset)), f.segment ? esc(`(${num(f.segment[0][0], 3)}, ${num(f.segment[0][1], 3)}) – (${num(f.segment[1][0], 3)}, ${num(f.segment[1][1], 3)})`) : '—', n(f.slopeChange), n(tidy(v.learned.units[i].share12)), n(tidy(v.learned.units[i].product))]);
  const table = tableHtml(['unit', 'kind', 'angle°', 'offset', 'crosses the domain', 'slope change', 'f12 share', 'x1·x2 coef'], rows, {
    caption: `Each unit as a fold: the normal's angle, the line's offset from the origin, where it crosses the domain, the jump of the slope across it (c·|a|), and how much the unit alone interacts. Output bias d = ${num(v.r.net.output.d)}. Fold directions: ${foldFamilies(fs)}.`,
    cls: 'units',
  });
  return { id: 'folds', title: 'Folds', html: table, charts: [] };
}

function interactionSection(v: PlaneRunView): Section {
  const cols = [{ name: 'learned', reading: v.learned, net: v.r.net }, ...v.compare];
  const kinds = (r: NetReading, k: string) => r.folds.filter((f) => f.kind === k).length;
  const target = interaction(v.g, v.y);
  const rows = [
    ['target', '—', '—', n(tidy(target.share12)), n(tidy(target.product)), '—', '—'],
    ...cols.map((c) => [esc(c.name), n(c.reading.mse), n(c.reading.maxAbsError), n(tidy(c.reading.interaction.share12)), n(tidy(c.reading.interaction.product)), n(c.reading.regions), `${kinds(c.reading, 'fold')} / ${kinds(c.reading, 'linear')} / ${kinds(c.reading, 'dead')}`]),
  ];
  const table = tableHtml(['', 'MSE', 'max |error|', 'f12 share', 'x1·x2 coef', 'regions', 'folds / linear / dead'], rows, {
    caption: 'The grid function split as f0 + f1(x1) + f2(x2) + f12(x1, x2): the share of its variance in f12, and its least-squares coefficient of x1·x2; beside the constructions of the same width.',
    cls: 'summary',
  });
  return { id: 'interaction', title: 'Interaction, and the constructions', html: table, charts: [] };
}

function trainingSection(v: PlaneRunView): Section | null {
  const h = v.r.history;
  if (!h?.epoch?.length) return null;
  const name = 'training loss (MSE on the grid)';
  const rules = v.compare.map((c, i) => ({ label: `${c.name} (constructed)`, y: c.reading.mse, color: i === 0 ? ROLES.optimum.color : ROLES.handbuilt.color }));
  const alt = `Log-scale line chart of the training loss against epoch, from ${num(h.loss[0])} to ${num(h.loss[h.loss.length - 1])}${rules.length ? `, with dashed lines at ${rules.map((x) => `${x.label} ${num(x.y)}`).join(' and ')}` : ''}.`;
  const spec = lineSpec(thinRows(name, h.epoch, h.loss, true, 500), { title: 'training curve', description: alt, xTitle: 'epoch', yTitle: 'MSE', order: [name], ...styled(['learned']), log: true, rules });
  const chart = { id: 'chart-training', spec, alt };
  return { id: 'training', title: 'Training', html: chartHtml(chart), charts: [chart] };
}

function settingsSection(v: PlaneRunView): Section {
  const items = Object.entries(v.r.settings).map(([k, x]) => `<dt>${esc(k)}</dt><dd>${esc(typeof x === 'object' ? JSON.stringify(x) : x)}</dd>`);
  const restarts = v.r.restartMse.length > 1 ? `<p>Best of ${v.r.restartMse.length} restarts (final MSEs ${v.r.restartMse.map((m) => n(m)).join(', ')}).</p>` : '';
  return { id: 'settings', title: 'Settings', html: `<dl class="settings"><dt>backend used</dt><dd>${esc(v.r.backend)}</dd><dt>training time</dt><dd>${esc(v.r.seconds.toFixed(2))} s</dd><dt>record</dt><dd>${esc(v.source)}</dd>${items.join('')}</dl>${restarts}`, charts: [] };
}

export function planeRunPage(r: PlaneRecord, source: string): string {
  const s = r.settings;
  const g = planeGrid(s.domain, s.samples);
  const y = sample2(s.target, g);
  const v: PlaneRunView = { r, g, y, source, learned: readNet(r.net, g, y), compare: planeComparisons(s).map((c) => ({ ...c, reading: readNet(c.net, g, y) })) };
  const sections = [sentencesSection(v), heatmapSection(v), foldSection(v), interactionSection(v), trainingSection(v), settingsSection(v)].filter((x): x is Section => x !== null);
  return pageHtml({
    title: `relu-lab run: ${r.target.formula}, ${s.hidden.join('×')} units, seed ${s.seed}`,
    subtitle: `${s.target} on [${s.domain[0].join(', ')}] × [${s.domain[1].join(', ')}], ${s.samples}×${s.samples} points; ${r.backend}; MSE ${num(r.mse)}.`,
    sections,
  });
}

function planeSummarySection(rows: PlaneWidthRow[]): Section {
  const keys = [...new Set(rows.map((r) => `${r.target}\u0000${r.setting}`))];
  const html = keys.map((key) => {
    const [tgt, setting] = key.split('\u0000');
    const part = rows.filter((r) => r.target === tgt && r.setting === setting);
    const body = part.map((r) => [esc(r.architecture), `${r.ok}/${r.runs}`, n(r.median), n(r.min), n(r.max), r.best ? n(r.best.mse) : '—', r.best ? n(r.median / r.best.mse, 3) : '—', r.hk ? `${esc(r.hk.name)}: ${n(r.hk.mse)}` : '—', n(shareText(r.share12))]);
    const diverged = part.flatMap((r) => r.diverged);
    return `<h3>${esc(tgt)}: ${esc(target2(tgt).formula)} <small>(${esc(setting)})</small></h3>
${tableHtml(['width', 'runs ok', 'median MSE', 'min', 'max', 'best squares', 'ratio', 'hₖ', 'f12 share'], body, { caption: 'MSE on the grid over seeds, beside the construction of the same width with the best one-input network for each part (ratio = median / it) and with hₖ parts.', cls: 'summary' })}
<p${diverged.length ? ' class="warn"' : ''}>${diverged.length ? `Diverged runs: ${esc(diverged.join(', '))}` : 'No run diverged.'}</p>`;
  });
  return { id: 'summary', title: 'Summary', html: html.join('\n'), charts: [] };
}

function planeWidthSection(rows: PlaneWidthRow[]): Section | null {
  const charts: Chart[] = [];
  for (const t of [...new Set(rows.map((r) => r.target))]) {
    const { series, options: o } = planeWidthFigureData(rows, t);
    if (!series.length || series[0].xs.length < 2) continue;
    const order = series.map((s) => s.name);
    const roles = order.map((s): Role => (s.includes('best one-input') ? 'optimum' : s.includes('hₖ') ? 'handbuilt' : 'learned'));
    const data = series.flatMap((s) => thinRows(s.name, s.xs, s.ys, true));
    const alt = `Log-scale chart of MSE against width for ${t}: ${order.join(', ')}; the shaded band spans the lowest to the highest MSE over seeds at each width.`;
    // several settings (activations): each learned curve its own colour, dash and shape, as the one-input page draws them
    const many = roles.filter((r) => r === 'learned').length > 1;
    const style = many
      ? { colors: roles.map((r, i) => (r === 'learned' ? SETTING_COLORS[i % SETTING_COLORS.length] : ROLES[r].color)), dashes: roles.map((r, i) => (r === 'learned' ? (i === 0 ? [...ROLES.learned.dash] : [4 + 2 * (i % 7), 2]) : [...ROLES[r].dash])), shapes: roles.map((r, i) => (r === 'learned' ? EXTRA_SHAPES[i % EXTRA_SHAPES.length] : ROLES[r].shape)) }
      : styled(roles);
    charts.push({ id: `chart-width-${slug(t)}`, spec: lineSpec(data, { title: o.title, description: alt, xTitle: o.xTitle, yTitle: o.yTitle, order, ...style, log: true, points: true, xInteger: true, bands: o.bands }), alt });
  }
  return charts.length ? { id: 'width', title: 'MSE against width, with the constructions', html: charts.map(chartHtml).join('\n'), charts } : null;
}

/** Several activations: the comparison's table (summary.md's section), each smooth cell with its Taylor reading. */
function planeActivationsSection(runs: { id: string; record: PlaneRecord }[], rows: PlaneWidthRow[]): Section | null {
  if (!hasPlaneActivations(runs)) return null;
  const t = planeActivationsTable(planeActivationRows(runs, rows));
  return { id: 'activations', title: 'Activations: MSE by width', html: tableHtml(t.head, t.cells.map((r) => r.map(esc)), { caption: t.caption, cls: 'summary' }), charts: [] };
}

export function planeSweepPage(name: string, runs: { id: string; record: PlaneRecord }[]): string {
  const rows = planeWidthRows(runs);
  const sections = [planeActivationsSection(runs, rows), planeSummarySection(rows), planeWidthSection(rows)].filter((x): x is Section => x !== null);
  return pageHtml({ title: `relu-lab sweep: ${name} (two inputs)`, subtitle: `${runs.length} runs of ${[...new Set(rows.map((r) => r.target))].join(', ')}.`, sections });
}
