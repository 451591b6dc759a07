import { describe, expect, it } from 'vitest';
import { figure, figureSpec } from '../../src/report/figures.js';
import { grid } from '../../src/math/targets.js';

describe('figures', () => {
  const xs = grid([-3, 3], 1000);
  const series = [
    { name: 'x² (target)', xs, ys: xs.map((x) => x * x) },
    { name: 'h2', xs, ys: xs.map((x) => Math.abs(x)) },
  ];

  it('renders an SVG with title, axes and a legend naming every series', async () => {
    const f = await figure('fit', series, { title: 'x² and h2', xTitle: 'x', yTitle: 'y' });
    expect(f.svg.startsWith('<svg')).toBe(true);
    for (const s of ['x² and h2', 'x² (target)', 'h2', '>x<', '>y<']) expect(f.svg).toContain(s);
    expect(f.spec.$schema).toMatch(/vega-lite/);
  }, 30_000);

  it('keeps a spec with the data thinned to at most ~400 points per series, ends included', () => {
    const spec = figureSpec(series, { title: 't', xTitle: 'x', yTitle: 'y' }) as { layer: { data: { values: { x: number; series: string }[] } }[] };
    const values = spec.layer[0].data.values.filter((v) => v.series === 'h2');
    expect(values.length).toBeLessThanOrEqual(401);
    expect(values[0].x).toBe(-3);
    expect(values.at(-1)!.x).toBe(3);
  });

  it('drops zero and negative values on a log scale, and draws every positive one', async () => {
    // x = −3, −2.5, …, 3 holds x = 0 exactly: x² is 0 there, x³ is ≤ 0 on the left half
    const half = Array.from({ length: 13 }, (_, i) => (i - 6) / 2);
    const curves = [
      { name: 'x²', xs: half, ys: half.map((x) => x * x) },
      { name: 'x³', xs: half, ys: half.map((x) => x * x * x) },
    ];
    type Row = { x: number; y: number; series: string };
    const rows = (log: boolean) => (figureSpec(curves, { title: 't', xTitle: 'x', yTitle: 'y', log }) as { layer: { data: { values: Row[] } }[] }).layer[0].data.values;
    expect(rows(false)).toHaveLength(26);
    const kept = rows(true);
    expect(kept.every((r) => r.y > 0)).toBe(true);
    expect(kept.filter((r) => r.series === 'x²').map((r) => r.x)).toEqual(half.filter((x) => x !== 0));
    expect(kept.filter((r) => r.series === 'x³').map((r) => r.x)).toEqual(half.filter((x) => x > 0));
    // a zero on a log axis would draw as NaN/Infinity in the SVG path
    const f = await figure('loss', curves, { title: 'loss', xTitle: 'x', yTitle: 'loss', log: true });
    expect(f.svg).toContain('<svg');
    expect(f.svg).not.toMatch(/NaN|Infinity/);
  }, 30_000);
});
