// sweep --jobs: the same run files whatever the number of jobs, resume and usage errors unchanged.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { cli, tempDir } from '../helpers.js';

const tmp = tempDir('relu-lab-jobs-');
const config = join(tmp, 'tiny.json');
writeFileSync(config, JSON.stringify({ target: ['square', 'sin'], hidden: [2, 3], seed: [0, 1], epochs: 60, restarts: 2 }));

/** Every run file of a folder, without its timing. */
function runs(dir: string): Record<string, unknown> {
  const files = readdirSync(join(dir, 'runs')).sort();
  return Object.fromEntries(files.map((f) => [f, { ...JSON.parse(readFileSync(join(dir, 'runs', f), 'utf8')), seconds: 0 }]));
}

describe('sweep --jobs', () => {
  it('writes the same runs with 2 jobs as with 1, and resumes with jobs too', () => {
    const one = join(tmp, 'one');
    const two = join(tmp, 'two');
    expect(cli(['sweep', config, '--out', one, '--quiet', '--jobs', '1']).code).toBe(0);
    const r = cli(['sweep', config, '--out', two, '--jobs', '2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/jobs: 2 worker threads/);
    expect(r.stderr).toMatch(/trained 8 runs/);
    expect(runs(two)).toEqual(runs(one));
    expect(Object.keys(runs(one))).toHaveLength(8);
    // resume: remove two runs of different batches; only those are trained again, to the same numbers
    const files = readdirSync(join(two, 'runs')).sort();
    rmSync(join(two, 'runs', files[0]));
    rmSync(join(two, 'runs', files[7]));
    const again = cli(['sweep', config, '--out', two, '--jobs', '2']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/6 already finished/);
    expect(runs(two)).toEqual(runs(one));
  }, 180_000);

  it('rejects a bad --jobs in one line, before writing anything', async () => {
    for (const bad of ['0', '-1', '1.5', 'many', '100000']) {
      const out = join(tmp, `bad-${bad}`);
      let err = '';
      const io = { out: () => {}, err: (s: string) => void (err += s), stdoutTTY: false, stderrTTY: false, columns: 80, env: {} };
      expect(await main(['node', 'relu-lab', 'sweep', config, '--out', out, `--jobs=${bad}`], io)).toBe(2);
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toMatch(/--jobs: .* is not allowed; expected a whole number from 1 to/);
      expect(() => readdirSync(out)).toThrow();
    }
  });
});
