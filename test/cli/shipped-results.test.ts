// The shipped two-input sweeps (results/product-widths, saddle-widths, activations-product) are
// what `relu-lab summarize` writes today: their references are rebuilt at summarize time from the
// one-input optimum (best squares), so a change to the optimum must come with new summaries (version
// 9 changed product's width-8 construction, 0.02367 → 0.02429, and the summaries had not followed).
// The one-input folders are left out: their optimum curves take minutes from an empty cache.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the shipped two-input results', () => {
  it.each(['product-widths', 'saddle-widths', 'activations-product'])('results/%s/summary.md and summary.csv are what summarize rebuilds from its run files', async (name) => {
    const shipped = join(ROOT, 'results', name);
    const copy = join(tempDir(), name);
    cpSync(shipped, copy, { recursive: true });
    const r = await run(['summarize', copy, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    for (const file of ['summary.md', 'summary.csv']) expect(readFileSync(join(copy, file), 'utf8'), file).toBe(readFileSync(join(shipped, file), 'utf8'));
  }, 60_000);
});
