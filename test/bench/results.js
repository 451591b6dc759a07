// npm run results — regenerate the sweeps that ship in results/: answer, square-widths, sin-widths,
// cube-widths, depth, the two-input product-widths and saddle-widths, activations and activations-product (about an hour on a shared machine), each from its config file, rerunning every run (--force). With the same
// backend the numbers come out identical.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const names = process.argv.slice(2).length ? process.argv.slice(2) : ['answer', 'square-widths', 'sin-widths', 'cube-widths', 'depth', 'product-widths', 'saddle-widths', 'activations', 'activations-product'];
for (const name of names) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'dist', 'bin.js'), 'sweep', join('configs', `${name}.json`), '--out', join('results', name), '--force'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`results: sweep ${name} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
  console.error(`results/${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
