// Terminal heatmaps: ramp when piped, 256-colour or truecolour cells on a terminal, folds drawn as
// lines, a legend with the range; and the vega-lite specification of the same panels.
import { describe, expect, it } from 'vitest';
import { colorAt, heatmapSpec, heatmaps, rangeOf, xterm256 } from '../../src/report/heatmap.js';
import { planeGrid, sample2 } from '../../src/math/targets2.js';

const g = planeGrid([[-3, 3], [-3, 3]], 41);
const product = sample2('product', g);
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('terminal heatmaps', () => {
  it('piped: a density ramp, low values light, high dark, and the range in the legend', () => {
    const out = heatmaps(g, [{ title: 'x1·x2', values: product }], { width: 40, color: false });
    expect(out).not.toMatch(/\x1b/);
    const lines = out.split('\n');
    expect(lines[0].trim()).toBe('x1·x2');
    const map = lines.slice(1, -3);
    expect(map.length).toBeGreaterThanOrEqual(4);
    // top-left (−3, 3) is −9: the lightest; top-right (3, 3) is 9: the darkest
    expect(map[0][0]).toBe(' ');
    expect(map[0].trimEnd().at(-1)).toBe('@');
    expect(map.at(-1)![0]).toBe('@');
    expect(lines.at(-2)).toMatch(/^-9 .* 0 .* 9$/);
    expect(lines.at(-1)).toMatch(/x1 from -3 \(left\) to 3 \(right\)/);
  });

  it('draws a vertical fold as a column of | and a diagonal one as / marks', () => {
    const out = heatmaps(g, [{ title: 'folds', values: product, lines: [{ a1: 1, a2: 0, b: 0 }] }], { width: 41, color: false });
    const map = out.split('\n').slice(1, -3);
    const cols = map.map((row) => row.indexOf('|'));
    expect(new Set(cols).size).toBe(1);
    expect(cols[0]).toBeGreaterThan(0);
    const diag = heatmaps(g, [{ title: 'folds', values: product, lines: [{ a1: 1, a2: -1, b: 0 }] }], { width: 41, color: false });
    expect(diag.split('\n').slice(1, -3).every((row) => row.includes('/'))).toBe(true);
  });

  it('panels sit side by side at the same width, a shared range gives equal colours', () => {
    const out = heatmaps(g, [{ title: 'a', values: product, range: [-9, 9] }, { title: 'b', values: product, range: [-9, 9] }, { title: 'c', values: product.map((v) => -v) }], { width: 80, color: false });
    const rows = out.split('\n').slice(1, -3);
    const w = Math.floor((80 - 6) / 3);
    for (const r of rows) expect(r.slice(0, w)).toBe(r.slice(w + 3, 2 * w + 3));
  });

  it('on a terminal: background colours, truecolour or the 256-colour cube', () => {
    const c256 = heatmaps(g, [{ title: 't', values: product }], { width: 30, color: true });
    expect(c256).toMatch(/\x1b\[48;5;\d+m/);
    expect(c256).not.toMatch(/48;2;/);
    const tc = heatmaps(g, [{ title: 't', values: product, lines: [{ a1: 0, a2: 1, b: 0.5 }] }], { width: 30, color: true, truecolor: true });
    expect(tc).toMatch(/\x1b\[48;2;245;147;34m/); // the lowest value's Playground orange
    expect(strip(tc)).toContain('─');
    // every map line has the same visible width
    const widths = new Set(strip(tc).split('\n').slice(1, -3).map((l) => [...l].length));
    expect(widths.size).toBe(1);
  });

  it('colour scale and cube', () => {
    expect(colorAt(0)).toEqual([245, 147, 34]);
    expect(colorAt(1)).toEqual([8, 119, 189]);
    expect(colorAt(0.5)).toEqual([232, 234, 235]);
    expect(xterm256([0, 0, 0])).toBe(16);
    expect(xterm256([255, 255, 255])).toBe(231);
    expect(rangeOf([-1, 3])).toEqual([-3, 3]);
    expect(rangeOf([1, 3])).toEqual([1, 3]);
    expect(rangeOf([2, 2])).toEqual([1, 3]);
  });

  it('the SVG specification has one map per panel and the folds as rules', () => {
    const spec = heatmapSpec(g, [{ title: 'target', values: product }, { title: 'net', values: product, lines: [{ a1: 1, a2: 1, b: 0 }, { a1: 1, a2: 0, b: 10 }] }], 'x');
    const panels = spec.hconcat as { layer: { mark: { type: string }; data: { values: unknown[] } }[] }[];
    expect(panels).toHaveLength(2);
    expect(panels[0].layer).toHaveLength(1);
    expect(panels[0].layer[0].data.values).toHaveLength(41 * 41);
    expect(panels[1].layer[1].mark.type).toBe('rule');
    expect(panels[1].layer[1].data.values).toHaveLength(1); // the fold outside the domain is not drawn
  });
});

describe('plane report parts', () => {
  it('compares a network with the polarisation construction side by side, folds by family', async () => {
    const { sideBySide, foldFamilies, planeNetReport, readNet } = await import('../../src/report/plane.js');
    const { constructionHk } = await import('../../src/math/polarisation.js');
    const y = sample2('product', g);
    const polar = constructionHk('product', 2, [[-3, 3], [-3, 3]]).net;
    const axes = constructionHk('saddle', 2, [[-3, 3], [-3, 3]]).net;
    expect(foldFamilies(readNet(polar, g, y).folds)).toBe('diagonal 8, axis-parallel 0, other 0');
    expect(foldFamilies(readNet(axes, g, y).folds)).toBe('diagonal 0, axis-parallel 8, other 0');
    const table = sideBySide([{ name: 'learned', net: axes }, { name: 'h2 sums', net: polar }], g, y);
    expect(table).toMatch(/f12 share\s+0\s+1/);
    expect(table).toMatch(/regions\s+16\s+12/);
    const report = planeNetReport({ targetName: 'product', g, y, net: polar, name: 'learned', compare: [{ name: 'best 8', net: polar }] }, { view: { width: 80, height: 14, color: false }, truecolor: false });
    expect(report).toMatch(/12\s+linear\s+regions in the domain/);
    expect(report).toContain('lines: folds');
  });
});

describe('plane report of a deep network', () => {
  it('counts activation patterns on a grid and has no folds table', async () => {
    const { planeNetReport, readNet } = await import('../../src/report/plane.js');
    const deep = {
      inputs: 2,
      layers: [
        { activation: 'relu' as const, W: [[1, 0], [0, 1]], b: [0, 0] },
        { activation: 'relu' as const, W: [[1, 1]], b: [-1] },
      ],
      output: { w: [1], d: 0 },
    };
    const y = sample2('product', g);
    const r = readNet(deep, g, y);
    expect(r.folds).toEqual([]);
    // quadrant patterns of layer 1 (4), each split by layer 2 where relu(x1)+relu(x2) = 1 (3 of them reach it)
    expect(r.regions).toBe(7);
    const report = planeNetReport({ targetName: 'product', g, y, net: deep, name: 'deep', compare: [] }, { view: { width: 80, height: 14, color: false }, truecolor: false });
    expect(report).toMatch(/7\s+linear\s+regions/);
    expect(report).toMatch(/broken lines/);
    const tanh = { ...deep, layers: deep.layers.map((l) => ({ ...l, activation: 'tanh' as const })) };
    expect(readNet(tanh, g, y).regions).toBeNull();
  });
});
