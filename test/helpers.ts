// Running the built CLI as a user would: a subprocess of dist/bin.js (npm test builds it first).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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

export function tempDir(prefix = 'relu-lab-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

const CACHE = tempDir('relu-lab-cache-');
