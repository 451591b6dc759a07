import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { DEFAULTS, crossCheck, expand, merge, readConfigFile, singleRun, validateOverrides } from '../src/settings.js';
import { maxK } from '../src/math/handbuilt.js';

const tmp = mkdtempSync(join(tmpdir(), 'relu-lab-config-'));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};
const problemsOf = (raw: unknown, lists = true) => validateOverrides(raw, 'f.json: ', lists).problems;

describe('config', () => {
  it('merges defaults <- file <- flags, key by key', () => {
    const c = merge({ hidden: 8, lr: 0.1 }, { lr: 0.05 });
    expect(c.hidden).toBe(8);
    expect(c.lr).toBe(0.05);
    expect(c.target).toBe(DEFAULTS.target);
  });

  it('reports unknown keys, including __proto__, with what is allowed', () => {
    const ps = problemsOf(JSON.parse('{"hiden": 4, "__proto__": {"x": 1}}'));
    expect(ps).toHaveLength(2);
    expect(ps[0]).toMatch(/^f\.json: hiden: unknown setting; expected one of target, domain/);
    expect(ps[1]).toMatch(/__proto__: unknown setting/);
  });

  it('reports wrong types and out-of-range numbers, one line each, naming key, value and what is allowed', () => {
    const ps = problemsOf({ hidden: '4', lr: -1, epochs: 0, domain: [3, -3], target: 'quartic', refit: 'yes' });
    expect(ps).toEqual([
      'f.json: hidden: "4" is not allowed; expected a whole number from 1 to 64 (one hidden layer) or 2 to 16 widths separated by commas such as "8,8,8" (one per hidden layer)',
      'f.json: lr: -1 is not allowed; expected a number greater than 0 and at most 10',
      'f.json: epochs: 0 is not allowed; expected a whole number from 1 to 10000000',
      'f.json: domain: [3,-3] is not allowed; expected two finite numbers LO,HI with LO < HI, |LO| and |HI| at most 1000000, and HI − LO at least 0.001',
      expect.stringMatching(/^f\.json: target: "quartic" is not allowed; expected one of square, sin, cube, abs/),
      'f.json: refit: "yes" is not allowed; expected one of none, end, during',
    ]);
  });

  it('rejects empty lists, duplicate entries and bad entries by index', () => {
    const ps = problemsOf({ hidden: [], seed: [0, 1, 1], lr: [0.1, 'x'] });
    expect(ps).toEqual([
      expect.stringMatching(/^f\.json: hidden: \[\] is not allowed; expected a non-empty list/),
      'f.json: seed[2]: 1 is listed twice; each value once',
      'f.json: lr[1]: "x" is not allowed; expected a number greater than 0 and at most 10',
    ]);
  });

  it('allows lists only for sweepable keys, and not at all where lists are off', () => {
    expect(problemsOf({ samples: [10, 20] })[0]).toMatch(/samples: \[10,20\] is not allowed.*a single value/);
    expect(problemsOf({ hidden: [1, 2] }, false)[0]).toMatch(/hidden: \[1,2\] is not allowed.*lists of values belong in sweep configs/);
  });

  it('expands a sweep into the product of its lists in a fixed order', () => {
    const runs = expand(merge({ hidden: [2, 4], seed: [0, 1, 2], target: ['square', 'sin'] }));
    expect(runs).toHaveLength(12);
    expect(runs[0]).toMatchObject({ target: 'square', hidden: 2, seed: 0 });
    expect(runs[11]).toMatchObject({ target: 'sin', hidden: 4, seed: 2 });
    expect(runs.every((r) => r.domain.length === 2)).toBe(true);
  });

  it('refuses a multi-run config for a single run', () => {
    expect(() => singleRun(merge({ hidden: [2, 4] }), 'x.json: ')).toThrow(/x\.json: hidden: \[2,4\] names several runs/);
    expect(singleRun(merge({ hidden: [8] }), '').hidden).toBe(8);
  });

  it('checks settings against each other: batch size and the hand-built k against the domain', () => {
    const c = { ...DEFAULTS, batchSize: 2000 };
    expect(crossCheck(c, '', (k) => k, maxK)[0]).toMatch(/batchSize: 2000 is not allowed; expected 0 \(full batch\) up to 1000/);
    expect(crossCheck({ ...DEFAULTS, compare: 'h4' }, '', (k) => k, maxK)[0]).toMatch(/"h4" does not fit the domain \[-3, 3\].*h1…h3/);
    expect(crossCheck({ ...DEFAULTS, compare: 'h3' }, '', (k) => k, maxK)).toEqual([]);
  });

  it('reads config files: missing file, folder, invalid JSON with line and column', () => {
    expect(() => readConfigFile(join(tmp, 'nope.json'))).toThrow(/nope\.json: cannot read the config file \(no such file\)/);
    expect(() => readConfigFile(tmp)).toThrow(/it is a folder/);
    const bad = file('bad.json', '{\n  "hidden": 4,\n  "seed" 2\n}');
    try {
      readConfigFile(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems[0]).toMatch(/bad\.json: invalid JSON at line 3, column 10/);
    }
    expect(readConfigFile(file('ok.json', '{"hidden": 4}'))).toEqual({ hidden: 4 });
  });
});
