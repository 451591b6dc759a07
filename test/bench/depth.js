// npm run bench:depth — the moonshot of issue 11 item 5: at a budget of 100 or more parameters,
// do trained networks of depth 3 or more beat the best one-hidden-layer network with the same
// number of parameters on x² over [-3, 3]? For each architecture and training method: the median
// and worst MSE over seeds, the best shallow network at the same parameter count (optimum module),
// the median ratio and how many seeds beat it, and the untrained cascade for scale. A benchmark,
// not a test: it prints a Markdown table and asserts nothing.
import { DEFAULTS } from '../../dist/settings.js';
import { startBackend } from '../../dist/tfjs/backend.js';
import { trainRuns, optimumFromCache, gridOf } from '../../dist/experiment/run.js';
import { cascadeNet } from '../../dist/math/cascade.js';
import { forward, parameterCount } from '../../dist/math/net.js';
import { metrics } from '../../dist/math/compare.js';
import { arg, checkFlags, median } from './common.js';

checkFlags(import.meta.url, ['--seeds', '--epochs', '--archs', '--methods', '--backend']);

const seeds = Array.from({ length: Number(arg('--seeds', '5')) }, (_, i) => i);
const epochs = Number(arg('--epochs', '4000'));
/** Depth ≥ 3 at ≥ 100 parameters: a plain stack, and the cascade's own shape (m = 9 folds). */
const ARCHS = arg('--archs', '6,6,6;2,2,3,3,3,3,3,3,3,3').split(';').map((a) => a.split(',').map(Number));
const METHODS = {
  [`he init, Adam 0.01 cosine, refit during, ${epochs} epochs`]: { init: 'he' },
  [`curvature first layer + near-identity layers, same`]: { init: 'curvature' },
  [`he init, 4× longer (${4 * epochs} epochs)`]: { init: 'he', epochs: 4 * epochs },
  [`cascade init, Adam 0.001 cosine, refit during, ${epochs} epochs`]: { init: 'cascade', lr: 0.001 },
  [`cascade init, Adam 0.0001 cosine, refit during, ${epochs} epochs`]: { init: 'cascade', lr: 0.0001 },
};
const only = arg('--methods', null);
const methods = Object.entries(METHODS).filter((_, i) => !only || only.split(',').map(Number).includes(i));

const backend = await startBackend(arg('--backend', 'auto'));
console.error(backend.reason);
const f = (v, d = 3) => (Number.isFinite(v) ? Number(v.toPrecision(d)).toString() : String(v));

console.log(`| architecture | parameters | method | median MSE | worst MSE | best shallow, same parameters (width) | median ratio | seeds below shallow | seconds |`);
console.log(`|---|---:|---|---:|---:|---:|---:|---:|---:|`);
for (const hidden of ARCHS) {
  const params = parameterCount(1, hidden);
  const base = { ...DEFAULTS, hidden, restarts: 1, epochs };
  const data = gridOf(base);
  const m = hidden.length - 1;
  const fits = hidden.every((w, l) => w >= (l < 2 ? 2 : 3));
  if (fits) {
    const c = cascadeNet(m, 3);
    console.log(`| ${hidden.join(',')} | ${params} | (untrained cascade, m = ${m}, ${parameterCount(1, c.layers.map((l) => l.b.length))} parameters) | ${f(metrics(data.ys, forward(c, data.xs)).mse)} | | | | | |`);
  }
  for (const [name, over] of methods) {
    if (over.init === 'cascade' && !fits) continue;
    const configs = seeds.map((seed) => ({ ...base, ...over, seed }));
    const t0 = performance.now();
    const rs = trainRuns(backend, configs, optimumFromCache, (p) => process.stderr.write(`\r${hidden.join(',')} ${name.slice(0, 30)}: epoch ${p.epoch}/${p.epochs}   `));
    const seconds = (performance.now() - t0) / 1000;
    process.stderr.write('\n');
    const mses = rs.map((r) => (r.status === 'ok' ? r.metrics.mse : Infinity));
    const opt = rs[0].optimum;
    const wins = opt ? mses.filter((x) => x < opt.mse).length : 0;
    console.log(
      `| ${hidden.join(',')} | ${params} | ${name} | ${f(median(mses))} | ${f(Math.max(...mses))} | ${opt ? `${f(opt.mse)} (${opt.hidden})` : '—'} | ${opt ? f(median(mses) / opt.mse) : '—'} | ${wins}/${seeds.length} | ${seconds.toFixed(0)} |`,
    );
  }
}
