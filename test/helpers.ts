// What the tests share: the CLI run in-process (main with a collecting Io: fast, for usage errors
// and help) or as a subprocess of dist/bin.js (npm test builds it first: for what only a real
// process shows), private temporary folders, and the one TF.js backend the tests run on.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, expect } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/terminal.js';
import { startBackend, type Backend } from '../src/tfjs/backend.js';
import type { Net } from '../src/math/net.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = join(ROOT, 'dist', 'bin.js');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run relu-lab synchronously; the optimum cache goes to a private folder so tests never share one. */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, RELU_LAB_CACHE: CACHE, ...opts.env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Start relu-lab without waiting (for kill -9 and parallel shards). */
export function cliAsync(args: string[], opts: { cwd?: string } = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, RELU_LAB_CACHE: CACHE } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<Result>((res) => child.on('close', (code) => res({ code: code ?? -1, stdout, stderr })));
  return { child, done };
}

/**
 * Run relu-lab in this process: main(argv, io) with an Io that collects stdout and stderr, as when
 * piped (no TTY, so no progress and no colour; `tty` makes stderr a terminal). The optimum cache is the tests' private one.
 */
export async function run(args: string[], opts: { env?: Record<string, string>; tty?: boolean } = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const env = { ...process.env, RELU_LAB_CACHE: CACHE, ...opts.env };
  const io: Io = { out: (s) => void (stdout += s), err: (s) => void (stderr += s), stdoutTTY: false, stderrTTY: Boolean(opts.tty), columns: undefined, env };
  const before = process.env.RELU_LAB_CACHE;
  process.env.RELU_LAB_CACHE = env.RELU_LAB_CACHE; // the store reads the cache folder from the process
  try {
    const code = await main([process.execPath, BIN, ...args], io);
    return { code, stdout, stderr };
  } finally {
    if (before === undefined) delete process.env.RELU_LAB_CACHE;
    else process.env.RELU_LAB_CACHE = before;
  }
}

export function tempDir(prefix = 'relu-lab-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

const CACHE = tempDir('relu-lab-cache-');

/**
 * The backend the TF.js tests run on: wasm, the fastest one that installs wherever npm does (the
 * numbers tests pin were measured on it). Tests name it rather than take 'auto', so they mean the
 * same wherever tfjs-node happens to be installed.
 */
export const TEST_BACKEND = 'wasm';

/** Whether the optional native backend (@tensorflow/tfjs-node) is installed here. */
export const HAS_TFJS_NODE = (() => {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

/**
 * The shared backend fixture: starts the tests' backend before the file's tests (once per test
 * file) and returns it; read its fields inside tests, after it started.
 */
export function useBackend(name: 'wasm' | 'cpu' = TEST_BACKEND): Backend {
  let started: Backend | null = null;
  beforeAll(async () => {
    started = await startBackend(name);
  });
  const get = (): Backend => {
    if (!started) throw new Error('useBackend: the backend starts in beforeAll; read it inside a test');
    return started;
  };
  return {
    get tf() {
      return get().tf;
    },
    get name() {
      return get().name;
    },
    get reason() {
      return get().reason;
    },
  };
}

/** A user's mistake refused as the CLI promises: exit 2, one line on stderr matching `pattern`, nothing on stdout, and `out` (if given) not created. */
export function expectRefused(r: { code: number; stdout: string; stderr: string }, pattern: RegExp, out?: string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  if (out !== undefined) expect(existsSync(out)).toBe(false);
}

/**
 * A gelu network on x² at width 4 (results/activations, 200 points) whose error is mostly float32
 * rounding: four units in their Taylor regime against output weights up to the bound (30).
 */
export const CANCELLING: Net = {
  inputs: 1,
  layers: [{ activation: 'gelu', W: [[-0.27428344946531047], [-0.27693996851466435], [0.25469270318296694], [0.25995429440794315]], b: [-1.5774708507227535, -0.36690074103698417, -0.4242434988206381, -1.5730240538928564] }],
  output: { w: [30, 20.682632950868857, 26.209111688021054, 30], d: 11.896545256925892 },
};
