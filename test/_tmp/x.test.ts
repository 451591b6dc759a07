import { it } from 'vitest';
import { optimumCurve } from '../../src/math/optimum/index.js';
import { GridSums } from '../../src/math/optimum/measure.js';
import { project } from '../../src/math/optimum/projection.js';
import { descend } from '../../src/math/optimum/knots.js';
import { grid, sample } from '../../src/math/targets.js';

const cases = [
  { w: 14, knots: [-1.6579, -0.786, -0.1378, 0.3781, 0.8052, 1.1709, 1.491, 1.4908, 1.7715, 2.0239, 2.2524, 2.4622, 2.655, 2.8349], dirs: [1, 1, -1, -1, 1, -1, -1, 1, 1, 1, -1, -1, 1, -1] },
  { w: 13, knots: [-1.5382, -2.8942, -0.6599, -0.0052, 0.5166, 0.9485, 1.3162, 1.6387, 1.9228, 2.1802, 2.4137, 2.6254, 2.8222], dirs: [-1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
];
it('double swaps', () => {
  const xs = grid([-3, 3], 1000); const ys = sample('exp', xs);
  const sums = new GridSums(xs, ys);
  for (const c of cases) {
    const best = optimumCurve(xs, ys, [-3, 3], c.w)[c.w - 1];
    const start = descend(sums, { knots: c.knots, dirs: c.dirs }, [-3, 3]);
    console.log('w', c.w, 'start', start.sse / 1000 / best.mse);
    for (const flip of [1, -1]) { const d = descend(sums, { knots: start.knots, dirs: start.dirs.map(() => flip) }, [-3, 3]); console.log('all', flip, d.sse / 1000 / best.mse); }
    const cand = Array.from({ length: 48 }, (_, i) => -3 + (i + 0.5) * 6 / 48);
    const insert = (layout: { knots: number[]; dirs: number[] }) => {
      let bestL = null as null | { knots: number[]; dirs: number[]; sse: number };
      for (const k of cand) for (const s of [-1, 1]) { const l = { knots: [...layout.knots, k], dirs: [...layout.dirs, s] }; const e = project(sums, l).solved.sse; if (!bestL || e < bestL.sse) bestL = { ...l, sse: e }; }
      return bestL!;
    };
    const moves = [];
    const n = c.w;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const keep = { knots: start.knots.filter((_, q) => q !== i && q !== j), dirs: start.dirs.filter((_, q) => q !== i && q !== j) };
      const one = insert(keep); const two = insert(one);
      moves.push(two);
    }
    moves.sort((p, q) => p.sse - q.sse);
    let bestRatio = Infinity;
    for (const m of moves.slice(0, 10)) { const d = descend(sums, m, [-3, 3]); bestRatio = Math.min(bestRatio, d.sse / 1000 / best.mse); }
    console.log('double swaps top 10 →', bestRatio, 'ms', (performance.now() - t0).toFixed(0));
  }
}, 120000);
