import { describe, expect, it } from 'vitest';
import { bestFoundLine, bestFoundSentence } from '../../src/report/best-text.js';
import { num } from '../../src/report/text.js';
import type { RunRecord } from '../../src/experiment/run.js';

/** Just the fields the sentence reads: a swish run on sin measured against its best found. */
const runWith = (learned: number, best: number): RunRecord =>
  ({
    config: { activation: 'swish' },
    metrics: { mse: learned },
    ratio: learned / best,
    largestWeight: 12,
    optimum: { label: 'best found', mse: best, bound: 30, boundActive: false, largestWeight: 20 },
  }) as unknown as RunRecord;

describe('the best-found sentence', () => {
  it('gives the ratio where both errors are real approximation errors', () => {
    expect(bestFoundSentence(runWith(2e-6, 1e-6), num)).toBe('The best found reaches 1.000e-6; training ended 2× above it.');
    expect(bestFoundSentence(runWith(1e-6, 2e-6), num)).toContain('Training beat the best found by 2×');
  });

  it('gives no factor where an error is round-off: a ratio of float32 accidents says nothing', () => {
    // swish on sin at width 5 on 1000 points: training 9.5e-15, the best found 1.09e-12 (read "115×")
    const below = bestFoundSentence(runWith(9.5e-15, 1.09e-12), num);
    expect(below).toBe('Training reached round-off (MSE 9.500e-15), below the best found (1.090e-12): the search is not exhaustive.');
    expect(bestFoundSentence(runWith(3e-15, 5e-13), num)).toContain('both exact on the grid');
    expect(bestFoundLine(runWith(9.5e-15, 1.09e-12), num)).toContain('learned / best found = — (the learned is exact, the best is not)');
    expect(bestFoundLine(runWith(3e-15, 5e-13), num)).toContain('learned / best found = both exact');
    expect(bestFoundLine(runWith(2e-6, 1e-6), num)).toContain('learned / best found = 2');
    expect(bestFoundSentence(runWith(1e-7, 5e-13), num)).toBe('The best found is exact on the grid (MSE 5.000e-13, round-off); training ended at 1.000e-7.');
  });
});
