import { describe, expect, it } from 'vitest';
import { num, table, wrap, sentences } from '../../src/report/text.js';
import { recordOf, gridOf } from '../../src/experiment/run.js';
import { DEFAULTS } from '../../src/settings.js';
import { netOf } from '../../src/math/net.js';

describe('report', () => {
  it('formats numbers compactly and tables with aligned columns', () => {
    expect(num(0.0115647)).toBe('0.01156');
    expect(num(1.5e-7)).toBe('1.500e-7');
    expect(num(NaN)).toBe('—');
    const t = table(['unit', 'knot'], [['0', -1.5], ['10', 2]]).split('\n');
    expect(t[0]).toBe('unit  knot');
    expect(t[2]).toBe('0     -1.5');
    expect(t[3]).toBe('10       2');
  });

  it('wraps prose at the width', () => {
    for (const line of wrap('a '.repeat(100), 20).split('\n')) expect(line.length).toBeLessThanOrEqual(20);
  });

  it('says in words where the knots are, how many units died and how the errors compare', () => {
    const config = { ...DEFAULTS, compare: 'h2' };
    const net = { a: [-1, -1, 1, -1], b: [-1.8, -0.6, -0.6, -10], c: [2.4, 2.4, 2.4, 1], d: 0.12 };
    const r = recordOf(config, 'wasm', gridOf(config), netOf(net), { status: 'ok', divergedAt: null, history: { epoch: [], loss: [] }, restarts: { best: 0, losses: [0] }, seconds: 0 }, null);
    const text = sentences(r);
    expect(text).toContain('The network bends at 3 of its 4 units, at x = -1.8, -0.6, 0.6.');
    expect(text).toContain('1 unit is dead');
    expect(text).toContain('Its MSE is 1.54× that of h2 (0.5688 vs 0.3703).');
    expect(text).toContain('Compared with h2, knots moved -1 → -1.8, 0 → -0.6, 1 → 0.6.');
  });
});
