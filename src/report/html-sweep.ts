// A sweep's report page, one function per section: the summary table (each row linking to its
// runs), MSE against width with the optimum and hand-built curves, each seed's MSE per width, dead
// units, and every run as a small section of its own (its chart drawn when opened).
import type { RunRecord } from '../experiment/run.js';
import { gridOf } from '../experiment/grid.js';
import { ROLES, barSpec, lineSpec, stripSpec, styled, thinRows, type LineOptions, type Role } from './html-charts.js';
import { chartHtml, esc, pageHtml, tableHtml, type Chart, type Page, type Section } from './html.js';
import { depthPoints, hasDepth } from './depth-summary.js';
import { widthsOf } from '../settings.js';
import { referenceOfRows, settingOf, widthFigureData, widthRows, type WidthRow } from './summary.js';
import { num, ratioCell, sentences } from './text.js';
import { ratioText } from '../math/roundoff.js';

export interface SweepInput {
  name: string;
  dir: string;
  runs: { id: string; record: RunRecord }[];
}

type Run = SweepInput['runs'][number];
const n = (v: number | null | undefined, d = 4): string => esc(num(v, d));
/** Series colours for charts whose series are settings rather than curves. */
export const SETTING_COLORS = ['#e45756', '#4c78a8', '#54a24b', '#b279a2', '#f58518', '#9d755d', '#72b7b2'];
/** Point shapes for series beyond the four curve roles. */
export const EXTRA_SHAPES = ['diamond', 'cross', 'triangle-down', 'wedge', 'circle', 'square', 'triangle-up'];
export const runAnchor = (id: string): string => `run-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
const slug = (s: string): string => s.replace(/[^A-Za-z0-9]+/g, '-');
const targetsOf = (runs: Run[]): string[] => [...new Set(runs.map((r) => r.record.config.target))];

const archOf = (r: RunRecord): string => widthsOf(r.config.hidden).join(',');
/** "1.31× best", or what a ratio of round-off errors would hide ("exact as the best"). */
const versusBest = (r: RunRecord): string => {
  const t = ratioText(r.metrics.mse, r.optimum?.mse, (v) => `${num(v, 3)}× best`) ?? '';
  return t === 'exact' ? 'exact as the best' : t;
};

const unitsOf = (r: RunRecord): number => widthsOf(r.config.hidden).reduce((a, b) => a + b, 0);

function membersOf(runs: Run[], row: WidthRow): Run[] {
  return runs.filter(({ record }) => record.config.target === row.target && archOf(record) === row.architecture && settingOf(record.config) === row.setting);
}

export function summarySection(inp: SweepInput, rows: WidthRow[]): Section {
  const keys = [...new Set(rows.map((r) => `${r.target}\u0000${r.setting}`))];
  const tables = keys.map((key) => {
    const [tgt, setting] = key.split('\u0000');
    const part = rows.filter((r) => r.target === tgt && r.setting === setting);
    const body = part.map((r) => [
      esc(r.architecture),
      `${r.ok}/${r.runs}`,
      n(r.median),
      n(r.min),
      n(r.max),
      n(r.optimum),
      esc(ratioCell(r.median, r.optimum, r.medianRatio)),
      esc(ratioCell(r.max, r.optimum, r.worstRatio)),
      `${(r.deadShare * 100).toFixed(0)}%`,
      r.handbuilt ? `${esc(r.handbuilt.name)}: ${n(r.handbuilt.mse)}` : '',
      membersOf(inp.runs, r).map((m) => `<a href="#${runAnchor(m.id)}">s${esc(m.record.seed)}</a>`).join(' '),
    ]);
    const diverged = part.flatMap((r) => r.diverged);
    // "best found" (other activations, under a weight bound) or "best possible" (ReLU's exact optimum)
    const { label, bound } = referenceOfRows(part);
    const reference = bound !== null ? `${label} (|w| ≤ ${bound})` : label;
    return `<h3>${esc(tgt)} <small>(${esc(setting)})</small></h3>
