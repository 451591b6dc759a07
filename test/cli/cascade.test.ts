import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cascadeTable } from '../../src/math/cascade.js';
import { grid } from '../../src/math/targets.js';
import { run, tempDir } from '../helpers.js';

describe('relu-lab handbuilt --cascade', () => {
  it.each([
    [['--cascade', '13'], /^relu-lab: --cascade: "13" is not allowed; expected a whole number from 0 to 12/],
    [['--cascade', '-1'], /--cascade: "-1" is not allowed/],
    [['--cascade', '2.5'], /--cascade: "2\.5" is not allowed/],
    [['--cascade', 'abc'], /--cascade: "abc" is not allowed/],
    [['--cascade', ''], /--cascade: "" is not allowed/],
    [['--cascade', '3', '--target', 'sin'], /--target: "sin" is not allowed with --cascade; the cascade builds x², expected square/],
    [['--cascade', '3', '--domain', '-1,3'], /--domain: \[-1, 3\] is not allowed with --cascade; expected a domain symmetric about 0/],
    [['--cascade', '3', '--k', '2'], /--k: "2" is not allowed with --cascade/],
    [['--cascade', '3', '--height', '2'], /--height: "2" is not allowed/],
    [['--shallow'], /--shallow: true is not allowed without --cascade/],
  ])('%j: one line, exit 2, nothing written', async (args, pattern) => {
    const dir = join(tempDir(), 'figs');
    const r = await run(['handbuilt', ...args, '--figures', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(existsSync(dir)).toBe(false);
  });

  it('--json: one object whose numbers are the cascade table, TF.js agreeing to float32; --figures writes the SVGs', async () => {
    const dir = join(tempDir(), 'figs');
    const r = await run(['handbuilt', '--cascade', '4', '--json', '--quiet', '--figures', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const o = JSON.parse(r.stdout);
    const ref = cascadeTable(4, 3, grid([-3, 3], 1000), (x) => x * x);
    expect(o.rows).toHaveLength(5);
    o.rows.forEach((row: { mse: number; pieces: number; parameters: number; tfjsMaxDiff: number; maxAbsError: number; bound: number }, m: number) => {
      expect(row.mse).toBe(ref[m].mse);
      expect(row.pieces).toBe(2 ** (m + 1));
      expect(row.parameters).toBe(ref[m].parameters);
      expect(row.tfjsMaxDiff).toBeLessThan(1e-5);
      expect(row.maxAbsError).toBeLessThanOrEqual(row.bound * (1 + 1e-9));
    });
    expect(o.net.layers).toHaveLength(5);
    expect(o.reading.knots).toHaveLength(31);
    expect(o.reading.layers.map((l: { dead: number[] }) => l.dead.length)).toEqual([0, 0, 0, 0, 0]);
    expect(readdirSync(dir).sort()).toEqual(['cascade-error.svg', 'cascade-error.vl.json', 'cascade-mse-vs-parameters.svg', 'cascade-mse-vs-parameters.vl.json', 'cascade.svg', 'cascade.vl.json']);
  }, 60_000);

  it('prints the layers, the table and the chart as text', async () => {
    const r = await run(['handbuilt', '--cascade', '2', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('layer 3 (3 relu): h3.0 = relu(2·h2.0 − 4·h2.1); h3.1 = relu(2·h2.0 − 4·h2.1 − 0.5); h3.2 = relu(0.5·h2.0 + h2.1)');
    expect(r.stdout).toContain('output: y = −1.125·h3.0 + 2.25·h3.1 + 9·h3.2');
    expect(r.stdout).toMatch(/^2 +3 +7 +23 +8 +0\.01054 +0\.1406 +0\.1406 /m);
    expect(r.stdout).toContain('x² and the cascade for m = 0, 1, 2');
    // the exact reading: a kink names only the units that switch there (h2.0 = relu(|x|/3) touches 0 at x = 0 but never switches)
    expect(r.stdout).toContain('8 linear pieces on [-3, 3] (at most 36 for widths 2,2,3: ∏(n + 1)); 7 knots');
    expect(r.stdout).toMatch(/x = +0 +slope -0\.75 → 0\.75 +from h1\.0, h1\.1\n/);
    expect(r.stdout).toMatch(/x = +1\.5 +slope 2\.25 → 3\.75 +from h2\.1\n/);
  });
});
