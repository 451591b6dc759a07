import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/terminal.js';
import { cascadeTable } from '../../src/math/cascade.js';
import { grid } from '../../src/math/targets.js';
import { tempDir } from '../helpers.js';

function run(args: string[]) {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => void (out += s), err: (s) => void (err += s), stdoutTTY: false, stderrTTY: false, columns: undefined, env: {} };
  return main(['node', 'relu-lab', ...args], io).then((code) => ({ code, out, err }));
}

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
  ])('%j: one line, exit 2, nothing written', async (args, pattern) => {
    const dir = join(tempDir(), 'figs');
    const r = await run(['handbuilt', ...args, '--figures', dir]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(pattern);
    expect(existsSync(dir)).toBe(false);
  });

  it('--json: one object whose numbers are the cascade table, TF.js agreeing to float32; --figures writes the SVGs', async () => {
    const dir = join(tempDir(), 'figs');
    const r = await run(['handbuilt', '--cascade', '4', '--json', '--quiet', '--figures', dir]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    const o = JSON.parse(r.out);
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
    expect(readdirSync(dir).sort()).toEqual(['cascade-error.svg', 'cascade-error.vl.json', 'cascade-mse-vs-parameters.svg', 'cascade-mse-vs-parameters.vl.json', 'cascade.svg', 'cascade.vl.json']);
  }, 60_000);

  it('prints the layers, the table and the chart as text', async () => {
    const r = await run(['handbuilt', '--cascade', '2', '--quiet']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('layer 3 (3 relu): h3.0 = relu(2·h2.0 − 4·h2.1); h3.1 = relu(2·h2.0 − 4·h2.1 − 0.5); h3.2 = relu(0.5·h2.0 + h2.1)');
    expect(r.out).toContain('output: y = −1.125·h3.0 + 2.25·h3.1 + 9·h3.2');
    expect(r.out).toMatch(/^2 +3 +7 +23 +8 +0\.01054 +0\.1406 +0\.1406 /m);
    expect(r.out).toContain('x² and the cascade for m = 0, 1, 2');
  });
});