${tableHtml(['width', 'runs ok', 'median MSE', 'min', 'max', esc(reference), 'median ratio', 'worst ratio', 'dead units', 'hand-built MSE', 'runs (seed)'], body, { caption: `MSE on the sample grid over seeds; ratio = learned / ${label} ("exact": both at round-off).`, cls: 'summary' })}
<p${diverged.length ? ' class="warn"' : ''}>${diverged.length ? `Diverged runs: ${diverged.map((id) => `<a href="#${runAnchor(id)}">${esc(id)}</a>`).join(', ')}` : 'No run diverged.'}</p>`;
  });
  return { id: 'summary', title: 'Summary', html: tables.join('\n'), charts: [] };
}

export function widthSection(rows: WidthRow[]): Section | null {
  const charts: Chart[] = [];
  for (const t of [...new Set(rows.map((r) => r.target))]) {
    const { series, options: o } = widthFigureData(rows, t);
    if (!series.length || series[0].xs.length < 2) continue;
    const order = series.map((s) => s.name);
    // The optimum and hₖ keep their colour, dash and shape; learned series (one per setting) take the learned style, then others.
    const roles = order.map((s): Role | null => (s === 'best possible' ? 'optimum' : s.startsWith('hand-built') ? 'handbuilt' : null));
    const colors = roles.map((r, i) => (r ? ROLES[r].color : o.colors ? o.colors[i] : SETTING_COLORS[i % SETTING_COLORS.length]));
    const dashes = roles.map((r, i) => (r ? [...ROLES[r].dash] : i === 0 ? [...ROLES.learned.dash] : [4 + 2 * i, 2]));
    const shapes = roles.map((r, i) => (r ? ROLES[r].shape : EXTRA_SHAPES[i % EXTRA_SHAPES.length]));
    const data = series.flatMap((s) => thinRows(s.name, s.xs, s.ys, true));
    const alt = `Log-scale chart of MSE against width for ${t}: ${order.join(', ')}; the shaded band spans the lowest to the highest MSE over seeds at each width.`;
    charts.push({ id: `chart-width-${slug(t)}`, spec: lineSpec(data, { title: o.title, description: alt, xTitle: o.xTitle, yTitle: o.yTitle, order, colors, dashes, shapes, log: true, points: true, xInteger: true, bands: o.bands }), alt });
  }
  if (!charts.length) return null;
  return { id: 'width', title: 'MSE against width', html: charts.map(chartHtml).join('\n'), charts };
}

/** Depth sweeps: MSE against parameters for every trained architecture and every reference. */
export function depthSection(inp: SweepInput): Section | null {
  if (!hasDepth(inp.runs)) return null;
  const charts: Chart[] = targetsOf(inp.runs).flatMap((t) => {
    const points = depthPoints(inp.runs, t).filter((p) => Number.isFinite(p.mse) && p.mse > 0);
    if (!points.length) return [];
    const order = [...new Set(points.map((p) => p.family))];
    const role = (f: string): Role => (f.startsWith('best') ? 'optimum' : f.startsWith('hₖ') ? 'handbuilt' : f.startsWith('cascade') ? 'target' : 'learned');
    /** Colours of trained families (depth 1, 2, ...) and of the cascade: none taken by another curve. */
    const TRAINED = ['#e45756', '#9d755d', '#72b7b2', '#eeca3b', '#ff9da6'];
    let k = 0;
    const rows = points.sort((p, q) => p.parameters - q.parameters).map((p) => ({ series: p.family, x: p.parameters, y: p.mse, label: p.label }));
    const alt = `Log-log chart of MSE against the number of parameters for ${t}: ${order.join(', ')}.`;
    const st = styled(order.map(role));
    const trained = order.map((f, i) => (f.startsWith('cascade') ? '#b279a2' : role(f) === 'learned' ? TRAINED[k++ % TRAINED.length] : st.colors[i]));
    const spec = lineSpec(rows, { title: `${t}: MSE against parameters`, description: alt, xTitle: 'parameters', yTitle: 'MSE on the grid', order, ...st, colors: trained, shapes: order.map((_, i) => EXTRA_SHAPES[i % EXTRA_SHAPES.length]), log: true, xLog: true, points: true });
    return [{ id: `chart-depth-${slug(t)}`, spec, alt }];
  });
  return charts.length ? { id: 'depth', title: 'MSE against parameters (depth)', html: charts.map(chartHtml).join('\n'), charts } : null;
}

/** Series of a target's runs: one per setting (runs differing only by seed share one). */
function settingSeries(runs: Run[]): { order: string[]; colors: string[]; name: (r: Run) => string } {
  const settings = [...new Set(runs.map((r) => settingOf(r.record.config)))];
  const name = (r: Run) => (settings.length > 1 ? settingOf(r.record.config) : 'learned');
  const order = settings.length > 1 ? settings : ['learned'];
  return { order, colors: order.map((_, i) => SETTING_COLORS[i % SETTING_COLORS.length]), name };
}

export function spreadSection(inp: SweepInput): Section {
  const charts: Chart[] = targetsOf(inp.runs).map((t) => {
    const part = inp.runs.filter((r) => r.record.config.target === t && r.record.status === 'ok');
    const s = settingSeries(part);
    const rows = part.map((r) => ({ x: unitsOf(r.record), y: r.record.metrics.mse, series: s.name(r), id: `${r.id} (${archOf(r.record)})`, href: `#${runAnchor(r.id)}` }));
    const alt = `Each seed's MSE (log scale) at each width for ${t}: one point per run (${part.length} runs); click a point to open its run below.`;
    const o: LineOptions = { title: `${t}: MSE of each seed`, description: alt, xTitle: 'width (hidden units)', yTitle: 'MSE on the grid', order: s.order, colors: s.colors, log: true };
    return { id: `chart-spread-${slug(t)}`, spec: stripSpec(rows, o), alt };
  });
  return { id: 'spread', title: 'Spread over seeds', html: charts.map(chartHtml).join('\n'), charts };
}

