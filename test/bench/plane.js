// Goals of the two-input issue, measured (a benchmark, never a test): for product on [-3, 3]², the
// median over seeds of trained width-n networks against the polarisation construction with the best
// one-input squares, for n = 4, 8, 16, 32; the learned interaction share from width 8; and --json's
// network reproducing its MSE in an independent evaluation (done in test/cli). Run after a build:
//   node test/bench/plane.js [epochs] [seeds] [widths]     e.g. node test/bench/plane.js 3000 5 4,8,16,32
import { startBackend } from '../../dist/tfjs/backend.js';
import { trainPlane } from '../../dist/experiment/plane-run.js';
import { constructionBest } from '../../dist/math/polarisation.js';
import { planeGrid, sample2 } from '../../dist/math/targets2.js';
import { forward } from '../../dist/math/net.js';
import { interaction } from '../../dist/math/interaction.js';
import { metrics } from '../../dist/math/compare.js';

const [epochs = 3000, seeds = 5] = process.argv.slice(2, 4).map(Number);
const widths = (process.argv[4] ?? '4,8,16,32').split(',').map(Number);
const domain = [[-3, 3], [-3, 3]];
const backend = await startBackend('auto');
const g = planeGrid(domain, 41);
const y = sample2('product', g);
const best = constructionBest('product', Math.max(...widths) / 2, domain, 81);
console.log(`product on [-3,3]², 41×41, ${epochs} epochs, seeds 1..${seeds}, restarts 1, init folds, refit during (${backend.name})`);
console.log('width  median MSE  min MSE     polar-best MSE  goal      min f12 share');
for (const n of widths) {
  const runs = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const r = trainPlane(backend, { target: 'product', domain, samples: 41, hidden: [n], seed, init: 'folds', optimizer: 'adam', lr: 0.01, schedule: 'cosine', epochs, batchSize: 0, restarts: 1, refit: 'during', stop: 'off', patience: 300 });
    runs.push({ mse: metrics(y, forward(r.net, g.X)).mse, share: interaction(g, forward(r.net, g.X)).share12 });
  }
  const m = runs.map((r) => r.mse).sort((a, b) => a - b);
  const median = m[Math.floor((m.length - 1) / 2)];
  const polar = metrics(y, forward(best[n / 2 - 1].net, g.X)).mse;
  const share = Math.min(...runs.map((r) => r.share));
  console.log(`${String(n).padStart(5)}  ${median.toExponential(3)}   ${m[0].toExponential(3)}   ${polar.toExponential(3)}       ${median <= polar ? 'met    ' : 'NOT met'}   ${share.toFixed(4)}`);
}
