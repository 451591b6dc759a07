import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaText, settingsMarkdown, TABLE } from '../../src/settings.js';
import { run, tempDir } from '../helpers.js';

describe('relu-lab settings and --hidden on the command line (in-process)', () => {
  it('prints the table, the docs page and the schema the checked-in files come from', async () => {
    const t = await run(['settings']);
    expect(t.code).toBe(0);
    for (const s of TABLE) expect(t.stdout).toContain(s.flag);
    expect((await run(['settings', '--markdown'])).stdout).toBe(settingsMarkdown());
    expect((await run(['settings', '--schema'])).stdout).toBe(schemaText());
    const both = await run(['settings', '--markdown', '--schema']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^relu-lab: --markdown and --schema: both given; expected one of them/);
  });

  it('train --help shows every setting from the table: flag, what is allowed and the default', async () => {
    const help = (await run(['train', '--help'])).stdout.replace(/\s+/g, ' ');
    for (const s of TABLE) {
      expect(help).toContain(`${s.flag} ${s.arg}`);
      expect(help).toContain(s.allowed.replace(/\s+/g, ' '));
    }
    expect(help).toContain('(default -3,3)');
    expect(help).toContain('(default mixed)');
  });

  it.each([
    ['8,,8', /--hidden: "8,,8" is not allowed; expected .*layer 2 has no width/],
    ['8,0', /--hidden: "8,0" is not allowed; expected .*layer 2's width "0"/],
    ['8,-2', /--hidden: "8,-2" is not allowed; expected .*layer 2's width "-2"/],
    ['8.5', /--hidden: 8\.5 is not allowed; expected a whole number from 1 to 64/],
    [Array(17).fill(4).join(','), /--hidden: "4,4,4,.*" is not allowed; expected at most 16 hidden layers \(this has 17\)/],
    ['64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64', /--hidden: "64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64" is not allowed; expected at most \d+ trainable parameters.*this network has 62593/],
    ['1000,1000', /layer 1's width "1000" is not a whole number from 1 to 64/],
  ])('train --hidden %s: one line, exit 2, nothing written', async (hidden, message) => {
    const out = join(tempDir(), 'run');
    const r = await run(['train', '--hidden', hidden, '--out', out, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('optimum refuses a deep architecture with one line', async () => {
    const r = await run(['optimum', '--hidden', '4,4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^relu-lab: --hidden: "4,4" is not allowed; expected one hidden layer \(a whole number\): the best possible network is computed for one hidden layer\n$/);
  });

  it('reads a YAML config for train and refuses its mistakes like JSON, naming the file and key', async () => {
    const dir = tempDir();
    const y = join(dir, 'c.yaml');
    writeFileSync(y, 'target: abs\nhidden: [2, 4]\n');
    const r = await run(['train', '--config', y, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${y}: hidden: [2,4] names several runs`);
    writeFileSync(y, 'target: abs\nepochs: 0\n');
    expect((await run(['train', '--config', y])).stderr).toContain(`${y}: epochs: 0 is not allowed; expected a whole number from 1 to 10000000`);
    writeFileSync(y, 'target: abs\n  epochs: 3\n');
    expect((await run(['train', '--config', y])).stderr).toMatch(/c\.yaml: invalid YAML at line \d+, column \d+: Nested mappings/);
  });

  it('refuses a bad architecture in a YAML sweep list before writing anything, naming its index', async () => {
    const dir = tempDir();
    const f = join(dir, 'deep.yml');
    writeFileSync(f, 'hidden: [2, "3,3", "3,,3"]\nepochs: 5\n');
    const out = join(dir, 'out');
    const r = await run(['sweep', f, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^relu-lab: .*deep\.yml: hidden\[2\]: "3,,3" is not allowed; expected .*layer 2 has no width\n$/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
