// The benchmark scripts check their command line before any work: a misspelt flag would otherwise
// run hours of the defaults. They read dist/, as `npm run bench…` builds it first.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const bench = (name: string, args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'test', 'bench', `${name}.js`), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });

describe('benchmark flags', () => {
  it('refuse an unknown flag, a missing value or a bad one in one line, exit 2, before any work; --help prints the usage', async () => {
    const names = ['activations', 'best-found', 'depth', 'fit', 'speed'];
    const refused = await Promise.all(names.map((name) => bench(name, ['--sedes', '3'])));
    refused.forEach((r, i) => {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`bench:${names[i]}: "--sedes": not a flag here; the flags are `);
    });
    const [missing, badValue, help] = await Promise.all([bench('activations', ['--seeds']), bench('activations', ['--activations', 'tanh,relo']), bench('activations', ['--help'])]);
    expect([missing.code, missing.stderr.trim()]).toEqual([2, 'bench:activations: --seeds: expected a value after it']);
    // values go through the settings table, named by the flag that gave them
    expect([badValue.code, badValue.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(badValue.stderr).toMatch(/^bench:activations: --activations\[1\]: "relo" is not allowed; expected one of relu, /);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^npm run bench:activations — /);
    expect(help.stdout).toContain('--off-bound-only');
  });
});
