// Two-input sweeps that list activations, run in-process: one run per activation × width × seed,
// relu runs named as in a sweep without the key, resume, --force, shards, --jobs 1, the summary
// naming every activation (table, chart, figure, report page), and a bad activation refused in one
// line, exit 2, nothing written.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectRefused, run, tempDir } from '../helpers.js';

const write = (dir: string, name: string, v: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(v));
  return p;
};

const SMALL = { target: 'product', activation: ['relu', 'tanh', 'sin'], hidden: [2, 4], seed: [1, 2], epochs: 20, samples: 11, restarts: 1 };
const runsOf = (out: string) => readdirSync(join(out, 'runs')).filter((f) => f.endsWith('.json')).sort();
const record = (out: string, f: string) => JSON.parse(readFileSync(join(out, 'runs', f), 'utf8'));

describe('relu-lab sweep <two-input config> with an activation list', () => {
  it('plans and writes one run per activation × width × seed, resumes, reruns with --force, and summarises by activation', async () => {
    const dir = tempDir();
    const file = write(dir, 'pa.json', SMALL);
    const out = join(dir, 'res');
    const r = await run(['sweep', file, '--out', out, '--jobs', '1', '--height', '6']);
    expect(r.code, r.stderr).toBe(0);
    // one batch per activation and width: units of different activations never share a batch
    expect(r.stderr).toMatch(/sweep pa \(two inputs\): 12 runs in 6 batches; 0 already finished/);
    const files = runsOf(out);
    expect(files).toHaveLength(12);
    const cells = files.map((f) => {
      const s = record(out, f).settings;
      return `${s.activation ?? 'relu'} ${s.hidden[0]} ${s.seed}`;
    });
    expect(new Set(cells).size).toBe(12);
    for (const f of files) {
      const rec = record(out, f);
      // the trained network's units are the run's activation; smooth units start from he
      expect(rec.net.layers[0].activation).toBe(rec.settings.activation ?? 'relu');
      expect(rec.settings.init).toBe(rec.settings.activation ? 'he' : 'bends');
    }
    // relu runs keep the ids of a sweep without the key
    const plain = join(dir, 'plain');
    expect((await run(['sweep', write(dir, 'pr.json', { ...SMALL, activation: undefined }), '--out', plain, '--quiet'])).code).toBe(0);
    const reluIds = files.filter((f) => !record(out, f).settings.activation);
    expect(reluIds).toEqual(runsOf(plain));
    // the summary names each activation: table rows with their reading, the chart, the figure
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toMatch(/## Activations: MSE by width/);
    expect(md).toMatch(/\| product \| relu \| 2 \| 2 \| [^|]+ \| [^|]+ \| [^|]+ \| best squares [^|]+ \| [^|]+ \| folds \|/);
    for (const a of ['tanh', 'sin']) {
      expect(md).toMatch(new RegExp(`\\| product \\| ${a} \\| 2 \\| 2 \\| [^|]+ \\| [^|]+ \\| [^|]+ \\| — \\| — \\| taylor \\| [^|]+ \\| [^|]+ \\| [^|/]+ / [^|/]+ / [^|/]+ \\|`));
      expect(md).toMatch(new RegExp(`## product: x1·x2 \\(${a}, init he, `));
    }
    expect(r.stdout).toMatch(/product: median learned MSE vs width, by activation/);
    expect(r.stdout).toMatch(/── relu +\*\* tanh +\+\+ sin/);
    expect(r.stdout).toMatch(/product: relu best-squares construction \(polarisation\) MSE vs width/);
    const svg = readFileSync(join(out, 'activations-product.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    for (const name of ['relu learned', 'tanh learned', 'sin learned', 'relu constructed (best squares)']) expect(svg).toContain(name);
    const csv = readFileSync(join(out, 'summary.csv'), 'utf8').split('\n');
    expect(csv[0]).toMatch(/,id,activation$/);
    expect(csv.filter((l) => l.endsWith(',tanh'))).toHaveLength(4);
    // resume: nothing to train; --force reruns every run into the same files
    const again = await run(['sweep', file, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/12 already finished \(skipped; --force reruns them\)/);
    expect(again.stderr).not.toMatch(/trained/);
    const forced = await run(['sweep', file, '--out', out, '--force', '--quiet']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(runsOf(out)).toEqual(files);
    // summarize and the report page rebuild it from the run files
    expect(JSON.parse((await run(['summarize', out, '--json'])).stdout).runs).toHaveLength(12);
    const page = join(dir, 'page.html');
    const rep = await run(['report', out, '--out', page, '--json']);
    expect(rep.code, rep.stderr).toBe(0);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('Activations: MSE by width');
    expect(html).toMatch(/<td>sin<\/td>/);
  }, 120_000);

  it('shards split the activations’ batches; together they are the whole sweep', async () => {
    const dir = tempDir();
    const file = write(dir, 'pa.json', { ...SMALL, hidden: [2], seed: [1] });
    const out = join(dir, 'res');
    expect((await run(['sweep', file, '--out', out, '--shard', '1/2', '--quiet'])).code).toBe(0);
    expect(runsOf(out)).toHaveLength(2);
    expect((await run(['sweep', file, '--out', out, '--shard', '2/2', '--quiet'])).code).toBe(0);
    expect(runsOf(out).map((f) => record(out, f).settings.activation ?? 'relu').sort()).toEqual(['relu', 'sin', 'tanh']);
  }, 60_000);

  it.each([
    [{ ...SMALL, activation: ['relu', 'tanhh'] }, /^relu-lab: \S*pa\.json: activation: "tanhh" is not allowed; expected/],
    [{ ...SMALL, activation: 'tanh', init: 'bends' }, /^relu-lab: \S*pa\.json: init: "bends" places the folds of piecewise-linear units; tanh is smooth/],
  ])('refuses %j in one line naming the key, exit 2, nothing written', async (cfg, pattern) => {
    const dir = tempDir();
    const file = write(dir, 'pa.json', cfg);
    const out = join(dir, 'res');
    expectRefused(await run(['sweep', file, '--out', out]), pattern, out);
  });

  it('refuses --jobs above 1 for a two-input sweep in one line', async () => {
    const dir = tempDir();
    const out = join(dir, 'res');
    const r = await run(['sweep', write(dir, 'pa.json', SMALL), '--out', out, '--jobs', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--jobs: "2" is not allowed with a two-input sweep .*leave --jobs out or give 1/);
    expect(existsSync(out)).toBe(false);
  });

  it("a smooth two-input run's page names its unit, not ReLU", async () => {
    const dir = tempDir();
    const out = join(dir, 'run');
    const r = await run(['train', '--target', 'product', '--activation', 'tanh', '--hidden', '2', '--samples', '11', '--epochs', '20', '--restarts', '1', '--quiet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const page = await run(['report', out, '--quiet']);
    expect(page.code, page.stderr).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/width-2 tanh network of two inputs/);
    expect(html).not.toMatch(/ReLU network of two inputs/);
  }, 60_000);
});
