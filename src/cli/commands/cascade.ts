// `relu-lab handbuilt --cascade M`: Yarotsky's sawtooth construction of x² as a deep ReLU network
// for m = 0…M, checked by TF.js, optionally against the best shallow network of as many parameters.
import { ConfigError } from '../../errors.js';
import { cascadeTable, MAX_CASCADE, symmetricHalfWidth } from '../../math/cascade.js';
import { forward } from '../../math/net.js';
import { piecewiseForm } from '../../math/piecewise.js';
import { target as targetOf } from '../../math/targets.js';
import { gridOf } from '../../experiment/run.js';
import { cachedOptimum, checkOutDir, writeFigures } from '../../experiment/store.js';
import type { ShallowMatch } from '../../report/depth.js';
import { gridFlags } from '../flags.js';
import { EXIT, type Flags } from '../exit.js';
import { backendLine, parseHeight, viewOf, type Io } from '../terminal.js';

export async function cascade(io: Io, flags: Flags): Promise<number> {
  if (flags.cascade === undefined) throw new ConfigError(['--shallow: true is not allowed without --cascade; expected --cascade M --shallow (it compares the cascade with shallow networks)']);
  const raw = String(flags.cascade);
  const M = /^[0-9]{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (!(M >= 0 && M <= MAX_CASCADE)) {
    throw new ConfigError([`--cascade: ${JSON.stringify(flags.cascade)} is not allowed; expected a whole number from 0 to ${MAX_CASCADE} (the number of folds m)`]);
  }
  if (flags.k !== undefined) throw new ConfigError([`--k: ${JSON.stringify(flags.k)} is not allowed with --cascade; the cascade is one construction, hₖ is another (run them separately)`]);
  const g = gridFlags(flags);
  if (g.target !== 'square') throw new ConfigError([`--target: "${g.target}" is not allowed with --cascade; the cascade builds x², expected square`]);
  const L = symmetricHalfWidth(g.domain);
  if (L === null) throw new ConfigError([`--domain: [${g.domain.join(', ')}] is not allowed with --cascade; expected a domain symmetric about 0, -L,L (the cascade folds |x|/L)`]);
  const height = parseHeight(flags.height);
  if (flags.figures) checkOutDir(String(flags.figures), '--figures');

  const data = gridOf(g);
  const rows = cascadeTable(M, L, data.xs, targetOf('square').f);
  const { startBackend } = await import('../../tfjs/backend.js');
  const { predictNet } = await import('../../tfjs/forward.js');
  const backend = await startBackend('auto');
  backendLine(io, flags, backend);
  const tfDiff = rows.map((row) => {
    const ref = forward(row.net, data.xs);
    const got = predictNet(backend.tf, row.net, data.xs);
    let d = 0;
    for (let j = 0; j < ref.length; j++) d = Math.max(d, Math.abs(got[j] - ref[j]));
    return d;
  });
  let shallow: ShallowMatch[] | undefined;
  if (flags.shallow) {
    // The widest shallow net needed has (P − 1)/3 units for the deepest cascade's P parameters.
    if (!flags.quiet && io.stderrTTY) io.err(`computing the best shallow networks up to width ${Math.floor((rows[M].parameters - 1) / 3)} (cached after the first time)…\n`);
    shallow = rows.map((row) => {
      const width = Math.max(1, Math.floor((row.parameters - 1) / 3));
      const opt = cachedOptimum(g.target, g.domain, g.samples, width, data.xs, data.ys);
      return { width, parameters: 3 * width + 1, mse: opt.mse };
    });
  }
  const reading = piecewiseForm(rows[M].net, g.domain);
  const report = { formula: targetOf('square').formula, domain: g.domain, samples: g.samples, rows, tfDiff, backend: backend.name, shallow, reading };
  const { cascadeFigures, cascadeJson, cascadeText } = await import('../../report/depth.js');
  const written = flags.figures ? writeFigures(String(flags.figures), await cascadeFigures(report, data)) : [];
  if (flags.json) io.out(JSON.stringify(cascadeJson(report)) + '\n');
  else {
    io.out(cascadeText(report, data, viewOf(io, height)) + '\n');
    if (written.length) io.out(`figures: ${written.join(', ')}\n`);
  }
  return EXIT.ok;
}
