import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, expand, merge, type Config } from '../../src/settings.js';
import { MAX_BATCH_NETWORKS, batches, parseShard, runId, shardOf } from '../../src/experiment/plan.js';
import { summaryCsv, summaryMd, widthRows } from '../../src/report/summary.js';
import type { RunRecord } from '../../src/experiment/run.js';
import { cli, cliAsync, tempDir } from '../helpers.js';

const grid = expand(merge({ target: ['square', 'sin'], hidden: [1, 2, 3], seed: [0, 1] }));

describe('sweep planning', () => {
  it('derives stable, readable run ids from the settings alone (not the backend)', () => {
    const c: Config = { ...DEFAULTS, hidden: 4, seed: 3 };
    expect(runId(c)).toMatch(/^square-w4-s3-[0-9a-f]{10}$/);
    expect(runId({ ...c })).toBe(runId(c));
    expect(runId({ ...c, backend: 'cpu' })).toBe(runId(c));
    expect(runId({ ...c, lr: 0.02 })).not.toBe(runId(c));
    expect(new Set(grid.map(runId)).size).toBe(grid.length);
  });

  it('batches runs of one shape together, in grid order, and one per batch without batching', () => {
    const bs = batches(grid, true);
    expect(bs.map((b) => b.runs.length)).toEqual([4, 4, 4]);
    for (const b of bs) expect(new Set(b.runs.map((r) => r.config.hidden)).size).toBe(1);
    expect(batches(grid, false)).toHaveLength(12);
    const many = expand(merge({ seed: Array.from({ length: 150 }, (_, i) => i) }));
    expect(batches(many, true).every((b) => b.runs.reduce((s, r) => s + r.config.restarts, 0) <= MAX_BATCH_NETWORKS)).toBe(true);
    expect(DEFAULTS.restarts).toBe(6);
    expect(batches(many, true)).toHaveLength(16); // 900 networks: 15 full batches at the cap, one more for an even count
    // an even number of batches, as equal as whole runs allow, so that jobs on two or four cores finish together:
    // 30 runs of 3 networks are 15 + 15; 30 of 6 are 8 + 7 + 8 + 7 (three batches of 10 would leave one core idle for a third)
    const seeds30 = Array.from({ length: 30 }, (_, i) => i);
    expect(batches(expand(merge({ seed: seeds30, restarts: 3 })), true).map((b) => b.runs.length)).toEqual([15, 15]);
    expect(batches(expand(merge({ seed: seeds30, restarts: 6 })), true).map((b) => b.runs.length)).toEqual([8, 7, 8, 7]);
    expect(batches(expand(merge({ seed: seeds30.slice(0, 21), restarts: 7 })), true).map((b) => b.runs.length * 7)).toEqual([35, 42, 35, 35]);
  });

  it('splits batches into disjoint shards that together cover the grid', () => {
    const all = batches(grid, false);
    const shards = [1, 2, 3].map((i) => shardOf(all, [i, 3]));
    const ids = shards.flatMap((s) => s.flatMap((b) => b.runs.map((r) => r.id)));
    expect(ids.sort()).toEqual(all.flatMap((b) => b.runs.map((r) => r.id)).sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(parseShard('2/4')).toEqual([2, 4]);
    for (const bad of ['0/4', '5/4', '1', 'a/b', '1/0']) expect(parseShard(bad)).toBeNull();
  });

  it('summarises runs per target and width: median, min, max, ratio to the optimum, dead units', () => {
    const rec = (hidden: number, seed: number, mse: number, dead: number, status: 'ok' | 'diverged' = 'ok'): { id: string; record: RunRecord } => ({
      id: `square-w${hidden}-s${seed}`,
      record: {
        config: { ...DEFAULTS, hidden, seed },
        backend: 'wasm',
        status,
        metrics: { mse, maxAbsError: 1, meanLoss: mse / 2 },
        deadUnits: dead,
        optimum: { mse: 0.5, maxAbsError: 1, network: { a: [], b: [], c: [], d: 0 } },
        ratio: status === 'ok' ? mse / 0.5 : null,
        comparison: null,
        seconds: 1,
      } as unknown as RunRecord,
    });
    const runs = [rec(2, 0, 1, 0), rec(2, 1, 2, 1), rec(2, 2, 4, 0), rec(2, 3, NaN, 0, 'diverged')];
    const [row] = widthRows(runs);
    expect(row).toMatchObject({ width: 2, runs: 4, ok: 3, median: 2, min: 1, max: 4, optimum: 0.5, medianRatio: 4, worstRatio: 8, bestRatio: 2, diverged: ['square-w2-s3'] });
    expect(row.deadShare).toBeCloseTo(1 / 8, 12);
    const md = summaryMd('t', [row]);
    expect(md).toContain('| 2 | 3/4 | 2 | 1 | 4 | 0.5 | 4 | 8 | 13% |');
    expect(md).toContain('Diverged runs: square-w2-s3');
    const csv = summaryCsv(runs).trim().split('\n');
    expect(csv[0]).toBe('target,width,seed,lr,epochs,init,optimizer,restarts,refit,backend,mse,max_abs_error,dead_units,handbuilt,handbuilt_mse,optimum_mse,ratio,seconds,status,id');
    expect(csv).toHaveLength(5);
    expect(csv[4]).toMatch(/,diverged,square-w2-s3$/);
  });
});

function sweepFile(dir: string, body: object): string {
  const f = join(dir, 'tiny.json');
  writeFileSync(f, JSON.stringify(body));
  return f;
}

const runFiles = (dir: string) => readdirSync(join(dir, 'runs')).filter((f) => f.endsWith('.json')).sort();
const numbersOf = (dir: string) =>
  Object.fromEntries(runFiles(dir).map((f) => {
    const r = JSON.parse(readFileSync(join(dir, 'runs', f), 'utf8'));
    return [f, { mse: r.metrics.mse, network: r.network }];
  }));

describe('relu-lab sweep (through the bin)', () => {
  const TINY = { target: ['square', 'sin'], hidden: [1, 2, 3], seed: [0, 1], epochs: 150, restarts: 1 };

  it('runs every run into results files, skips finished ones on a rerun, and --force reruns them', () => {
    const dir = tempDir();
    const file = sweepFile(dir, TINY);
    const out = join(dir, 'res');
    const r = cli(['sweep', file, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/sweep tiny: 12 runs in 3 batches; 0 already finished/);
    expect(runFiles(out)).toHaveLength(12);
    for (const f of ['config.json', 'summary.csv', 'summary.md', 'mse-vs-width-square.svg', 'mse-vs-width-square.vl.json', 'mse-vs-width-sin.svg']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n')).toHaveLength(13);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('## square');
    expect(r.stdout).toContain('MSE vs width');
    // no trained run may beat the computed optimum (beyond the search's 0.1%): that would be a bug in one of them
    for (const f of runFiles(out)) expect(JSON.parse(readFileSync(join(out, 'runs', f), 'utf8')).ratio).toBeGreaterThan(1 - 1e-3);
    const first = numbersOf(out);
    const again = cli(['sweep', file, '--out', out]);
    expect(again.stderr).toMatch(/12 already finished \(skipped; --force reruns them\)/);
    expect(again.stderr).not.toMatch(/trained/);
    // a run file this sweep no longer plans (as when a changed default renames its runs) goes, so summaries never count it
    writeFileSync(join(out, 'runs', 'square-w1-s0-0000000000.json'), readFileSync(join(out, 'runs', runFiles(out)[0]), 'utf8'));
    const forced = cli(['sweep', file, '--out', out, '--force']);
    expect(forced.stderr).toMatch(/trained 12 runs/);
    expect(forced.stderr).toMatch(/removed 1 run file\(s\) in .* that this sweep no longer plans/);
    expect(runFiles(out)).toHaveLength(12);
    expect(numbersOf(out)).toEqual(first); // same backend, same numbers
    // another sweep into the same folder: refused, or with --force it replaces the old runs
    const other = sweepFile(dir, { ...TINY, target: 'abs', hidden: [2] });
    const refused = cli(['sweep', other, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds results of a different sweep/);
    const replaced = cli(['sweep', other, '--out', out, '--force']);
    expect(replaced.stderr).toMatch(/removed 12 run file\(s\) in .* that this sweep no longer plans/);
    expect(runFiles(out)).toHaveLength(2);
  });

  it('validates the whole config before running: every problem one line, exit 2, nothing written', () => {
    const dir = tempDir();
    const file = sweepFile(dir, { hidden: [2, 2, 0], target: 'quartic', colour: 'red', seed: [] });
    const out = join(dir, 'res');
    const r = cli(['sweep', file, '--out', out]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(r.stderr).toContain('tiny.json: hidden[1]: 2 is listed twice');
    expect(r.stderr).toContain('tiny.json: hidden[2]: 0 is not allowed');
    expect(r.stderr).toContain('tiny.json: target: "quartic" is not allowed');
    expect(r.stderr).toContain('tiny.json: colour: unknown setting');
    expect(r.stderr).toContain('tiny.json: seed: [] is not allowed');
    expect(existsSync(out)).toBe(false);
    writeFileSync(file, '{"hidden": [1, 2],}');
    const bad = cli(['sweep', file, '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/tiny\.json: invalid JSON at line 1, column 19: Expected double-quoted property name/);
    expect(cli(['sweep', join(dir, 'missing.json')]).stderr).toMatch(/missing\.json: cannot read the config file \(no such file\)/);
    writeFileSync(file, '{"hidden": [1, 2]}');
    expect(cli(['sweep', file, '--out', out, '--shard', '3/2']).stderr).toMatch(/--shard: "3\/2" is not allowed; expected I\/N/);
  });

  it('finishes after kill -9 mid-sweep, with no duplicate and no corrupt file, and the same numbers', async () => {
    const dir = tempDir();
    const file = sweepFile(dir, { ...TINY, epochs: 1500 });
    const out = join(dir, 'killed');
    const { child, done } = cliAsync(['sweep', file, '--out', out, '--no-batch', '--quiet']);
    const t0 = Date.now();
    while (Date.now() - t0 < 60_000) {
      await new Promise((r) => setTimeout(r, 50));
      if (existsSync(join(out, 'runs')) && runFiles(out).length >= 3) break;
    }
    child.kill('SIGKILL');
    await done;
    const partial = runFiles(out).length;
    expect(partial).toBeGreaterThanOrEqual(3);
    expect(partial).toBeLessThan(12);
    writeFileSync(join(out, 'runs', 'square-w9-s9-0000000000.json.tmp-999-abcdef'), '{"half": '); // a write cut short
    const resumed = cli(['sweep', file, '--out', out, '--no-batch']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`${partial} already finished`);
    expect(readdirSync(join(out, 'runs')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const files = runFiles(out);
    expect(files).toHaveLength(12);
    const clean = join(dir, 'clean');
    expect(cli(['sweep', file, '--out', clean, '--no-batch', '--quiet']).code).toBe(0);
    expect(numbersOf(out)).toEqual(numbersOf(clean));
  });

  it('two shards run as two processes give the same summary as one unsharded sweep', async () => {
    const dir = tempDir();
    const file = sweepFile(dir, TINY);
    const whole = join(dir, 'whole');
    const shards = join(dir, 'shards');
    expect(cli(['sweep', file, '--out', whole, '--quiet']).code).toBe(0);
    const [a, b] = await Promise.all([cliAsync(['sweep', file, '--out', shards, '--shard', '1/2', '--quiet']).done, cliAsync(['sweep', file, '--out', shards, '--shard', '2/2', '--quiet']).done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    rmSync(join(shards, 'summary.md'));
    const s = cli(['summarize', shards]);
    expect(s.code, s.stderr).toBe(0);
    expect(readFileSync(join(shards, 'summary.md'), 'utf8')).toBe(readFileSync(join(whole, 'summary.md'), 'utf8'));
    const noSeconds = (p: string) => readFileSync(p, 'utf8').split('\n').map((l) => l.split(',').filter((_, i) => i !== 17).join(','));
    expect(noSeconds(join(shards, 'summary.csv'))).toEqual(noSeconds(join(whole, 'summary.csv')));
  });

  it('summarize refuses a folder without runs', () => {
    const r = cli(['summarize', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no runs\/\*\.json/);
  });
});
