import { describe, expect, it } from 'vitest';
import { trainingLoop, type LoopWork } from '../../src/tfjs/loop.js';

// The shared epoch loop with scripted tensor work: no TF.js, only the decisions (which runs stop, when, why).
function scripted(losses: number[], scores?: number[]) {
  let rows = losses.map((_, r) => r);
  const calls: number[][] = [];
  const work: LoopWork = {
    fullStep: () => {},
    batchStep: () => {},
    refit: () => {},
    losses: () => rows.map((r) => losses[r]),
    keep: (kept) => {
      rows = kept.map((k) => rows[k]);
    },
    raceScores: scores
      ? () => {
          calls.push(rows.slice());
          return rows.map((r) => scores[r]);
        }
      : undefined,
  };
  return { work, calls };
}
const shared = { epochs: 100, optimizer: 'adam' as const, schedule: 'constant' as const, batchSize: 0, refitEvery: 5, historyPoints: 100 };

describe('the race between restarts', () => {
  it('drops the worse half of a group by score at raceAt, once, whatever their losses', () => {
    // lowest losses would keep 0, 1, 2; the scores (where each is heading) keep 3, 4, 5
    const { work, calls } = scripted([1, 1.1, 1.2, 1.3, 1.4, 1.5], [9, 8, 7, 1, 2, 3]);
    const out = trainingLoop([0, 1, 2, 3, 4, 5], 10, { ...shared, stop: { stop: 'plateau', patience: 10, raceAt: 20 } }, work, undefined, [0, 0, 0, 0, 0, 0]);
    expect(calls).toEqual([[0, 1, 2, 3, 4, 5]]);
    expect(out.stopped.slice(0, 3)).toEqual([0, 1, 2].map(() => ({ epoch: 20, reason: 'lagging' })));
    for (const s of out.stopped.slice(3)) expect(s.reason).toBe('plateau');
  });

  it('ranks by the lowest loss without scores, races each group alone, and not with stopping off', () => {
    const { work } = scripted([1.3, 1.1, 1.2, 1.0, 5, 6, 7]);
    const out = trainingLoop([0, 1, 2, 3, 4, 5, 6], 10, { ...shared, stop: { stop: 'plateau', patience: 10, raceAt: 20 } }, work, undefined, [0, 0, 0, 0, 1, 1, 1]);
    expect(out.stopped.map((s) => s.reason)).toEqual(['lagging', 'plateau', 'lagging', 'plateau', 'plateau', 'plateau', 'lagging']); // a group of 3 keeps 2
    expect(out.stopped[0].epoch).toBe(20); // within LAG_FACTOR of its best: only the race drops it
    const off = trainingLoop([0, 1, 2, 3], 10, { ...shared, stop: { stop: 'off', patience: 10, raceAt: 20 } }, scripted([1, 2, 3, 4], [4, 3, 2, 1]).work, undefined, [0, 0, 0, 0]);
    expect(off.stopped.map((s) => s.reason)).toEqual(['epochs', 'epochs', 'epochs', 'epochs']);
  });
});