export function deadSection(inp: SweepInput, rows: WidthRow[]): Section {
  const charts: Chart[] = targetsOf(inp.runs).map((t) => {
    const part = rows.filter((r) => r.target === t);
    const settings = [...new Set(part.map((r) => r.setting))];
    const order = settings.length > 1 ? settings : ['dead units'];
    const data = part.map((r) => ({ x: r.width, y: r.deadShare, series: settings.length > 1 ? r.setting : 'dead units' }));
    const worst = part.reduce((m, r) => Math.max(m, r.deadShare), 0);
    const alt = `Bar chart of the share of dead units (never active on the grid) at each width for ${t}, over all seeds; the highest share is ${(worst * 100).toFixed(0)}%.`;
    const o: LineOptions = { title: `${t}: dead units`, description: alt, xTitle: 'width (hidden units)', yTitle: 'share of units dead', order, colors: order.map((_, i) => ['#9d755d', ...SETTING_COLORS][i % 8]) };
    return { id: `chart-dead-${slug(t)}`, spec: barSpec(data, o), alt };
  });
  return { id: 'dead', title: 'Dead units', html: charts.map(chartHtml).join('\n'), charts };
}

const gridKey = (r: RunRecord): string => `${r.config.target}|${r.config.domain.join(',')}|${r.config.samples}`;
/** Points per run chart: the curves are recomputed in the page, so only the network travels. */
const SMALL_POINTS = 200;

