// The report page's "Reading" section: which reading the run uses (hinges, breakpoints, folds or
// Taylor coefficients), and for smooth units the Taylor and projection table of reading-text.ts,
// then what the run is measured against (best possible for ReLU, best found for the others, with
// the bound) and the ratio. Returns HTML; never prints.
import { gridOf } from '../experiment/grid.js';
import { smoothReading, readingKind } from '../math/smooth-reading.js';
import { esc, tableHtml, type Section } from './html.js';
import { readingLine } from './reading-text.js';
import { bestFoundLine, isBestFound } from './best-text.js';
import { num } from './text.js';
import type { RunInput } from './html-run.js';

const n = (v: number | null | undefined, d = 4): string => esc(num(v, d));

export function readingSection(inp: RunInput): Section | null {
  const r = inp.record;
  if (!r.net || r.status !== 'ok') return null;
  const centre = [(r.config.domain[0] + r.config.domain[1]) / 2];
  const parts = [`<p>${esc(readingLine(r.net, centre))}.</p>`];
  if (readingKind(r.net) === 'taylor') {
    const data = inp.data ?? gridOf(r.config);
    const reading = r.taylor ?? smoothReading(r.net, data.xs, centre);
    const rows: string[][] = [];
    for (const u of reading.units) {
      rows.push([`#${u.unit} Taylor`, ...u.taylor.map((v) => n(v)), '—']);
      rows.push([`#${u.unit} projection`, ...u.projection.map((v) => n(v)), n(u.unexplained)]);
    }
    if (reading.network.taylor) rows.push(['network Taylor', ...reading.network.taylor.map((v) => n(v)), '—']);
    rows.push(['network projection', ...reading.network.projection.map((v) => n(v)), n(reading.network.unexplained)]);
    parts.push(tableHtml(['', ...reading.monomials.map(esc), 'unexplained'], rows, { caption: 'Powers each unit contributes: Taylor coefficients at the centre of the domain, and the least-squares projection on the same powers over the grid (unexplained = share of the variance the powers miss).' }));
  }
  if (r.optimum && isBestFound(r)) parts.push(`<p>${esc(bestFoundLine(r, num))}.</p>`);
  else if (r.optimum && r.ratio !== null) parts.push(`<p>${esc(`best possible (exact ReLU optimum): MSE ${num(r.optimum.mse)}; learned / best possible = ${num(r.ratio, 3)}`)}.</p>`);
  return { id: 'units', title: 'Reading the units', html: parts.join('\n'), charts: [] };
}
