// A run as text: header, error figures, the learned units, the hinge-by-hinge comparison with the
// hand-built sum, charts and a few sentences drawn from the numbers. Returns strings; never prints.
import { chart } from './chart.js';
import { maxOf } from '../math/extent.js';
import { isExact, ratioText } from '../math/roundoff.js';
import { pointwiseLoss } from '../math/compare.js';
import { evalTerms, hinges, predict } from '../math/hinges.js';
import type { Optimum } from '../math/optimum/index.js';
import { target } from '../math/targets.js';
import { runCurves } from './views.js';
import type { HandBuilt } from '../math/handbuilt.js';
import type { RunRecord, GridData } from '../experiment/run.js';
import { raceEpoch } from '../settings.js';
import { RACE_KEEP } from '../math/stopping.js';
import { metrics } from '../math/compare.js';
import { architecture, deepOptimumLine, deepSentences, layersTable } from './deep-text.js';
import { readingKind, readingLine, runTaylorText } from './reading-text.js';
import { bestFoundLine, bestFoundSentence, isBestFound } from './best-text.js';

export interface View {
  width: number;
  height: number;
  color: boolean;
}

export const num = (v: number | null | undefined, digits = 4): string => {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toString();
};

/**
 * A table's ratio cell: "exact" where learned and reference are both round-off, "round-off" where
 * only the learned is (a ratio of rounding errors says nothing: 1e-29 against 2e-12 read 5.9e-18),
 * else the ratio.
 */
export const ratioCell = (learned: number, reference: number | null, ratio: number | null): string =>
  reference !== null && isExact(learned) ? (isExact(reference) ? 'exact' : 'round-off') : num(ratio, 3);