/** One small section per run: its numbers, knots and sentences, and its fit drawn on opening. */
export function runsSection(inp: SweepInput): { section: Section; grids: NonNullable<Page['grids']> } {
  const grids: NonNullable<Page['grids']> = {};
  const charts: Chart[] = [];
  const byWidth = [...inp.runs].sort((p, q) => p.record.config.target.localeCompare(q.record.config.target) || unitsOf(p.record) - unitsOf(q.record) || archOf(p.record).localeCompare(archOf(q.record)) || p.record.seed - q.record.seed || p.id.localeCompare(q.id));
  const items = byWidth.map(({ id, record: r }) => {
    const c = r.config;
    const shallow = Boolean(r.network && Array.isArray(r.network.a));
    const ok = r.status === 'ok' && shallow;
    const head = `${esc(id)}: ${esc(r.target.formula)}, width ${esc(archOf(r))}, seed ${esc(r.seed)}, ${r.status === 'ok' ? `MSE ${n(r.metrics.mse)}${r.ratio !== null ? `, ${esc(versusBest(r))}` : ''}${typeof r.deadUnits === 'number' ? `, ${esc(r.deadUnits)} dead` : ''}` : `<span class="warn">diverged at epoch ${esc(r.divergedAt)}</span>`}`;
    let body = '';
    if (ok) {
      const key = gridKey(r);
      if (!grids[key]) {
        try {
          const g = gridOf(c);
          const rows = thinRows('t', g.xs, g.ys, false, SMALL_POINTS);
          grids[key] = { xs: rows.map((x) => x.x), ys: rows.map((x) => x.y), name: `${r.target.formula} (target)` };
        } catch {
          // a target this version cannot sample: the run keeps its numbers, without a chart
        }
      }
      if (grids[key]) {
        const alt = `${r.target.formula} and the learned width-${c.hidden} function of run ${id} (seed ${r.seed}), MSE ${num(r.metrics.mse)}.`;
        const spec = lineSpec([], { title: `${id}`, description: alt, xTitle: 'x', yTitle: 'y', order: [grids[key].name, 'learned'], ...styled(['target', 'learned']), small: true, dataset: 'curves' });
        const chart: Chart = { id: `chart-${runAnchor(id)}`, spec, alt, lazy: true, fill: { grid: key, net: { a: r.network!.a, b: r.network!.b, c: r.network!.c, d: r.network!.d } } };
        charts.push(chart);
        body += chartHtml(chart);
      }
      const knots = r.hinges.filter((h) => h.kind === 'hinge').map((h) => num(h.knot, 3));
      body = `<p>${esc(sentences(r))}</p><p>Knots: ${esc(knots.join(', ') || 'none')}; d = ${n(r.network!.d)}; ${esc(settingOf(c))}; ${esc(r.backend)}.</p>` + body;
    } else if (r.status === 'ok') body = `<p>${esc(settingOf(c))}; ${esc(r.backend)}. A network of layers ${esc(archOf(r))}: its units are not single hinges, so it has no knot list here.</p>`;
    else body = `<p>${esc(settingOf(c))}; ${esc(r.backend)}. The loss was NaN or infinite at epoch ${esc(r.divergedAt)}; no result.</p>`;
    return `<details class="run" id="${runAnchor(id)}"><summary>${head}</summary>${body}</details>`;
  });
  const html = `<p>Open a run to see its sentences, knots and chart (drawn when opened). Links in the summary table and points in the seed chart lead here.</p>\n${items.join('\n')}`;
  return { section: { id: 'runs', title: `Runs (${inp.runs.length})`, html, charts }, grids };
}

export function sweepPage(inp: SweepInput): string {
  const rows = widthRows(inp.runs);
  const runs = runsSection(inp);
  const sections = [summarySection(inp, rows), widthSection(rows.filter((r) => !r.architecture.includes(','))), depthSection(inp), spreadSection(inp), deadSection(inp, rows), runs.section].filter((s): s is Section => s !== null);
  const targets = targetsOf(inp.runs);
  return pageHtml({
    title: `relu-lab sweep: ${inp.name}`,
    subtitle: `${inp.runs.length} runs of ${targets.join(', ')} from ${inp.dir}; ${inp.runs.filter((r) => r.record.status !== 'ok').length} diverged.`,
    sections,
    grids: runs.grids,
  });
}
