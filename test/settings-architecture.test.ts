import { planeRunId } from '../src/experiment/plane-sweep.js';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runId } from '../src/experiment/plan.js';
import { MAX_LAYERS, MAX_PARAMETERS, MAX_WIDTH } from '../src/limits.js';
import { parameterCount } from '../src/math/net.js';
import { DEFAULTS, expand, merge, singleRun, validateOverrides, validateResolved, widthsOf, crossCheck } from '../src/settings.js';

const fromFile = (hidden: unknown, lists = true) => validateOverrides({ hidden }, 'f.json: ', lists);

describe('hidden as an architecture', () => {
  it('keeps one layer a plain number and reads "8,8,8" as one width per layer', () => {
    expect(fromFile(4).values.hidden).toBe(4);
    expect(singleRun(merge(fromFile('8, 8,8').values), '').hidden).toEqual([8, 8, 8]);
    expect(widthsOf(4)).toEqual([4]);
    expect(widthsOf([8, 16])).toEqual([8, 16]);
  });

  it('lists architectures in a sweep: numbers keep meaning widths of one layer', () => {
    const runs = expand(merge(fromFile([2, 4, '8,8', '8,8,8']).values));
    expect(runs.map((r) => r.hidden)).toEqual([2, 4, [8, 8], [8, 8, 8]]);
    expect(expand(merge(fromFile([1, 2, 4]).values)).map((r) => r.hidden)).toEqual([1, 2, 4]);
    expect(fromFile([4, '8,8', ' 8 ,8']).problems).toEqual(['f.json: hidden[2]: " 8 ,8" is listed twice; each value once']);
  });

  it('refuses malformed and oversized architectures, one line naming the key, value and what is allowed', () => {
    const one = (v: unknown) => {
      const { problems } = fromFile(v, false);
      expect(problems).toHaveLength(1);
      return problems[0];
    };
    expect(one('8,,8')).toMatch(/^f\.json: hidden: "8,,8" is not allowed; expected .*layer 2 has no width$/);
    expect(one('8,0')).toMatch(/layer 2's width "0" is not a whole number from 1 to 64$/);
    expect(one('8,-2')).toMatch(/layer 2's width "-2"/);
    expect(one('8.5,8')).toMatch(/layer 1's width "8\.5"/);
    expect(one(8.5)).toMatch(/^f\.json: hidden: 8\.5 is not allowed; expected a whole number from 1 to 64/);
    expect(one(MAX_WIDTH + 1)).toMatch(new RegExp(`hidden: ${MAX_WIDTH + 1} is not allowed`));
    expect(one(Array(MAX_LAYERS + 1).fill(2).join(','))).toMatch(/expected at most 16 hidden layers \(this has 17\)$/);
    // MAX_LAYERS layers at MAX_WIDTH: past the parameter limit (two such layers are not, at width 64)
    const widest = Array(MAX_LAYERS).fill(MAX_WIDTH);
    const wide = widest.join(',');
    expect(parameterCount(1, widest)).toBeGreaterThan(MAX_PARAMETERS);
    expect(one(wide)).toMatch(new RegExp(`expected at most ${MAX_PARAMETERS} trainable parameters.*this network has ${parameterCount(1, widest)}`));
    expect(fromFile('8,8', false).problems).toEqual([]);
    // a run record holds the resolved form: there an array of widths is one architecture
    expect(validateResolved({ hidden: [8, 8] }, 'r: ')).toEqual({ values: { hidden: [[8, 8]] }, problems: [] });
    expect(validateResolved({ hidden: [8, 0] }, 'r: ').problems[0]).toMatch(/^r: hidden: \[8,0\] is not allowed; expected .*layer 2's width "0"/);
    expect(fromFile([8, 8], false).problems[0]).toMatch(/lists of values belong in sweep configs/);
  });

  it('trains deep architectures; refuses, naming both keys, an init that cannot start one', () => {
    expect(crossCheck({ ...DEFAULTS, hidden: [8, 8] }, '', (k) => `--${k}`)).toEqual([]);
    expect(crossCheck({ ...DEFAULTS, hidden: [8, 8], init: 'cascade' }, '', (k) => `--${k}`)).toEqual([]);
    expect(crossCheck({ ...DEFAULTS, hidden: [8, 2, 2], init: 'cascade' }, '', (k) => `--${k}`)).toEqual([
      '--init: "cascade" cannot start --hidden 8,2,2: the cascade with 3 hidden layers needs widths of at least 2,2,3; this network has 8,2,2',
    ]);
    expect(crossCheck({ ...DEFAULTS, hidden: 4, init: 'cascade', domain: [0, 3] }, '', (k) => `--${k}`)[0]).toMatch(/^--init: "cascade" cannot start --hidden 4: .*symmetric about 0/);
  });
});

describe('run ids', () => {
  it('every shipped run file is named by runId of its own config', () => {
    let checked = 0;
    for (const sweep of readdirSync('results')) {
      const runs = join('results', sweep, 'runs');
      if (!existsSync(runs)) continue;
      for (const f of readdirSync(runs).filter((n) => n.endsWith('.json'))) {
        const record = JSON.parse(readFileSync(join(runs, f), 'utf8'));
        // two-input sweeps name runs by planeRunId of their settings
        expect(record.kind === 'plane' ? planeRunId(record.settings) : runId(record.config)).toBe(f.replace(/\.json$/, ''));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('names deep runs by their widths', () => {
    expect(runId({ ...DEFAULTS, hidden: [8, 8, 8] })).toMatch(/^square-w8x8x8-s0-[0-9a-f]{10}$/);
  });
});