/** Break prose into lines of at most `width` columns, at spaces. */
export function wrap(text: string, width: number): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line && [...line].length + 1 + [...word].length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** A plain table: columns padded to their widest cell, numbers right-aligned. */
export function table(head: string[], rows: (string | number | null)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? num(c) : c ?? '—')));
  const w = head.map((h, i) => maxOf([[...h].length, ...cells.map((r) => [...r[i]].length)]));
  const right = head.map((_, i) => rows.every((r) => typeof r[i] === 'number' || r[i] === null));
  const line = (r: string[]) => r.map((c, i) => (right[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd();
  return [line(head), line(w.map((n) => '─'.repeat(n))), ...cells.map(line)].join('\n');
}

export function header(r: RunRecord): string {
  const c = r.config;
  const method = `init ${c.init}, ${c.optimizer} lr ${c.lr} (${c.schedule}), ${c.batchSize ? `batch ${c.batchSize}` : 'full batch'}${restartsText(c)}${c.refit === 'end' ? ', output layer refit by least squares at the end' : c.refit === 'during' ? ', output layer refit by least squares during and after training' : ''}`;
  return [
    `relu-lab: ${r.target.name} (${r.target.formula}) on [${c.domain.join(', ')}], ${c.samples} points; ${r.network ? `width ${c.hidden}` : architecture(r.net)}`,
    `backend ${r.backend}, seed ${r.seed}, ${epochsText(r)}, ${r.seconds.toFixed(2)} s; ${method}`,
  ].join('\n');
}

/** ", best of 6 restarts (the best 3 went on after epoch 400)": the race only runs with stopping on and more than two restarts. */
function restartsText(c: RunRecord['config']): string {
  if (c.restarts < 2) return '';
  const raced = c.stop !== 'off' && c.restarts > 2 ? ` (the best ${Math.ceil(RACE_KEEP * c.restarts)} went on after epoch ${raceEpoch(c)})` : '';
  return `, best of ${c.restarts} restarts${raced}`;
}

/** How long the best network trained: the cap, or where and why the plateau rule stopped it; and whether the grown finish replaced it. */
function epochsText(r: RunRecord): string {
  const trained = trainedText(r);
  if (!r.stopped?.grown) return trained;
  const n = r.net.layers[0].b.length;
  return `${trained}; replaced by the grown finish, which was lower (the curvature start of ${n - 1} units plus one unit, finished by LM and moved as the kept restart)`;
}

/** How long the kept restart trained, and how it was finished. */
function trainedText(r: RunRecord): string {
  const c = r.config;
  const s = r.stopped;
  const polish = !s?.polished ? '' : c.activation === 'relu' ? ', knots then polished by Newton steps in float64' : `, then finished by bounded Levenberg–Marquardt (|weights| ≤ the best-found bound) in float64${s.fromStart ? ', the finish from its start beating the one from the trained network' : ''}`;
  // a restart dropped in the race whose finish from its start won: its trained network is not the one kept
  if (s?.reason === 'lagging' && s.fromStart) return `dropped at epoch ${s.epoch} of ${c.epochs} (lagging), then finished by bounded Levenberg–Marquardt (|weights| ≤ the best-found bound) in float64 from its start`;
  if (!s || s.reason === 'epochs' || s.reason === 'diverged' || s.epoch >= c.epochs) return `${c.epochs} epochs${polish}`;
  return `stopped at epoch ${s.epoch} of ${c.epochs} (${s.reason})${polish}`;
}

export function errors(r: RunRecord): string {
  if (r.status === 'diverged') return `DIVERGED: the loss was NaN or infinite at epoch ${r.divergedAt}; no result.`;
  const lines = [`learned${r.config.refit !== 'none' ? ' (refit)' : ''}: MSE ${num(r.metrics.mse)}   max |error| ${num(r.metrics.maxAbsError)}`];
  if (r.optimum && isBestFound(r)) lines.push(bestFoundLine(r, num));
  else if (r.optimum && !r.network) lines.push(deepOptimumLine(r, num));
  else if (r.optimum) {
    const ratio = ratioText(r.metrics.mse, r.optimum.mse, (v) => num(v, 3));
    lines.push(`best possible at width ${r.config.hidden}: MSE ${num(r.optimum.mse)} (max |error| ${num(r.optimum.maxAbsError)}); learned / best = ${ratio === 'exact' ? 'both exact (MSE at round-off level)' : ratio}`);
  }
  return lines.join('\n');
}

export function unitsTable(r: RunRecord): string {
  if (!r.network) return layersTable(r, table, num);
  const rows = r.hinges.map((h) => [String(h.unit), h.a, h.b, h.c, h.knot, h.direction, h.slopeChange, h.kind]);
  return table(['unit', 'a', 'b', 'c', 'knot -b/a', 'faces', 'slope change', 'kind'], rows) + `\nd = ${num(r.network.d)}`;
}

/** Why --compare auto chose this hₖ: 2k = width, or the largest hₖ whose knots fit the domain. */
export function autoReason(r: RunRecord): string {
  const width = r.config.hidden;
  if (r.config.compare !== 'auto' || !r.comparison || typeof width !== 'number') return '';
  const k = r.comparison.handbuilt.terms.length / 2;
  const want = Math.max(1, Math.floor(width / 2));
  if (want <= k) return `It is compared with ${r.comparison.handbuilt.name} (--compare auto: ${2 * k} units, as many as width ${width} allows).`;
  return `It is compared with ${r.comparison.handbuilt.name} (--compare auto): width ${width} would take h${want} (2k = width), but hₖ's knots lie at the centre ± 1…k−1 and h${k + 1}'s would not fit inside [${r.config.domain.join(', ')}], so ${r.comparison.handbuilt.name} (${2 * k} units) is the largest that does.`;
}

export function comparisonTable(r: RunRecord): string {
  const cmp = r.comparison;
  if (!cmp || !r.network) return '';
  const h = r.hinges;
  const t = cmp.handbuilt.terms;
  const rows = cmp.matches.map((m) => {
    const lu = m.unit === null ? null : h[m.unit];
    const ht = m.term === null ? null : t[m.term];
    return [
      lu ? `#${lu.unit}` : '',
      m.learnedKnot,
      lu ? lu.direction : '',
      lu ? lu.slopeChange : null,
      ht ? ht.knot : null,
      ht ? ht.direction : '',
      ht ? ht.slopeChange : null,
      m.knotDifference,
      m.slopeDifference,
    ];
  });
  const others = h.filter((u) => u.kind !== 'hinge').map((u) => `#${u.unit} ${u.kind}${u.kind === 'linear' ? ` (slope ${num(u.direction === 'right' ? u.slopeChange : -u.slopeChange)})` : ''}`);
  const f = cmp.functions;
  return [
    `learned hinges vs ${cmp.handbuilt.name} (matched by nearest knot):`,
    table(['unit', 'knot', 'faces', 'slope Δ', `${cmp.handbuilt.name} knot`, 'faces', 'slope Δ', 'knot diff', 'slope diff'], rows),
    others.length ? `not bending inside the domain: ${others.join(', ')}` : '',
    '',
    table(
      ['', 'MSE', 'max |error|', 'mean 0.5(y-ŷ)²'],
      [
        [`${cmp.handbuilt.name} (hand-built)`, f.handbuilt.mse, f.handbuilt.maxAbsError, f.handbuilt.meanLoss],
        [`learned${r.config.refit !== 'none' ? ' (refit)' : ''}`, f.learned.mse, f.learned.maxAbsError, f.learned.meanLoss],
        ...(r.optimum ? [[`best possible, width ${r.config.hidden}`, r.optimum.mse, r.optimum.maxAbsError, r.optimum.mse / 2]] : []),
      ],
    ),
  ]
    .filter((s, i, a) => s !== '' || (i > 0 && a[i - 1] !== ''))
    .join('\n');
}

/** A few plain sentences from the numbers. */
export function sentences(r: RunRecord): string {
  if (r.status !== 'ok') return '';
  if (!r.network) return isBestFound(r) ? [deepSentences({ ...r, ratio: null }, num), bestFoundSentence(r, num)].filter(Boolean).join(' ') : deepSentences(r, num);
  const out: string[] = [];
  const bending = r.hinges.filter((h) => h.kind === 'hinge').sort((p, q) => (p.knot as number) - (q.knot as number));
  const n = r.config.hidden;
  if (bending.length) {
    out.push(`The network bends at ${bending.length} of its ${n} units, at x = ${bending.map((h) => num(h.knot, 3)).join(', ')}.`);
  } else out.push(`None of the ${n} units bends inside the domain: the network is a straight line.`);
  const dead = r.hinges.filter((h) => h.kind === 'dead').length;
  const linear = r.hinges.filter((h) => h.kind === 'linear').length;
  if (dead) out.push(`${dead} unit${dead > 1 ? 's are' : ' is'} dead (never active on the grid, so ${dead > 1 ? 'they get' : 'it gets'} no gradient and add${dead > 1 ? '' : 's'} nothing).`);
  if (linear) out.push(`${linear} unit${linear > 1 ? 's are' : ' is'} active everywhere, adding only a straight line.`);
  const cmp = r.comparison;
  if (cmp) {
    const why = autoReason(r);
    if (why) out.push(why);
    const hb = cmp.functions.handbuilt.mse;
    const lr = cmp.functions.learned.mse;
    const moved = cmp.matches.filter((m) => m.knotDifference !== null && Math.abs(m.knotDifference) > 0.05);
    out.push(
      isExact(lr) && isExact(hb)
        ? `It and ${cmp.handbuilt.name} are both exact on the grid (MSE at round-off level: ${num(lr)} and ${num(hb)}).`
        : isExact(lr)
        ? `It is exact on the grid (MSE ${num(lr)}, round-off), while ${cmp.handbuilt.name}'s MSE is ${num(hb)}.`
        : isExact(hb)
        ? `${cmp.handbuilt.name} is exact on the grid (MSE ${num(hb)}, round-off); the learned network's MSE is ${num(lr)}.`
        : lr < hb
        ? `Its MSE is ${num(hb / lr, 3)}× lower than ${cmp.handbuilt.name}'s (${num(lr)} vs ${num(hb)}): ${cmp.handbuilt.name} is exact at x = ${cmp.handbuilt.nodes.map((x) => num(x, 3)).join(', ')} and misses in between and beyond, while training puts its knots where they lower the error over the whole grid.`
        : `Its MSE is ${num(lr / hb, 3)}× that of ${cmp.handbuilt.name} (${num(lr)} vs ${num(hb)}).`,
    );
    if (moved.length) {
      const mk = moved.slice(0, 4).map((m) => `${num(m.handKnot, 3)} → ${num(m.learnedKnot, 3)}`);
      out.push(`Compared with ${cmp.handbuilt.name}, knots moved ${mk.join(', ')}${moved.length > 4 ? ', …' : ''}.`);
    }
  }
  if (r.ratio !== null) {
    const best = r.optimum!.mse;
    out.push(
      isExact(best)
        ? isExact(r.metrics.mse)
          ? `The learned network and the best width-${n} network are both exact on the grid (MSE at round-off level).`
          : `A width-${n} network can be exact here (MSE at round-off level); training ended at MSE ${num(r.metrics.mse)}.`
        : r.ratio < 1 + 1e-6
        ? `Training reached the best error any width-${n} network can reach (to within 1e-6).`
        : r.ratio < 1.1
        ? `Training got within ${num((r.ratio - 1) * 100, 2)}% of the best error any width-${n} network can reach.`
        : `The best width-${n} network reaches ${num(r.optimum!.mse)}; training ended ${num(r.ratio, 3)}× above it.`,
    );
  }
  return out.join(' ');
}

/** Target, hand-built and learned on one chart, and their pointwise losses on another. */
export function charts(r: RunRecord, data: GridData, hb: HandBuilt | null, view: View): string {
  if (r.status !== 'ok') return '';
  const v = runCurves(r, data, hb);
  const series = [{ name: `${r.target.formula} (target)`, ys: v.target }];
  if (v.handbuilt) series.push({ name: `${v.handbuilt.name} (hand-built)`, ys: v.handbuilt.ys });
  series.push({ name: `learned, ${r.network ? `width ${r.config.hidden}` : `hidden ${r.net.layers.map((l) => l.b.length).join(',')}`}`, ys: v.learned });
  const out = [chart(v.xs, series, { ...view, title: `${r.target.formula} and what approximates it` })];
  const losses = [];
  if (v.handbuilt) losses.push({ name: `${v.handbuilt.name} loss`, ys: v.handbuilt.loss });
  losses.push({ name: 'learned loss', ys: v.learnedLoss });
  out.push(chart(v.xs, losses, { ...view, log: true, title: 'pointwise loss 0.5·(y − ŷ)²' }));
  return out.join('\n\n');
}

/** The whole report of one run. */
export function runReport(r: RunRecord, data: GridData, hb: HandBuilt | null, view: View): string {
  const w = (t: string) => wrap(t, view.width);
  const centre = [(r.config.domain[0] + r.config.domain[1]) / 2];
  const powers = r.status === 'ok' && readingKind(r.net) === 'taylor' ? runTaylorText(r.net, data.xs, r.config.domain, table, (t) => w(t), num) : '';
  return [w(header(r)), w(errors(r)), w(readingLine(r.net, centre)), r.status === 'ok' ? unitsTable(r) : '', powers, comparisonTable(r), charts(r, data, hb, view), w(sentences(r))]
    .filter(Boolean)
    .join('\n\n');
}

/** `relu-lab handbuilt`: h1..hk against the target, their errors, and their pointwise losses together. */
export function handbuiltReport(targetFormula: string, data: GridData, sums: HandBuilt[], view: View): string {
  const parts: string[] = [];
  const rows: (string | number)[][] = [];
  const losses: { name: string; ys: Float64Array }[] = [];
  for (const hb of sums) {
    const ys = evalTerms(hb.terms, hb.d, data.xs);
    const m = metrics(data.ys, ys);
    rows.push([hb.name, hb.terms.length, m.mse, m.maxAbsError, m.meanLoss]);
    losses.push({ name: `${hb.name} loss`, ys: pointwiseLoss(data.ys, ys) });
    // w·g(s·(x − k)) written as the answer writes it: 2·g(x - 1), 1·g(-x), ...
    const formula = hb.terms
      .map((t, i) => {
        const shift = t.direction === 'right' ? -t.knot : t.knot;
        const inner = `${t.direction === 'right' ? 'x' : '-x'}${shift === 0 ? '' : shift < 0 ? ` - ${num(-shift, 3)}` : ` + ${num(shift, 3)}`}`;
        const sign = t.slopeChange < 0 ? (i || hb.d ? ' - ' : '-') : i || hb.d ? ' + ' : '';
        return `${sign}${num(Math.abs(t.slopeChange), 3)}·g(${inner})`;
      })
      .join('');
    parts.push(
      chart(data.xs, [{ name: `${targetFormula} (target)`, ys: data.ys }, { name: hb.name, ys }], {
        ...view,
        title: `${hb.name}(x) = ${hb.d ? num(hb.d) : ''}${formula}`,
      }),
    );
  }
  parts.push(chart(data.xs, losses, { ...view, title: `pointwise loss 0.5·(y − ŷ)² of ${sums.map((s) => s.name).join(' and ')}` }));
  parts.push(table(['sum', 'units', 'MSE', 'max |error|', 'mean 0.5(y-ŷ)²'], rows));
  return parts.join('\n\n');
}

/** `relu-lab optimum`: the best network of a width, its units and its curve against the target. */
export function optimumReport(g: { target: string; domain: readonly number[]; samples: number }, data: GridData, opt: Optimum, seconds: number, view: View): string {
  const formula = target(g.target).formula;
  const n = opt.hidden;
  const hs = hinges(opt.network, data.xs);
  return [
    `best width-${n} ReLU network for ${formula} on [${g.domain.join(', ')}], ${g.samples} points (${seconds.toFixed(2)} s)`,
    `MSE ${num(opt.mse)}   max |error| ${num(opt.maxAbsError)}`,
    '',
    table(['unit', 'knot', 'faces', 'slope change', 'kind'], hs.map((h) => [String(h.unit), h.knot, h.direction, h.slopeChange, h.kind])) + `\nd = ${num(opt.network.d)}`,
    '',
    chart(data.xs, [{ name: `${formula} (target)`, ys: data.ys }, { name: `best width ${n}`, ys: predict(opt.network, data.xs) }], { ...view, title: `${formula} and the best width-${n} network` }),
  ].join('\n');
}
