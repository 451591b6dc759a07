import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, HAS_TFJS_NODE, run, tempDir, TEST_BACKEND, useBackend, type Result } from '../helpers.js';
import { grid, sample } from '../../src/math/targets.js';
import { metrics } from '../../src/math/compare.js';

const QUICK = ['--epochs', '300', '--quiet', '--backend', TEST_BACKEND];

/** One line on stderr, exit 2, nothing on stdout, no stack trace. */
function expectOneLine(r: Result, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** The same, run in-process through main(argv, io). */
async function expectUsageError(args: string[], pattern: RegExp) {
  expectOneLine(await run(args), pattern);
}

describe('relu-lab in-process: help and usage errors', () => {
  it('answers --help at once, listing the commands', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['train', 'show', 'handbuilt', 'optimum', 'sweep', 'summarize']) expect(r.stdout).toContain(c);
    const t = await run(['train', '--help']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('--batch-size');
    expect(t.stdout).toContain('default 4');
  });

  it.each([
    [['--hidden', '0'], /--hidden: 0 is not allowed; expected a whole number from 1 to 64/],
    [['--hidden', '-1'], /--hidden: -1 is not allowed/],
    [['--hidden', '2.5'], /--hidden: 2\.5 is not allowed/],
    [['--hidden', 'abc'], /--hidden: "abc" is not allowed/],
    [['--lr', '0'], /--lr: 0 is not allowed; expected a number greater than 0/],
    [['--lr', '-1'], /--lr: -1 is not allowed/],
    [['--lr', 'NaN'], /--lr: NaN is not allowed/],
    [['--epochs', '0'], /--epochs: 0 is not allowed/],
    [['--samples', '1'], /--samples: 1 is not allowed; expected a whole number from 2/],
    [['--domain=3,-3'], /--domain: \[3,-3\] is not allowed; expected two finite numbers LO,HI with LO < HI/],
    [['--domain=1,1'], /--domain: \[1,1\] is not allowed/],
    [['--target', 'quartic'], /--target: "quartic" is not allowed; expected one of square, sin, cube, abs/],
    [['--backend', 'gpu'], /--backend: "gpu" is not allowed; expected one of auto, tensorflow, wasm, cpu/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
    [['--compare', 'h0'], /--compare: "h0" is not allowed/],
    [['--compare', 'hx'], /--compare: "hx" is not allowed/],
    [['--compare', 'h03'], /--compare: "h03" is not allowed/],
    [['--compare', 'h4'], /--compare: "h4" does not fit the domain \[-3, 3\]/],
    [['--out', 'package.json'], /--out: "package.json" is an existing file; expected a folder/],
    [['--figures', 'package.json'], /--figures: "package.json" is an existing file/],
  ])('train %j: one line, exit 2', (args, pattern) => expectUsageError(['train', ...args], pattern));

  it.skipIf(HAS_TFJS_NODE)('asks for a backend that is not installed: a usage error that says how to install it (skipped where tfjs-node is installed)', async () => {
    await expectUsageError(['train', '--backend', 'tensorflow'], /--backend: "tensorflow" is not available: tfjs-node is not installed; install it with npm install @tensorflow\/tfjs-node/);
  });

  it('writes nothing when an option is bad', async () => {
    const dir = join(tempDir(), 'out');
    const figures = join(tempDir(), 'figs');
    expect((await run(['train', '--out', dir, '--figures', figures, '--lr', '-1'])).code).toBe(2);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(figures)).toBe(false);
  });

  it('refuses show on a folder without a run', async () => {
    const empty = tempDir();
    await expectUsageError(['show', empty], /has no run\.json; expected a folder written by `relu-lab train --out`/);
    await expectUsageError(['show', join(empty, 'nope')], /is not a folder/);
    // a sweep folder: pointed to the commands that read one
    const sweep = tempDir();
    writeFileSync(join(sweep, 'config.json'), '{}');
    mkdirSync(join(sweep, 'runs'));
    await expectUsageError(['show', sweep], /is a sweep folder \(config\.json and runs\/\); show takes a folder written by `relu-lab train --out`; for a sweep use `relu-lab summarize` or `relu-lab report`/);
  });

  it('refuses handbuilt with a k the domain cannot hold, or figures into a file', async () => {
    await expectUsageError(['handbuilt', '--k', '0'], /--k: "0" is not allowed; expected a whole number from 1 to 3/);
    await expectUsageError(['handbuilt', '--k', '4'], /--k: "4" is not allowed/);
    await expectUsageError(['handbuilt', '--figures', 'package.json'], /--figures: "package.json" is an existing file/);
  });

  it('refuses a config file that names several runs, or that cannot be read', async () => {
    const dir = tempDir();
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify({ hidden: [2, 4] }));
    await expectUsageError(['train', '--config', file], /run\.json: hidden: \[2,4\] names several runs/);
    mkdirSync(join(dir, 'sub'));
    await expectUsageError(['train', '--config', join(dir, 'missing.json')], /missing\.json: cannot read the config file \(no such file\)/);
  });

  it('lists at most 12 problems of a config, then how many more (found by the config fuzz test)', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ target: [null, 0, false, '', null], domain: 0, compare: 0, optimizer: [0, '', false, false, null, 0, false, null, false, null] }));
    const r = await run(['sweep', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(13);
    expect(lines[0]).toMatch(/^relu-lab: \S*bad\.json: target\[0\]: null is not allowed/);
    expect(lines[12]).toBe('relu-lab: … and 5 more problems of the same kind; fix these first');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it("handbuilt reproduces the answer's three figures with their errors", async () => {
    const r = await run(['handbuilt']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('h1(x) = 1·g(-x) + 1·g(x)');
    expect(r.stdout).toContain('h2(x) = 2·g(-x - 1) + 1·g(-x) + 1·g(x) + 2·g(x - 1)');
    expect(r.stdout).toContain('pointwise loss 0.5·(y − ŷ)² of h1 and h2');
    const j = JSON.parse((await run(['handbuilt', '--json', '--k', '3'])).stdout);
    expect(j.sums.map((s: { name: string }) => s.name)).toEqual(['h1', 'h2', 'h3']);
    expect(j.sums[1].mse).toBeCloseTo(0.3703, 3);
    expect(j.sums[1].maxAbsError).toBeCloseTo(2, 10);
  });

  it('optimum prints the best network of a width', async () => {
    const j = JSON.parse((await run(['optimum', '--target', 'square', '--hidden', '4', '--json'])).stdout);
    expect(j.mse).toBeCloseTo(0.0115647, 6);
    expect(j.network.a).toHaveLength(4);
    const t = await run(['optimum', '--target', 'sin', '--hidden', '3']);
    expect(t.stdout).toContain('best width-3 ReLU network for sin(x)');
  });
});

describe('relu-lab (the bin, a real process)', () => {
  const be = useBackend(); // to read saved models back with TF.js's own loader

  it('a usage error ends the process with exit 2 and one line, before any work', () => {
    const r = cli(['train', '--hidden', '0']);
    expectOneLine(r, /^relu-lab: --hidden: 0 is not allowed/);
  });

  it('--json prints exactly one JSON object with config, backend, seed, metrics, network, history, hinges, comparison, optimum', () => {
    const r = cli(['train', '--json', ...QUICK, '--hidden', '3', '--target', 'sin']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const o = JSON.parse(r.stdout);
    expect(o.config).toMatchObject({ target: 'sin', hidden: 3, epochs: 300, samples: 1000, domain: [-3, 3] });
    expect(Object.keys(o.config).sort()).toEqual(['activation', 'backend', 'batchSize', 'compare', 'domain', 'epochs', 'hidden', 'init', 'lr', 'optimizer', 'patience', 'refit', 'restarts', 'samples', 'schedule', 'seed', 'stop', 'target']);
    expect(o.backend).toBe('wasm');
    expect(o.seed).toBe(0);
    expect(o.metrics.mse).toBeGreaterThan(0);
    expect(o.metrics.maxAbsError).toBeGreaterThan(0);
    for (const k of ['a', 'b', 'c']) expect(o.network[k]).toHaveLength(3);
    expect(typeof o.network.d).toBe('number');
    expect(o.history.epoch.length).toBe(o.history.loss.length);
    expect(o.history.epoch.length).toBeLessThanOrEqual(1000);
    expect(o.history.epoch.at(-1)).toBe(300);
    expect(o.hinges[0]).toEqual(expect.objectContaining({ unit: 0, a: expect.any(Number), knot: expect.any(Number), direction: expect.stringMatching(/left|right/), slopeChange: expect.any(Number), kind: expect.any(String) }));
    expect(o.comparison.handbuilt.name).toBe('h1');
    expect(o.comparison.functions.learned.mse).toBeCloseTo(o.metrics.mse, 12);
    expect(o.comparison.functions.handbuilt).toEqual(expect.objectContaining({ mse: expect.any(Number), maxAbsError: expect.any(Number), meanLoss: expect.any(Number) }));
    expect(Array.isArray(o.comparison.matches)).toBe(true);
    expect(o.optimum.mse).toBeLessThanOrEqual(o.metrics.mse * (1 + 1e-3));
    expect(o.ratio).toBeCloseTo(o.metrics.mse / o.optimum.mse, 10);
  });

  it('gives identical weights and losses for the same seed in two processes', () => {
    const args = ['train', '--json', '--quiet', '--backend', TEST_BACKEND, '--epochs', '200', '--hidden', '5', '--seed', '11', '--batch-size', '100', '--init', 'glorot'];
    const a = JSON.parse(cli(args).stdout);
    const b = JSON.parse(cli(args).stdout);
    expect(b.network).toEqual(a.network);
    expect(b.history).toEqual(a.history);
    const c = JSON.parse(cli([...args.slice(0, -4), '--seed', '12', '--init', 'glorot']).stdout);
    expect(c.network).not.toEqual(a.network);
  });

  it('prints the report: target, width, backend, seed, errors, units, comparison, charts, sentences; no colour when piped', () => {
    const r = cli(['train', ...QUICK]);
    expect(r.code).toBe(0);
    const out = r.stdout;
    for (const s of ['square (x²)', 'width 4', 'backend wasm, seed 0', '300 epochs', 'MSE', 'max |error|', 'knot -b/a', 'learned hinges vs h2', 'best possible at width 4', '── x² (target)', 'pointwise loss', 'The network bends']) expect(out).toContain(s);
    expect(out).not.toMatch(/\x1b\[/);
    expect(Math.max(...out.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });

  it('stops a diverging run with the epoch, exit 3, and saves nothing', () => {
    const dir = join(tempDir(), 'run');
    const r = cli(['train', '--target', 'cube', '--optimizer', 'sgd', '--lr', '5', '--schedule', 'constant', '--init', 'glorot', '--epochs', '100', '--out', dir, '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/training diverged: the loss was NaN or infinite at epoch \d+/);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'run.json'))).toBe(false);
  });

  it('saves a run that tf.loadLayersModel reads back, and show reproduces it', async () => {
    const dir = join(tempDir(), 'run');
    const r = cli(['train', ...QUICK, '--out', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'run.json', 'weights.bin']);
    const saved = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(saved).toEqual(JSON.parse(r.stdout));
    // read back with TF.js's own loader, from the files
    const { tf } = be;
    const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const weights = readFileSync(join(dir, 'weights.bin'));
    const model = await tf.loadLayersModel({
      load: async () => ({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) }),
    });
    const xs = grid([-3, 3], 1000);
    const pred = model.predict(tf.tensor2d(Float32Array.from(xs), [1000, 1])) as import('@tensorflow/tfjs').Tensor;
    expect(metrics(sample('square', xs), pred.dataSync()).mse).toBeCloseTo(saved.metrics.mse, 6);
    const shown = cli(['show', dir, '--json', '--quiet']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).metrics.mse).toBeCloseTo(saved.metrics.mse, 12);
    const text = cli(['show', dir]);
    expect(text.stderr).toMatch(/the saved model reproduces the recorded MSE/);
    expect(text.stdout).toContain('learned hinges vs h2');
  });

  it('show notices a model that does not match its record: exit 2, one line naming model.json', async () => {
    const dir = join(tempDir(), 'run');
    expect(cli(['train', '--epochs', '100', '--hidden', '2', '--quiet', '--backend', TEST_BACKEND, '--out', dir]).code).toBe(0);
    const show = ['show', dir, '--quiet', '--backend', TEST_BACKEND];
    const mismatch = /show: .*model\.json gives MSE [\d.e+-]+ but .*run\.json records [\d.e+-]+: the saved model does not match its run/;
    expect((await run(show)).code).toBe(0);
    // the record edited: its MSE doubled
    const runJson = readFileSync(join(dir, 'run.json'), 'utf8');
    const record = JSON.parse(runJson);
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...record, metrics: { ...record.metrics, mse: 2 * record.metrics.mse } }));
    expectOneLine(await run(show), mismatch);
    writeFileSync(join(dir, 'run.json'), runJson);
    expect((await run(show)).code).toBe(0);
    // the weights damaged, same size: every float32 zero
    const weights = join(dir, 'weights.bin');
    writeFileSync(weights, new Uint8Array(readFileSync(weights).length));
    expectOneLine(await run(show), mismatch);
    // run.json cut short
    writeFileSync(join(dir, 'run.json'), runJson.slice(0, 40));
    expectOneLine(await run(show), /run\.json is not valid JSON/);
  });

  it('writes SVG figures with their vega-lite specs', () => {
    const dir = join(tempDir(), 'figs');
    const r = cli(['train', ...QUICK, '--figures', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['fit.svg', 'fit.vl.json', 'loss.svg', 'loss.vl.json']);
    const svg = readFileSync(join(dir, 'fit.svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('h2 (hand-built)');
  });

  it('reads settings from a config file, flags overriding it', () => {
    const dir = tempDir();
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify({ target: 'abs', hidden: 2, epochs: 100 }));
    const o = JSON.parse(cli(['train', '--config', file, '--hidden', '3', '--json', '--quiet']).stdout);
    expect(o.config).toMatchObject({ target: 'abs', hidden: 3, epochs: 100 });
  });
});
