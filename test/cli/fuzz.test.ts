// Property-based tests (fast-check): arbitrary JSON as a config file and arbitrary argument lists,
// run in-process. Every outcome is exit 0, 2 or 3 with at most a few lines on stderr, never 1 (an
// internal error), never a hang, and nothing written when the answer is exit 2. Generated runs are
// kept tiny: the bounds (--epochs 1, --samples 20, ...) are appended last, and commander keeps the
// last value of a repeated flag.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from '../helpers.js';

process.env.RELU_LAB_CACHE ??= tempDir('relu-lab-fuzz-cache-');
const root = tempDir('relu-lab-fuzz-');
const outs = [join(root, 'o1'), join(root, 'o2', 'deeper')];
const listing = (): string[] => readdirSync(root, { recursive: true }).map(String).filter((f) => !f.startsWith('cfg')).sort();

const KEYS = ['target', 'domain', 'samples', 'hidden', 'seed', 'init', 'optimizer', 'lr', 'schedule', 'epochs', 'batchSize', 'restarts', 'refit', 'compare', 'backend'];
const NICE = ['square', 'sin', 'abs', 'relu', 'cube', 'auto', 'none', 'h1', 'h2', 'h9', 'adam', 'sgd', 'cosine', 'constant', 'spread', 'curvature', 'mixed', 'halves', 'dropped', 'greedy', 'glorot', 'end', 'during', 'wasm', 'cpu', 'tensorflow'];
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(...NICE),
  fc.integer({ min: -5, max: 3000 }),
  fc.tuple(fc.double({ noNaN: false }), fc.double()).map(([a, b]) => [a, b]),
  fc.constantFrom([-3, 3], [-1e308, 1e308], [0, 1e-9], [2, 1], [-1e6, 1e6]),
);
const config = fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.dictionary(fc.constantFrom(...KEYS, 'bogus'), value, { maxKeys: 5 }));

function expectTidy(r: { code: number; stdout: string; stderr: string }, before: string[]) {
  expect([0, 2, 3], r.stderr).toContain(r.code);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.stderr.trim().split('\n').length, r.stderr).toBeLessThanOrEqual(r.code === 2 ? 16 : 4);
  if (r.code === 2) expect(listing()).toEqual(before);
}

let k = 0;
describe('fuzzing', () => {
  it('arbitrary JSON config files: exit 0, 2 or 3, tidy, nothing written on 2', async () => {
    await fc.assert(
      fc.asyncProperty(config, async (cfg) => {
        const file = join(root, `cfg-${k++}.json`);
        writeFileSync(file, JSON.stringify(cfg) ?? 'null');
        const before = listing();
        const r = await run(['train', '--config', file, '--epochs', '1', '--samples', '20', '--hidden', '2', '--restarts', '1', '--batch-size', '0', '--quiet']);
        expectTidy(r, before);
      }),
      { numRuns: 80 },
    );
  }, 60_000);

  const FLAGS = ['--target', '--domain', '--samples', '--hidden', '--seed', '--init', '--optimizer', '--lr', '--schedule', '--epochs', '--batch-size', '--restarts', '--refit', '--compare', '--backend', '--height', '--k', '--shard', '--json', '--quiet', '--force', '--no-batch', '--config', '--bogus', '-h', '--verbose'];
  const word = fc.oneof(
    fc.constantFrom(...FLAGS),
    fc.constantFrom(...NICE, '-1', '0', '1', '2.5', 'NaN', 'Infinity', '1e308', '=-3,3', '-3,3', '1/0', '3/2', '', ' ', '--', '-'),
    fc.string({ maxLength: 8 }),
    fc.integer({ min: -10, max: 100 }).map(String),
  );
  const BOUNDS: Record<string, string[]> = {
    train: ['--epochs', '1', '--samples', '20', '--hidden', '2', '--restarts', '1', '--batch-size', '0'],
    optimum: ['--samples', '20', '--hidden', '2'],
    handbuilt: ['--samples', '20'],
    show: [],
    summarize: [],
    sweep: [],
  };
  const command = fc.constantFrom(...Object.keys(BOUNDS), 'bogus');
  const dirArg = fc.constantFrom(root, join(root, 'nope'), outs[0]);
  const outFlag = fc.constantFrom([], ['--out', outs[0]], ['--figures', outs[1]]);

  it('arbitrary argument lists: exit 0, 2 or 3, tidy, nothing written on 2', async () => {
    await fc.assert(
      fc.asyncProperty(command, fc.array(word, { maxLength: 6 }), dirArg, outFlag, async (cmd, words, dir, out) => {
        const positional = ['show', 'summarize', 'sweep'].includes(cmd) ? [dir] : [];
        // flags whose value would name a file to write or read are given only as the fixed paths above
        const args = [cmd, ...positional, ...words.filter((w) => !['--out', '--figures', '--config'].includes(w)), ...(cmd === 'train' || cmd === 'handbuilt' ? out : []), ...(BOUNDS[cmd] ?? [])];
        const before = listing();
        const r = await run(args);
        expectTidy(r, before);
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
