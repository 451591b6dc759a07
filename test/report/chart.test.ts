import { describe, expect, it } from 'vitest';
import { chart, resample, ticks, visibleWidth } from '../../src/report/chart.js';
import { grid } from '../../src/math/targets.js';

const xs = grid([-3, 3], 1000);
const series = [
  { name: 'x² (target)', ys: xs.map((x) => x * x) },
  { name: 'h2', ys: xs.map((x) => Math.abs(x) + 2 * Math.max(Math.abs(x) - 1, 0)) },
  { name: 'learned', ys: xs.map((x) => x * x + 0.1) },
];

describe('chart', () => {
  it('never draws a line wider than the width asked for', () => {
    for (const width of [40, 60, 80, 123]) {
      for (const color of [false, true]) {
        const text = chart(xs, series, { width, height: 10, color, title: 'a title that is rather long for a narrow terminal indeed' });
        expect(visibleWidth(text)).toBeLessThanOrEqual(width);
      }
    }
  });

  it('has a legend naming every series, with a distinct symbol each when not in colour', () => {
    const text = chart(xs, series, { width: 80, height: 10, color: false });
    const legend = text.split('\n').at(-1)!;
    expect(legend).toContain('── x² (target)');
    expect(legend).toContain('** h2');
    expect(legend).toContain('++ learned');
    expect(text).not.toMatch(/\x1b\[/);
    expect(text).toContain('+');
  });

  it('colours series with ANSI codes only when asked', () => {
    expect(chart(xs, series, { width: 80, height: 10, color: true })).toMatch(/\x1b\[3\dm/);
  });

  it('labels the x axis in domain units, inside the domain', () => {
    const t = ticks(-3, 3, 69);
    expect(t.map((x) => x.label)).toEqual(['-3', '-2', '-1', '0', '1', '2', '3']);
    for (const x of t) expect(x.col).toBeGreaterThanOrEqual(0);
    for (const x of t) expect(x.col).toBeLessThan(69);
    const text = chart(xs, series, { width: 80, height: 8, color: false });
    const labels = text.split('\n').at(-2)!.trim().split(/\s+/).map(Number);
    expect(labels.length).toBeGreaterThanOrEqual(3);
    for (const v of labels) {
      expect(v).toBeGreaterThanOrEqual(-3);
      expect(v).toBeLessThanOrEqual(3);
    }
  });

  it('draws a log scale for losses, marked as such', () => {
    const text = chart(xs, [{ name: 'loss', ys: xs.map((x) => 10 ** x) }], { width: 60, height: 7, color: false, log: true });
    expect(text).toContain('(log scale)');
    expect(text).toContain('1.0e3');
    expect(text).toContain('1.0e-3');
  });

  it('resamples by linear interpolation, keeping the ends', () => {
    expect(resample([0, 1, 2], [0, 10, 20], 5)).toEqual([0, 5, 10, 15, 20]);
  });
});
