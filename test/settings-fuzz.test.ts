import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { CONFIG_KEYS, expand, merge, singleRun, validateOverrides } from '../src/settings.js';

/** Settings-shaped values: known keys more often than not, values of every JSON kind, lists and odd strings. */
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: -5, max: 2000 }),
  fc.double(),
  fc.constantFrom('8,8', '8,,8', '4', 'square', 'h2', 'auto', '1e308', ' 3 , 3', '\n', '__proto__'),
  fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom('2,2', 'sin', 'x')), { maxLength: 6 }),
);
const key = fc.oneof(fc.constantFrom(...CONFIG_KEYS, '$schema', '__proto__', 'constructor'), fc.string({ maxLength: 80 }));
const config = fc.oneof(fc.dictionary(key, value, { maxKeys: 8 }), fc.jsonValue({ maxDepth: 3 }));

describe('config validation under arbitrary input', () => {
  it('never throws; every problem is one short line naming the file; what passes expands into valid runs', () => {
    fc.assert(
      fc.property(config, fc.boolean(), (raw, lists) => {
        const { values, problems } = validateOverrides(raw, 'f.json: ', lists);
        for (const p of problems) {
          expect(p.startsWith('f.json: ')).toBe(true);
          expect(p).not.toContain('\n');
          expect(p.length).toBeLessThan(600);
        }
        if (problems.length) return;
        const sweep = merge(values);
        try {
          const runs = expand(sweep);
          for (const r of runs) expect(Object.keys(r)).toEqual(CONFIG_KEYS);
          if (!lists) expect(singleRun(sweep, '').target).toBe(runs[0].target);
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
        }
      }),
      { numRuns: 500, seed: 10 },
    );
  });
});
