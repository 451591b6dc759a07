import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, run, tempDir } from '../helpers.js';
import { expand, merge, validateOverrides } from '../../src/settings.js';
import { runId } from '../../src/experiment/plan.js';

const lastLine = (s: string) => s.trim().split('\n').at(-1);

describe('--activation from the command line', () => {
  it('trains a sin network, reads it by Taylor coefficients, measures it against the best found, saves it, and show reloads it', () => {
    const dir = join(tempDir(), 'run');
    const r = cli(['train', '--activation', 'sin', '--hidden', '2', '--epochs', '40', '--restarts', '1', '--samples', '100', '--out', dir, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/hidden 2 sin \(7 parameters\)/);
    expect(r.stdout).toMatch(/reading: Taylor coefficients/);
    expect(r.stdout).toMatch(/best found for sin at width 2 \(search under \|weights\| ≤ \d+/);
    expect(r.stdout).toMatch(/learned \/ best found = /);
    expect(r.stdout).toMatch(/network projection/);
    const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(record.config.activation).toBe('sin');
    expect(record.config.init).toBe('varied');
    expect(record.reading).toBe('taylor');
    expect(record.taylor.monomials).toEqual(['1', 'x', 'x²', 'x³']);
    expect(record.taylor.units).toHaveLength(2);
    expect(record.optimum.label).toBe('best found');
    expect(record.ratio).toBeCloseTo(record.metrics.mse / record.optimum.mse, 12);
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(JSON.stringify(model.modelTopology)).toContain('"ReluLabActivation"');
    const s = cli(['show', dir, '--quiet']);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('hidden 2 sin');
    expect(s.stdout).toMatch(/reading: Taylor coefficients/);
  });

  it('a ReLU report says it reads hinges, and labels its reference best possible', async () => {
    const r = await run(['train', '--epochs', '20', '--restarts', '1', '--samples', '100', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/reading: hinges/);
    expect(r.stdout).toMatch(/best possible at width 4/);
  });

  it('refuses an unknown activation with a did-you-mean, one line, exit 2, nothing written', async () => {
    const dir = join(tempDir(), 'run');
    const r = await run(['train', '--activation', 'tanhh', '--out', dir]);
    expect(r.code).toBe(2);
    expect(lastLine(r.stderr)).toBe('relu-lab: --activation: "tanhh" is not allowed; expected one of relu, leaky-relu, abs, tanh, sigmoid, sin, softplus, elu, gelu, swish (did you mean "tanh"?)');
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a knot-placing init for a smooth unit and the cascade for any but ReLU: one line, exit 2, nothing written', async () => {
    const dir = join(tempDir(), 'run');
    const a = await run(['train', '--activation', 'tanh', '--init', 'curvature', '--out', dir]);
    expect(a.code).toBe(2);
    expect(lastLine(a.stderr)).toBe('relu-lab: --init: "curvature" cannot start --activation tanh: curvature places the kinks of piecewise-linear units; tanh is smooth (use varied, its default, he or glorot)');
    const b = await run(['train', '--activation', 'abs', '--hidden', '2,2', '--init', 'cascade', '--out', dir]);
    expect(b.code).toBe(2);
    expect(lastLine(b.stderr)).toMatch(/^relu-lab: --init: "cascade" cannot start --activation abs: the cascade is built of ReLUs/);
    const c = await run(['train', '--target', 'product', '--activation', 'sin', '--init', 'folds', '--out', dir]);
    expect(c.code).toBe(2);
    expect(lastLine(c.stderr)).toMatch(/^relu-lab: --init: "folds" places the folds of piecewise-linear units; sin is smooth/);
    expect(existsSync(dir)).toBe(false);
  });

  it('a smooth run starts from varied restarts (deep ones from he)', async () => {
    const r = await run(['train', '--activation', 'softplus', '--hidden', '2', '--epochs', '30', '--restarts', '3', '--samples', '100', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.config.init).toBe('varied');
    expect(j.restarts.losses).toHaveLength(3);
    expect(j.restarts.losses.every(Number.isFinite)).toBe(true);
    const deep = await run(['train', '--activation', 'tanh', '--hidden', '2,2', '--epochs', '20', '--restarts', '2', '--samples', '100', '--json']);
    expect(deep.code, deep.stderr).toBe(0);
    expect(JSON.parse(deep.stdout).config.init).toBe('varied');
  }, 60_000);

  it('varied refuses piecewise-linear units: one line, exit 2, nothing written', async () => {
    const dir = join(tempDir(), 'run');
    const bad = await run(['train', '--activation', 'leaky-relu', '--init', 'varied', '--out', dir]);
    expect(bad.code).toBe(2);
    expect(lastLine(bad.stderr)).toBe('relu-lab: --init: "varied" cannot start --activation leaky-relu: varied spreads smooth units; leaky-relu is piecewise-linear (use mixed, its default, or another knot start, he or glorot)');
    expect(existsSync(dir)).toBe(false);
  });

  it('a config file lists activations: each run starts in its own way, ReLU run ids stay what they were', () => {
    const { values, problems } = validateOverrides({ activation: ['relu', 'tanh', 'abs'], hidden: [2, 4] }, 'f: ', true);
    expect(problems).toEqual([]);
    const runs = expand(merge(values));
    expect(runs.map((c) => `${c.activation}/${c.init}`)).toEqual(['relu/mixed', 'tanh/varied', 'abs/mixed', 'relu/mixed', 'tanh/varied', 'abs/mixed']);
    const plain = expand(merge(validateOverrides({ hidden: [2, 4] }, '', true).values));
    expect(runs.filter((c) => c.activation === 'relu').map(runId)).toEqual(plain.map(runId));
    expect(new Set(runs.map(runId)).size).toBe(6);
    const bad = validateOverrides({ activation: ['relu', 'sine'] }, 'f.json: ', true);
    expect(bad.problems).toEqual(['f.json: activation[1]: "sine" is not allowed; expected one of relu, leaky-relu, abs, tanh, sigmoid, sin, softplus, elu, gelu, swish (did you mean "sin"?)']);
  });

  it('a sweep refuses an init that cannot start one of its activations before any work', () => {
    const dir = tempDir();
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ activation: ['relu', 'sigmoid'], init: 'spread', hidden: 2, epochs: 5 }));
    const r = cli(['sweep', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(lastLine(r.stderr)).toMatch(/init: "spread" cannot start activation sigmoid/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
