// The CLI under hostile use (issue 16): pipes that close early, bare and misspelt commands, one
// JSON object per --json, shards with nothing to do. In-process through main() where it can be.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, run, tempDir } from '../helpers.js';

const CACHE = tempDir('relu-lab-robust-cache-');
process.env.RELU_LAB_CACHE = CACHE;

describe('pipes closed early (relu-lab … | head)', () => {
  it.each([
    ['handbuilt', '--samples', '200000', '--json'],
    ['optimum', '--samples', '200000', '--json', '--hidden', '2'],
    ['handbuilt', '--samples', '2000', '--height', '200'],
  ])('%s %s … exits 0 without a stack trace', (...args) => {
    const cmd = `node ${JSON.stringify(BIN)} ${args.join(' ')} | head -c 100 > /dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`;
    const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8', env: { ...process.env, RELU_LAB_CACHE: CACHE }, timeout: 60_000 });
    expect(r.stderr).toMatch(/exit=0/);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});

describe('usage', () => {
  it('a bare relu-lab exits 2 with its help on stderr', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Usage: relu-lab/);
    expect(r.stderr).toMatch(/summarize/);
  });
  it.each([
    [['trian'], /unknown command 'trian' \(Did you mean train\?\)/],
    [['optimum', '--hiden', '3'], /unknown option '--hiden' \(Did you mean --hidden\?\)/],
  ])('commander\'s "Did you mean" hint reaches the user whole: %s', async (args, pattern) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });
  it('names the config file\'s problems and the flags\' together, one line each', async () => {
    const file = join(tempDir(), 'typo.json');
    writeFileSync(file, JSON.stringify({ hiden: 4 }));
    const r = await run(['train', '--config', file, '--hidden', '0']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/typo\.json: hiden: unknown setting; expected one of target, /);
    expect(lines[1]).toMatch(/^relu-lab: --hidden: 0 is not allowed/);
  });
});

describe('sweeps at their edges', () => {
  const dir = tempDir('relu-lab-robust-sweep-');
  const config = join(dir, 'tiny.json');
  writeFileSync(config, JSON.stringify({ hidden: [1, 2], samples: 40, epochs: 3, restarts: 1 }));
  const out = join(dir, 'out');

  it('a shard with nothing to do succeeds quietly; summarize --json prints one JSON object', async () => {
    const empty = await run(['sweep', config, '--out', out, '--shard', '3/3', '--quiet']);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stderr).toBe('');
    const full = await run(['sweep', config, '--out', out, '--quiet']);
    expect(full.code, full.stderr).toBe(0);
    const s = await run(['summarize', out, '--json']);
    expect(s.code, s.stderr).toBe(0);
    const lines = s.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const obj = JSON.parse(lines[0]);
    expect(obj.runs).toHaveLength(2);
    expect(obj.files.some((f: string) => f.endsWith('summary.csv'))).toBe(true);
    // width 1 is compared with h1 (2 units): summary.md shows it, with its units
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/\| 1 \|.*\| h1 \(2 units\): [0-9.]+ \|/);
  });
});

describe('usage errors come before any work and write nothing', () => {
  const dir = tempDir('relu-lab-robust-usage-');
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  const config = join(dir, 'tiny.json');
  writeFileSync(config, JSON.stringify({ hidden: [1], samples: 20, epochs: 2, restarts: 1 }));
  it.each([
    [['train', '--out', file], /--out: ".*a-file" is an existing file/],
    [['train', '--out', join(file, 'sub')], /--out: ".*sub" lies under .*a-file, which is a file/],
    [['train', '--figures', join(file, 'sub')], /--figures: .*which is a file/],
    [['train', '--out', '/proc/relu-lab/x'], /--out: "\/proc\/relu-lab\/x" cannot be created: \/proc is not writable/],
    [['train', '--out', ''], /--out: "" is empty/],
    [['handbuilt', '--figures', join(file, 'f')], /--figures: .*which is a file/],
    [['sweep', config, '--out', join(file, 'o')], /--out: .*which is a file/],
    [['sweep', config, '--out', join(dir, 'never'), '--height', '1'], /--height: "1" is not allowed/],
    [['optimum', '--height', '1'], /--height: "1" is not allowed/],
    [['train', '--report', join(file, 'page.html')], /--report: ".*page\.html" lies under .*a-file, which is a file/],
    [['train', '--report', join(dir, 'pages') + '/'], /--report: ".*pages\/" is a folder/],
    [['train', '--report', '/proc/relu-lab.html'], /--report: "\/proc\/relu-lab\.html" cannot be written: \/proc is not writable/],
    [['report', dir, '--out', join(file, 'x.html')], /--out: .*which is a file/],
    [['report', file], /^relu-lab: DIR: ".*a-file\/report\.html" lies under .*a-file, which is a file/],
    [['train', '--frobnicate'], /^relu-lab: unknown option '--frobnicate' \(see relu-lab train --help\)\n$/],
  ])('%s', async (args, pattern) => {
    const before = readdirSync(dir).sort();
    const r = await run([...args, '--quiet']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

describe('the backend line', () => {
  const tiny = ['train', '--epochs', '2', '--hidden', '1', '--samples', '20', '--restarts', '1'];
  it('is the name alone by default, the full reason with --verbose, absent with --quiet', async () => {
    const plain = await run(tiny);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toMatch(/^backend: (tensorflow|wasm|cpu)\n$/);
    const verbose = await run([...tiny, '--verbose']);
    expect(verbose.stderr).toMatch(/^backend: (tensorflow|wasm|cpu) \((auto|asked for)/);
    expect((await run([...tiny, '--quiet'])).stderr).toBe('');
  });
});

describe('limits refused up front', () => {
  it.each([
    [['train', '--domain=-1e308,1e308'], /--domain: .* is not allowed/],
    [['optimum', '--hidden', '65'], /--hidden: 65 is not allowed; expected a whole number from 1 to 64/],
  ])('%s', async (args, pattern) => {
    const r = await run([...args, '--quiet']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });
});

describe('--compare auto says why', () => {
  it('width 8 on [-3, 3] takes h3 and the report says h4 would not fit', async () => {
    const r = await run(['train', '--hidden', '8', '--epochs', '2', '--samples', '50', '--restarts', '1', '--quiet', '--height', '6']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/It is compared with h3 \(--compare auto\): width 8 would take h4 .* h4's would not fit inside \[-3, 3\], so h3 \(6 units\) is the largest that does/);
  });
});

describe('progress of phases that are not epochs', () => {
  it('shows the initial networks being built on a terminal, and nothing when piped', async () => {
    const args = ['train', '--hidden', '4', '--epochs', '2', '--samples', '50', '--height', '6'];
    const tty = await run(args, { tty: true });
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stderr).toMatch(/initial networks \(init mixed\): 1 of 6/);
    const piped = await run(args);
    expect(piped.stderr).not.toMatch(/initial networks/);
  });
});
