import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { activationRows, activationsFigures, activationsMd, winners } from '../../src/report/activations-summary.js';
import type { RunRecord } from '../../src/experiment/run.js';

const rec = (activation: string, hidden: number, seed: number, mse: number, ref: number, label: 'best possible' | 'best found', boundActive = false) =>
  ({ id: `${activation}-${hidden}-${seed}`, record: { config: { target: 'square', activation, hidden, seed }, status: 'ok', metrics: { mse }, ratio: mse / ref, largestWeight: 3, optimum: { mse: ref, label, boundActive } } as unknown as RunRecord });

describe('the comparison of activations', () => {
  it('pools seeds per activation and width, and names the best activation at each width against relu', () => {
    const runs = [rec('relu', 2, 0, 0.1, 0.09, 'best possible'), rec('relu', 2, 1, 0.3, 0.09, 'best possible'), rec('tanh', 2, 0, 0.01, 1e-6, 'best found', true), rec('tanh', 2, 1, 0.03, 1e-6, 'best found', true)];
    const rows = activationRows(runs);
    expect(rows.map((r) => [r.activation, r.runs, r.median, r.label, r.boundActive])).toEqual([
      ['relu', 2, 0.2, 'best possible', false],
      ['tanh', 2, 0.02, 'best found', true],
    ]);
    expect(rows[1].medianRatio).toBeCloseTo(20000, 6);
    expect(winners(rows)).toEqual([{ target: 'square', width: 2, best: 'tanh', mse: 0.02, relu: 0.2, roundOff: false }]);
  });

  it('gives no ratio between round-off errors: activations tied at round-off, relu / best only bounded below', () => {
    // x² at width 32 as the shipped sweep has it: a finished sin network at 1e-29 in float64, gelu at 4.5e-14, relu at its optimum
    const runs = [rec('relu', 32, 0, 5.8e-6, 5.8e-6, 'best possible'), rec('sin', 32, 0, 1.4e-29, 2.4e-12, 'best found'), rec('gelu', 32, 0, 4.5e-14, 8.6e-13, 'best found'), rec('tanh', 32, 0, 1.3e-11, 1.8e-11, 'best found')];
    const [w] = winners(activationRows(runs));
    expect(w).toMatchObject({ best: 'sin, gelu', roundOff: true });
    const md = activationsMd(runs);
    expect(md).toContain('| square | 32 | sin, gelu (round-off) | 1.400e-29 | 5.800e-6 | ≥ 5.80e+6 |');
    const cells = (act: string) => md.split('\n').find((l) => l.startsWith(`| square | ${act} | 32 |`))!.split(' | ');
    expect(cells('gelu').slice(8, 10)).toEqual(['exact', 'exact']);
    // the learned at round-off, its best found (2.4e-12) just above it
    expect(cells('sin').slice(8, 10)).toEqual(['round-off', 'round-off']);
    expect(cells('tanh').slice(8, 10)).toEqual(['0.722', '0.722']);
  });

  it('draws an activation’s learned curve and its reference in one colour, solid and dashed, and each activation in its own', async () => {
    const runs = [rec('relu', 2, 0, 0.1, 0.09, 'best possible'), rec('relu', 4, 0, 0.01, 0.009, 'best possible'), rec('tanh', 2, 0, 0.01, 1e-6, 'best found'), rec('tanh', 4, 0, 0.001, 1e-8, 'best found')];
    const [fig] = await activationsFigures(runs);
    const spec = JSON.stringify(fig.spec);
    expect(spec).toContain('"relu learned"');
    const layer = (fig.spec as { layer: { encoding: Record<string, { scale?: { domain: string[]; range: unknown[] } }> }[] }).layer.find((l) => l.encoding.strokeDash);
    const color = layer!.encoding.color.scale!;
    const dash = layer!.encoding.strokeDash.scale!;
    expect(color.domain).toEqual(['relu learned', 'relu best possible', 'tanh learned', 'tanh best found']);
    expect(color.range[0]).toBe(color.range[1]);
    expect(color.range[2]).toBe(color.range[3]);
    expect(color.range[0]).not.toBe(color.range[2]);
    expect(dash.range).toEqual([[], [6, 3], [], [6, 3]]);
  });

  it('a sweep listing activations writes the section, the figure and the columns; relu-only sweeps keep their csv header', () => {
    const dir = tempDir();
    const file = join(dir, 'acts.json');
    writeFileSync(file, JSON.stringify({ activation: ['relu', 'tanh'], hidden: [1, 2], epochs: 20, samples: 50, restarts: 1 }));
    const out = join(dir, 'out');
    const r = cli(['sweep', file, '--out', out, '--height', '6']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/square: median learned MSE vs width, by activation/);
    expect(r.stdout).toMatch(/best possible \(relu\) \/ best found \(others\)/);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toMatch(/## Activations: MSE by width/);
    expect(md).toMatch(/\| square \| tanh \| 2 \| 1 \| .* \| best found /);
    expect(existsSync(join(out, 'activations-square.svg'))).toBe(true);
    const csv = readFileSync(join(out, 'summary.csv'), 'utf8').split('\n');
    expect(csv[0]).toMatch(/,id,activation,reference,bound_active,largest_weight$/);
    expect(csv.filter((l) => /,tanh,best found,/.test(l))).toHaveLength(2);
  });
});
