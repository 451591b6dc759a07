import { readFileSync, readdirSync, existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { planSweep } from '../src/experiment/sweep.js';
import { MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH, MAX_LIST_LENGTH, MAX_SWEEP_RUNS } from '../src/limits.js';
import { namesTarget2, planeSweepRuns } from '../src/cli/commands/sweep-plane.js';
import { planPlaneSweep } from '../src/experiment/plane-sweep.js';
import { CONFIG_KEYS, LIMIT_NOTES, TABLE, configName, expand, merge, readConfigFile, schemaText, settingsMarkdown, validateOverrides } from '../src/settings.js';

const tmp = mkdtempSync(join(tmpdir(), 'relu-lab-settings-'));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};
const problemsOf = (path: string): string[] => {
  try {
    const raw = readConfigFile(path);
    return validateOverrides(raw, `${path}: `, true).problems;
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('config files', () => {
  it('reads YAML (.yaml, .yml) into the same settings as JSON', () => {
    const y = readConfigFile(file('a.yaml', '# a comment\n$schema: ./schema.json\ntarget: sin\nhidden: [2, 4, "8,8"]\ndomain: [-1, 1]\n'));
    const j = readConfigFile(file('a.json', '{"$schema": "./schema.json", "target": "sin", "hidden": [2, 4, "8,8"], "domain": [-1, 1]}'));
    expect(y).toEqual(j);
    expect(readConfigFile(file('b.YML', 'seed: 3\n'))).toEqual({ seed: 3 });
    const { values, problems } = validateOverrides(y, 'a.yaml: ', true);
    expect(problems).toEqual([]);
    expect(values).toEqual({ target: 'sin', hidden: [2, 4, [8, 8]], domain: [-1, 1] });
  });

  it('gives YAML syntax errors with line and column, and the same one-line problems as JSON', () => {
    expect(problemsOf(file('bad.yaml', 'hidden: 4\nseed: [0, 1\ntarget: square\n'))).toEqual([
      expect.stringMatching(/bad\.yaml: invalid YAML at line 3, column 1: /),
    ]);
    expect(problemsOf(file('dup.yml', 'hidden: 4\nhidden: 5\n'))).toEqual([expect.stringMatching(/dup\.yml: invalid YAML at line 2, column 1: Map keys must be unique/)]);
    const y = problemsOf(file('v.yaml', 'hidden: "4"\nlr: -1\nhiden: 2\n'));
    const j = problemsOf(file('v.json', '{"hidden": "4", "lr": -1, "hiden": 2}'));
    expect(y.map((l) => l.replace('v.yaml', 'F'))).toEqual(j.map((l) => l.replace('v.json', 'F')));
    expect(y).toHaveLength(3);
    expect(problemsOf(file('list.yaml', '- 1\n- 2\n'))).toEqual([expect.stringMatching(/list\.yaml: the top level is \[1,2\]; expected an object of settings/)]);
  });

  it('refuses alias bombs, deep nesting, huge files, long lists and huge products with one line', () => {
    const laugh = ['a: &a [x,x,x,x,x,x,x,x,x]'];
    for (const [k, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e']]) laugh.push(`${k}: &${k} [${Array(9).fill('*' + prev).join(',')}]`);
    expect(problemsOf(file('laugh.yaml', laugh.join('\n') + '\n'))).toEqual([expect.stringMatching(/laugh\.yaml: invalid YAML: .*alias/i)]);
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(problemsOf(file('deep.json', `{"hidden": ${deep(100_000)}}`))).toEqual([expect.stringMatching(new RegExp(`deep\\.json: hidden(\\[0\\])+: nested more than ${MAX_CONFIG_DEPTH} levels deep`))]);
    expect(problemsOf(file('deeptop.json', deep(100_000)))).toEqual([expect.stringMatching(/deeptop\.json: the top level is \[\[\[.*\.\.\..*; expected an object/)]);
    const yamlDeep = problemsOf(file('deep.yaml', `hidden: ${deep(100_000)}\n`));
    expect(yamlDeep).toHaveLength(1);
    expect(yamlDeep[0]).toMatch(/deep\.yaml: (invalid YAML.*nested too deeply|hidden.*nested more than)/);
    expect(problemsOf(file('huge.json', `{"seed": [${Array.from({ length: 200_000 }, (_, i) => i).join(',')}]}`))).toEqual([
      expect.stringMatching(new RegExp(`huge\\.json: the config file is \\d+ bytes; expected at most ${MAX_CONFIG_BYTES}`)),
    ]);
    expect(problemsOf(file('long.json', JSON.stringify({ seed: Array.from({ length: MAX_LIST_LENGTH + 1 }, (_, i) => i) })))).toEqual([
      `${join(tmp, 'long.json')}: seed: a list of ${MAX_LIST_LENGTH + 1} entries; expected at most ${MAX_LIST_LENGTH}`,
    ]);
    const product = merge({ seed: Array.from({ length: 5000 }, (_, i) => i), hidden: Array.from({ length: 100 }, (_, i) => i + 1) });
    expect(() => expand(product, 'p.json: ')).toThrow(new RegExp(`p\\.json: the lists name 500000 runs; expected at most ${MAX_SWEEP_RUNS}`));
  });

  it('ignores "$schema" only as a string, and names a sweep the same for x.json, x.yaml and x.yml', () => {
    expect(validateOverrides({ $schema: 3 }, 'f: ', true).problems[0]).toMatch(/^f: \$schema: unknown setting/);
    expect(['x.json', 'dir/x.yaml', 'x.YML'].map(configName)).toEqual(['x', 'x', 'x']);
  });
});

describe('shipped configs and generated docs', () => {
  it('every shipped config points at the schema and plans exactly the sweep its results folder holds', () => {
    const names = readdirSync('configs').filter((f) => /\.(json|ya?ml)$/.test(f) && f !== 'schema.json');
    expect(names).toContain('answer.yaml');
    for (const f of names) {
      const path = join('configs', f);
      const text = readFileSync(path, 'utf8');
      expect(text, f).toMatch(f.endsWith('.json') ? /"\$schema": "\.\/schema\.json"/ : /^# yaml-language-server: \$schema=\.\/schema\.json$/m);
      const held = join('results', configName(f), 'config.json');
      if (namesTarget2(path, readConfigFile(path))) {
        // a two-input sweep: checked by the two-input rules, and its folder holds exactly its runs
        const { runs, sweep } = planeSweepRuns(path, readConfigFile(path), {});
        if (existsSync(held)) {
          const plan = planPlaneSweep(configName(f), sweep, runs, { dir: join('results', configName(f)), force: false, shard: null, batch: true });
          expect(plan.resolved, f).toBe(readFileSync(held, 'utf8'));
          expect(plan.todo, f).toEqual([]);
        }
        continue;
      }
      expect(validateOverrides(readConfigFile(path), `${f}: `, true).problems, f).toEqual([]);
      if (existsSync(held)) {
        const plan = planSweep(path, readConfigFile(path), { shard: null, batch: true });
        expect(plan.resolved, f).toBe(readFileSync(held, 'utf8'));
        expect(plan.todo, f).toEqual([]);
      }
    }
  });

  it('docs/settings.md and configs/schema.json are up to date with the settings table (npm run docs)', () => {
    expect(readFileSync('docs/settings.md', 'utf8'), 'docs/settings.md is stale: run npm run docs').toBe(settingsMarkdown());
    expect(readFileSync('configs/schema.json', 'utf8'), 'configs/schema.json is stale: run npm run docs').toBe(schemaText());
  });

  it('the docs list every limit', async () => {
    const limits = await import('../src/limits.js');
    expect(Object.keys(LIMIT_NOTES).sort()).toEqual(Object.keys(limits).sort());
  });

  it('the schema names every setting, its default and its values', () => {
    const schema = JSON.parse(schemaText());
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['$schema', ...CONFIG_KEYS]);
    for (const s of TABLE) expect(schema.properties[s.key].default, s.key).toEqual(s.default);
    expect(schema.properties.target.anyOf[0].enum).toContain('square');
    expect(schema.properties.samples.maximum).toBe(1_000_000);
  });
});
