// Damaged or edited files are named, not trusted: `show` and `summarize` on folders whose files were
// cut short, emptied, padded, replaced by garbage or edited answer with one line naming the file
// and exit 2, never a stack trace and never a report of wrong numbers.
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, tempDir } from '../helpers.js';

process.env.RELU_LAB_CACHE ??= tempDir('relu-lab-damaged-cache-');
const root = tempDir('relu-lab-damaged-');
const good = join(root, 'good');
const sweepDir = join(root, 'sweep');

beforeAll(async () => {
  const t = await run(['train', '--hidden', '3', '--samples', '60', '--epochs', '5', '--restarts', '1', '--out', good, '--quiet']);
  expect(t.code, t.stderr).toBe(0);
  const cfg = join(root, 'tiny.json');
  writeFileSync(cfg, JSON.stringify({ hidden: [1, 2], samples: 40, epochs: 3, restarts: 1 }));
  const s = await run(['sweep', cfg, '--out', sweepDir, '--quiet']);
  expect(s.code, s.stderr).toBe(0);
}, 60_000);

let n = 0;
/** A copy of the good run folder with one file replaced by what `damage` makes of it. */
function damaged(file: string, damage: (bytes: Buffer) => string | Buffer): string {
  const dir = join(root, `case-${n++}`);
  cpSync(good, dir, { recursive: true });
  writeFileSync(join(dir, file), damage(readFileSync(join(dir, file))));
  return dir;
}
const editRecord = (edit: (r: Record<string, any>) => void) => (b: Buffer) => {
  const r = JSON.parse(b.toString());
  edit(r);
  return JSON.stringify(r);
};

function expectNamed(r: { code: number; stdout: string; stderr: string }, file: string, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toContain(file);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
}

describe('show on a damaged run folder', () => {
  it('reports a good folder (the baseline the damage is measured against)', async () => {
    const r = await run(['show', good, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  });
  it.each([
    ['weights.bin', 'truncated', (b: Buffer) => b.subarray(0, 10), /truncated/],
    ['weights.bin', 'empty', () => '', /0 bytes.*truncated/],
    ['weights.bin', 'oversized', (b: Buffer) => Buffer.concat([b, Buffer.alloc(4096)]), /too long/],
    ['weights.bin', 'with other weights', (b: Buffer) => Buffer.alloc(b.length, 7), /does not match its run/],
    ['run.json', 'null', () => 'null', /top level is null/],
    ['run.json', '[]', () => '[]', /top level is \[\]/],
    ['run.json', 'not JSON', () => '{"config": ', /not valid JSON/],
    ['run.json', 'without config', editRecord((r) => delete r.config), /config is missing/],
    ['run.json', 'without metrics', editRecord((r) => delete r.metrics), /metrics is missing/],
    ['run.json', 'with a string mse', editRecord((r) => (r.metrics.mse = 'low')), /metrics\.mse/],
    ['run.json', 'with its width edited', editRecord((r) => (r.config.hidden = 5)), /net\.layers\[0\] has 3 units but config\.hidden is 5/],
    ['run.json', 'with an unknown target', editRecord((r) => (r.config.target = 'nope')), /config\.target: "nope" is not allowed/],
    ['run.json', 'with a grid too large', editRecord((r) => (r.config.samples = 1e12)), /config\.samples/],
    ['run.json', 'with a key removed from config', editRecord((r) => delete r.config.lr), /config lacks lr/],
    ['model.json', 'garbage', () => 'garbage', /not valid JSON/],
    ['model.json', '{}', () => '{}', /not a TF\.js layers model/],
    ['model.json', 'of another width', (b: Buffer) => b.toString().replace(/\[1,3\]/g, '[1,4]'), /do not match hidden 3/],
  ])('%s %s: one line naming the file, exit 2', async (file, _what, damage, pattern) => {
    const dir = damaged(file, damage);
    expectNamed(await run(['show', dir, '--quiet']), join(dir, file), pattern);
  });
});

describe('summarize on a sweep folder with a damaged run file', () => {
  it.each([
    ['empty', () => ''],
    ['null', () => 'null'],
    ['without status', (t: string) => JSON.stringify({ ...JSON.parse(t), status: undefined })],
    ['with seconds as text', (t: string) => JSON.stringify({ ...JSON.parse(t), seconds: 'soon' })],
  ])('%s: one line naming the file, exit 2', async (_what, damage) => {
    const dir = join(root, `sweep-${n++}`);
    cpSync(sweepDir, dir, { recursive: true });
    const f = join(dir, 'runs', readdirSync(join(dir, 'runs')).filter((x) => x.endsWith('.json'))[0]);
    writeFileSync(f, damage(readFileSync(f, 'utf8')));
    expectNamed(await run(['summarize', dir, '--quiet']), f, /./);
  });
  it('a good folder summarises (the baseline)', async () => {
    const r = await run(['summarize', sweepDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
  });
});
