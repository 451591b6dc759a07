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

  it('drops non-positive values on a log scale instead of failing', async () => {
    const f = await figure('loss', [{ name: 'loss', xs, ys: xs.map((x) => x * x) }], { title: 'loss', xTitle: 'x', yTitle: 'loss', log: true });
    expect(f.svg).toContain('<svg');
  }, 30_000);
});
