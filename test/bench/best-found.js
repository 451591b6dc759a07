// Benchmark of the best-found search (src/math/best-found/): time and MSE per activation × width
// on square, sin and cube (x on [−3, 3], 1000 points) and on the two-input product, whether the
// weight bound is active, the ReLU search against the exact optimum at every width, and the
// degenerate infimum (MSE against the bound, float64 and float32). Prints markdown tables.
//
//   npm run bench:best-found                       everything (long: every activation to width 32)
//   npm run bench:best-found -- --widths 8 --targets square --activations relu,tanh,sin
//   npm run bench:best-found -- --only degenerate  (or relu, curves, product)
//   npm run bench:best-found -- --only relu --samples 200   (one-input grids of 200 points: the sweeps')
import { ACTIVATION_NAMES } from '../../dist/math/activations.js';
import { bestFoundCurve, DEFAULT_WEIGHT_BOUND } from '../../dist/math/best-found/index.js';
import { optimumCurve } from '../../dist/math/optimum/index.js';
import { grid, sample } from '../../dist/math/targets.js';
import { planeGrid, sample2 } from '../../dist/math/targets2.js';
import { loadavg } from 'node:os';
import { checkFlags } from './common.js';

checkFlags(import.meta.url, ['--widths', '--targets', '--activations', '--only', '--bound', '--samples']);

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const maxWidth = Number(arg('widths', 32));
const targets = arg('targets', 'square,sin,cube').split(',');
const activations = arg('activations', ACTIVATION_NAMES.join(',')).split(',');
const only = arg('only', 'degenerate,relu,curves,product').split(',');
const bound = Number(arg('bound', DEFAULT_WEIGHT_BOUND));
const D = [-3, 3];
const samples = Number(arg('samples', 1000));
if (!Number.isInteger(samples) || samples < 2) {
  console.error(`bench:best-found: --samples ${JSON.stringify(arg('samples', '1000'))}: expected a whole number ≥ 2`);
  process.exit(2);
}
const X = grid(D, samples);
const e = (v) => v.toExponential(2);
const secs = (t0) => ((performance.now() - t0) / 1000).toFixed(1);

console.log(`# best-found benchmark: bound ${bound}, widths 1–${maxWidth}, ${samples} points, load average ${loadavg().map((v) => v.toFixed(1)).join(' ')} (2 cores)\n`);

if (only.includes('degenerate')) {
  // The Taylor argument made exact: the error on x² falls without end as the bound grows, in float64 only.
  console.log('## The degenerate infimum: MSE on x² against the bound (float64 / float32)\n');
  const bounds = [3, 10, 30, 100, 1e3, 1e4, 1e6, 1e8];
  console.log(`| network | ${bounds.map((b) => `B = ${b}`).join(' | ')} |`);
  console.log(`|---|${bounds.map(() => '---').join('|')}|`);
  for (const [act, width] of [['sin', 1], ['tanh', 2], ['sigmoid', 2], ['softplus', 2]]) {
    const cells = bounds.map((b) => {
      const last = bestFoundCurve({ X, inputs: 1, y: sample('square', X), activation: act, bound: b }, width)[width - 1];
      return `${e(last.mse64)} / ${e(last.mse)}${last.boundActive ? ' (on B)' : ''}`;
    });
    console.log(`| ${width} ${act} | ${cells.join(' | ')} |`);
  }
  console.log();
}

if (only.includes('relu')) {
  console.log('## Soundness: the ReLU search against the exact optimum (ratio best found / exact)\n');
  for (const t of targets) {
    const y = sample(t, X);
    const t0 = performance.now();
    const found = bestFoundCurve({ X, inputs: 1, y, activation: 'relu', bound: 1000 }, maxWidth);
    const took = secs(t0);
    const exact = optimumCurve(X, y, D, maxWidth);
    const ratios = found.map((f, i) => f.mse64 / exact[i].mse);
    const worst = Math.max(...ratios);
    console.log(`- ${t}: ${took} s; ratios ${ratios.map((r) => r.toFixed(4)).join(' ')}; worst ${worst.toFixed(4)} at width ${ratios.indexOf(worst) + 1}; within 0.1% at ${ratios.filter((r) => r <= 1.001).length}/${maxWidth} widths`);
  }
  console.log();
}

if (only.includes('curves')) {
  for (const t of targets) {
    const y = sample(t, X);
    console.log(`## ${t}: best found MSE (float32) by width, bound ${bound}; * = bound active\n`);
    const widths = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32].filter((w) => w <= maxWidth);
    console.log(`| activation | time (s) | ${widths.map((w) => `n=${w}`).join(' | ')} |`);
    console.log(`|---|---|${widths.map(() => '---').join('|')}|`);
    for (const act of activations) {
      const t0 = performance.now();
      const curve = bestFoundCurve({ X, inputs: 1, y, activation: act, bound }, maxWidth);
      const took = secs(t0);
      console.log(`| ${act} | ${took} | ${widths.map((w) => `${e(curve[w - 1].mse)}${curve[w - 1].boundActive ? '*' : ''}`).join(' | ')} |`);
    }
    console.log();
  }
}

if (only.includes('product')) {
  const g = planeGrid([[-3, 3], [-3, 3]], 41);
  const y = sample2('product', g);
  const widths = [1, 2, 4, 8].filter((w) => w <= maxWidth);
  console.log(`## product x1·x2 on [−3, 3]², 41×41: best found MSE (float32); * = bound active\n`);
  console.log(`| activation | time (s) | ${widths.map((w) => `n=${w}`).join(' | ')} |`);
  console.log(`|---|---|${widths.map(() => '---').join('|')}|`);
  for (const act of activations) {
    const t0 = performance.now();
    const curve = bestFoundCurve({ X: g.X, inputs: 2, y, activation: act, bound }, Math.max(...widths));
    console.log(`| ${act} | ${secs(t0)} | ${widths.map((w) => `${e(curve[w - 1].mse)}${curve[w - 1].boundActive ? '*' : ''}`).join(' | ')} |`);
  }
  console.log();
}
