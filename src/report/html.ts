// The report page shell: one self-contained HTML file. The vega, vega-lite and vega-embed bundles
// and every chart's data are inlined, so opening the file from disk makes no network request.
// Pages are lists of sections (one function each in html-run.ts / html-sweep.ts); charts are
// vega-lite specs drawn in the browser as SVG by the inline script (html-script.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PAGE_SCRIPT } from './html-script.js';

export interface Chart {
  /** Element id, unique on the page. */
  id: string;
  spec: Record<string, unknown>;
  /** The text alternative: what the chart shows, in words (figcaption and aria-label). */
  alt: string;
  /** Draw only when its <details> opens (the many small charts of a sweep's runs). */
  lazy?: boolean;
  /** Curves the page computes itself from a network: { grid: key into Page.grids, net }. */
  fill?: { grid: string; net: { a: number[]; b: number[]; c: number[]; d: number } };
}

export interface Section {
  id: string;
  title: string;
  /** Inner HTML (already escaped); charts are placed with chartHtml. */
  html: string;
  charts: Chart[];
}

export interface Page {
  title: string;
  subtitle: string;
  sections: Section[];
  /** Sampled targets shared by lazily filled charts: key -> { xs, ys, name }. */
  grids?: Record<string, { xs: number[]; ys: number[]; name: string }>;
}

export const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

/** JSON safe inside a <script> element: no "</script>", no "<!--". */
export const scriptJson = (v: unknown): string => JSON.stringify(v, roundNumbers).replace(/</g, '\\u003c');

/** Significant digits of the numbers a page carries: far beyond what a chart or tooltip shows, a third of the bytes of full precision. */
const PAGE_DIGITS = 6;
function roundNumbers(_key: string, v: unknown): unknown {
  return typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(PAGE_DIGITS)) : v;
}

/** A figure holding one chart; the figcaption is its text alternative (also read out by screen readers). */
export function chartHtml(c: Chart): string {
  return `<figure class="chart"><div id="${esc(c.id)}" class="vis" role="img" aria-label="${esc(c.alt)}"></div><figcaption>${esc(c.alt)}</figcaption></figure>`;
}

/** A plain table; cells are already-escaped HTML strings. `attrs` adds attributes per row (e.g. data-unit). */
export function tableHtml(head: string[], rows: string[][], o: { caption?: string; attrs?: (i: number) => string; cls?: string } = {}): string {
  const th = head.map((h) => `<th scope="col">${h}</th>`).join('');
  const body = rows.map((r, i) => `<tr${o.attrs ? ' ' + o.attrs(i) : ''}>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${o.cls ? ` class="${o.cls}"` : ''}>${o.caption ? `<caption>${esc(o.caption)}</caption>` : ''}<thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const BUNDLES = ['vega/build/vega.min.js', 'vega-lite/build/vega-lite.min.js', 'vega-embed/build/vega-embed.min.js'] as const;

/** The three UMD bundles, read from the installed packages (their `exports` hide build/, so resolve the entry and step beside it). */
export function bundles(): string[] {
  const require = createRequire(import.meta.url);
  return BUNDLES.map((b) => {
    const [pkg, ...rest] = b.split('/');
    let entryDir: string;
    try {
      entryDir = dirname(require.resolve(pkg));
    } catch {
      throw new Error(`the report page inlines ${pkg}'s browser bundle, but ${pkg} is not installed next to relu-lab (npm install ${pkg})`);
    }
    const file = join(entryDir, '..', ...rest);
    // A bundle holding "</script" would end its element early; the shipped ones do not, but be sure.
    return readFileSync(file, 'utf8').replace(/<\/script/gi, '<\\/script');
  });
}

const CSS = `
:root { --ink:#1d1d1d; --muted:#5b5b5b; --rule:#d0d0d0; --hi:#fff3c4; }
* { box-sizing: border-box; }
pre { white-space: pre-wrap; font-size: .85rem; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); max-width: 1000px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 0; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--rule); } h3 { font-size: 1.05rem; }
.subtitle { color: var(--muted); margin-top: .2rem; }
nav { font-size: .9rem; color: var(--muted); } nav a { margin-right: .8rem; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .88rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding-bottom: .3rem; }
th, td { padding: .2rem .6rem; border-bottom: 1px solid var(--rule); text-align: right; }
th:first-child, td:first-child { text-align: left; }
table.summary td { white-space: nowrap; } table.summary td:last-child { white-space: normal; text-align: left; min-width: 9rem; }
tr.active td, tr:target td { background: var(--hi); }
table.units tbody tr { cursor: default; }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; font-size: .9rem; }
dl.settings dt { color: var(--muted); } dl.settings dd { margin: 0; }
figure.chart { margin: 1rem 0; } figure.chart figcaption { color: var(--muted); font-size: .85rem; max-width: 46rem; }
.vis svg { max-width: 100%; height: auto; }
p.sentences { max-width: 46rem; }
.unit-line { font-family: ui-monospace, monospace; font-size: .85rem; min-height: 1.4em; color: var(--muted); }
details.run { border-top: 1px solid var(--rule); padding: .3rem 0; } details.run summary { cursor: pointer; }
.warn { color: #9a3412; }
#vg-tooltip-element { font-size: 12px; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav, .unit-line { display: none; }
  figure.chart, table { break-inside: avoid; }
  h2 { break-after: avoid; }
  .vis, .vis svg { max-width: 100% !important; height: auto !important; }
  details.run > summary { list-style: none; }
}
`;

/** The whole page. */
export function pageHtml(p: Page): string {
  const charts = Object.fromEntries(p.sections.flatMap((s) => s.charts).map((c) => [c.id, { spec: c.spec, lazy: Boolean(c.lazy), fill: c.fill ?? null }]));
  const nav = p.sections.filter((s) => s.title).map((s) => `<a href="#${esc(s.id)}">${esc(s.title)}</a>`).join('');
  const body = p.sections.map((s) => `<section id="${esc(s.id)}">${s.title ? `<h2>${esc(s.title)}</h2>` : ''}\n${s.html}\n</section>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(p.title)}</h1><p class="subtitle">${esc(p.subtitle)}</p><nav aria-label="sections">${nav}</nav></header>
<main>
${body}
</main>
<script type="application/json" id="relu-lab-data">${scriptJson({ charts, grids: p.grids ?? {} })}</script>
${bundles().map((b) => `<script>${b}</script>`).join('\n')}
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
