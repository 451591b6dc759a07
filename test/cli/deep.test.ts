import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

describe('deep networks from the command line', () => {
  it('trains --hidden 3,3,3, saves it, and show reloads it with its layers and pieces', () => {
    const dir = join(tempDir(), 'run');
    const r = cli(['train', '--hidden', '3,3,3', '--epochs', '30', '--restarts', '1', '--samples', '200', '--out', dir, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/hidden 3,3,3 ReLU \(34 parameters\)/);
    expect(r.stdout).toMatch(/best shallow network with at most as many parameters \(width 11, 34 parameters\)/);
    expect(r.stdout).toMatch(/linear pieces on \[-3, 3\]: \d+ \(at most 64 for these widths/);
    const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(record.recordVersion).toBe(2);
    expect(record.network).toBeNull();
    expect(record.net.layers).toHaveLength(3);
    const s = cli(['show', dir, '--quiet']);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('hidden 3,3,3 ReLU');
  });

  it('refuses --init cascade where the cascade does not fit, in one line, exit 2, nothing written', () => {
    const dir = join(tempDir(), 'run');
    const r = cli(['train', '--hidden', '3,2,2', '--init', 'cascade', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('relu-lab: --init: "cascade" cannot start --hidden 3,2,2: the cascade with 3 hidden layers needs widths of at least 2,2,3; this network has 3,2,2');
    expect(existsSync(dir)).toBe(false);
  });
});
