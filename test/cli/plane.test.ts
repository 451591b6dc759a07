// `handbuilt` with two-input targets, run in-process: the report, --json whose networks reproduce
// their reported MSE in an independent evaluation, colour only on a terminal, figures, bad input.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/terminal.js';
import { tempDir } from '../helpers.js';

function run(args: string[], tty = false, env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => void (out += s), err: (s) => void (err += s), stdoutTTY: tty, stderrTTY: tty, columns: 100, env };
  return main(['node', 'relu-lab', ...args], io).then((code) => ({ code, out, err }));
}

describe('relu-lab handbuilt --target <two-input>', () => {
  it('prints the constructions, their folds along the diagonals and heatmaps without colour when piped', async () => {
    const r = await run(['handbuilt', '--target', 'product', '--k', '2', '--samples', '21']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('x1·x2 = 0.25·(x1 + x2)² − 0.25·(x1 − x2)²');
    expect(r.out).toMatch(/h1 sums\s+4 /);
    expect(r.out).toMatch(/h2 sums\s+8 /);
    expect(r.out).toMatch(/folds of h2 sums \(width 8\)/);
    expect(r.out).toContain('lines: folds');
    expect(r.out).not.toMatch(/\x1b\[/);
  });

  it('--json: each network reproduces its MSE and shares in an independent evaluation', async () => {
    const r = await run(['handbuilt', '--target', 'product', '--k', '2', '--samples', '11', '--domain=-2,2', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.constructions.map((c: { name: string }) => c.name)).toEqual(['h1 sums', 'h2 sums', 'best 4', 'best 8']);
    for (const c of j.constructions) {
      let sse = 0;
      for (let i2 = 0; i2 < 11; i2++) {
        for (let i1 = 0; i1 < 11; i1++) {
          const x1 = -2 + (4 * i1) / 10;
          const x2 = -2 + (4 * i2) / 10;
          const layer = c.net.layers[0];
          let y = c.net.output.d;
          layer.W.forEach((w: number[], u: number) => (y += c.net.output.w[u] * Math.max(0, w[0] * x1 + w[1] * x2 + layer.b[u])));
          sse += (y - x1 * x2) ** 2;
        }
      }
      expect(sse / 121).toBeCloseTo(c.mse, 10);
      expect(c.interaction.share12).toBeGreaterThan(0.99);
      expect(c.folds.every((f: { angle: number }) => Math.abs(Math.abs(f.angle) - 90) === 45)).toBe(true);
    }
  });

  it('colour on a terminal (truecolour when COLORTERM says so), none with NO_COLOR', async () => {
    const tc = await run(['handbuilt', '--target', 'bowl', '--k', '1', '--samples', '11'], true, { COLORTERM: 'truecolor' });
    expect(tc.out).toMatch(/\x1b\[48;2;/);
    const c256 = await run(['handbuilt', '--target', 'bowl', '--k', '1', '--samples', '11'], true, {});
    expect(c256.out).toMatch(/\x1b\[48;5;/);
    const none = await run(['handbuilt', '--target', 'bowl', '--k', '1', '--samples', '11'], true, { NO_COLOR: '1' });
    expect(none.out).not.toMatch(/\x1b\[/);
  });

  it('--figures writes SVG heatmaps and their vega-lite specs', async () => {
    const dir = join(tempDir(), 'figs');
    const r = await run(['handbuilt', '--target', 'ridge', '--k', '1', '--samples', '11', '--figures', dir]);
    expect(r.code, r.err).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['plane-best-2.svg', 'plane-best-2.vl.json', 'plane-h1-sums.svg', 'plane-h1-sums.vl.json']);
  }, 30_000);

  it.each([
    [['--domain=1,0'], /--domain: "1,0" is not allowed; expected lo,hi for both axes or lo1,hi1,lo2,hi2/],
    [['--domain=1,2,3'], /--domain: "1,2,3" is not allowed/],
    [['--samples', '1'], /--samples: "1" is not allowed; expected a whole number ≥ 2/],
    [['--samples', '5000'], /--samples: 5000×5000 = 25000000 grid points do not fit; expected at most 1000000/],
    [['--k', '0'], /--k: "0" is not allowed; expected a whole number from 1 to 16/],
  ])('refuses %j in one line, exit 2, nothing written', async (args, pattern) => {
    const dir = join(tempDir(), 'figs');
    const r = await run(['handbuilt', '--target', 'product', ...args, '--figures', dir]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(pattern);
    expect(existsSync(dir)).toBe(false);
  });

  it('--figures pointing at a file is refused before any work', async () => {
    const file = join(tempDir(), 'f');
    writeFileSync(file, '');
    const r = await run(['handbuilt', '--target', 'product', '--figures', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--figures: .* is an existing file/);
  });
});

describe('relu-lab train --target <two-input>', () => {
  it('trains, prints one JSON record whose network reproduces its MSE, and saves the layers format with input shape 2', async () => {
    const dir = join(tempDir(), 'out');
    const r = await run(['train', '--target', 'product', '--hidden', '4', '--epochs', '40', '--samples', '11', '--restarts', '2', '--quiet', '--json', '--out', dir]);
    expect(r.code, r.err).toBe(0);
    const rec = JSON.parse(r.out);
    expect(rec.kind).toBe('plane');
    expect(rec.restartMse).toHaveLength(2);
    const layer = rec.net.layers[0];
    let sse = 0;
    for (let i2 = 0; i2 < 11; i2++) {
      for (let i1 = 0; i1 < 11; i1++) {
        const x1 = -3 + (6 * i1) / 10;
        const x2 = -3 + (6 * i2) / 10;
        let y = rec.net.output.d;
        layer.W.forEach((w: number[], u: number) => (y += rec.net.output.w[u] * Math.max(0, w[0] * x1 + w[1] * x2 + layer.b[u])));
        sse += (y - x1 * x2) ** 2;
      }
    }
    expect(sse / 121).toBeCloseTo(rec.mse, 10);
    expect(rec.mse).toBe(Math.min(...rec.restartMse));
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'run.json', 'weights.bin']);
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toMatch(/"batch_input_shape":\[null,2\]/);
    // show reloads it, reproduces the recorded MSE and prints train's report
    const shown = await run(['show', dir]);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.err).toMatch(/reloaded .*: the saved model reproduces the recorded MSE/);
    expect(shown.out).toMatch(/saved width-4 ReLU network for x1·x2 on 11×11 points/);
    expect(shown.out).toMatch(/learned\s+best 4\s+h1 sums/);
    const again = JSON.parse((await run(['show', dir, '--json', '--quiet'])).out);
    expect(again.mse).toBe(rec.mse);
    expect(again.net.layers[0].W.flat()[0]).toBeCloseTo(rec.net.layers[0].W.flat()[0], 6);
  }, 60_000);

  it('the same seed gives the same network; the report shows folds beside the constructions', async () => {
    const args = ['train', '--target', 'product', '--hidden', '4', '--epochs', '30', '--samples', '11', '--restarts', '1', '--quiet'];
    const a = JSON.parse((await run([...args, '--json'])).out);
    const b = JSON.parse((await run([...args, '--json'])).out);
    expect(a.net).toEqual(b.net);
    const text = (await run(args)).out;
    expect(text).toMatch(/trained width-4 ReLU network for x1·x2/);
    expect(text).toMatch(/learned\s+best 4\s+h1 sums/);
    expect(text).toContain('lines: folds');
  }, 60_000);

  it('trains a deep two-input network (--hidden 4,4) and counts its regions by activation patterns', async () => {
    const r = await run(['train', '--target', 'saddle', '--hidden', '4,4', '--epochs', '30', '--samples', '11', '--restarts', '1', '--quiet']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/trained 4×4 \(deep\) ReLU network for x1² − x2²/);
    expect(r.out).toMatch(/activation patterns on a\s+201×201 grid/);
    const j = JSON.parse((await run(['train', '--target', 'saddle', '--hidden', '4,4', '--epochs', '30', '--samples', '11', '--restarts', '1', '--quiet', '--json'])).out);
    expect(j.settings.init).toBe('he');
    expect(j.net.layers.map((l: { b: number[] }) => l.b.length)).toEqual([4, 4]);
  }, 60_000);

  it.each([
    [['--init', 'curvature'], /--init: "curvature" places knots along one input; with the two-input target product use one of folds, bends, he, glorot/],
    [['--compare', 'h2'], /--compare: "h2" is not allowed with the two-input target product/],
    [["--hidden", "0"], /--hidden: "0" is not allowed; expected a width from 1 to 1024, or up to 8 widths/],
    [["--hidden", "4,4", "--init", "folds"], /--init: "folds" starts one hidden layer; with --hidden 4,4 use he or glorot/],
    [['--domain=3,-3'], /--domain: "3,-3" is not allowed/],
    [['--samples', '2000'], /--samples: 2000×2000 = 4000000 grid points do not fit/],
    [['--lr', '0'], /--lr: "0" is not allowed/],
  ])('refuses %j in one line, exit 2, nothing written', async (args, pattern) => {
    const dir = join(tempDir(), 'out');
    const r = await run(['train', '--target', 'product', ...args, '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(pattern);
    expect(existsSync(dir)).toBe(false);
  });
});
