// `relu-lab handbuilt`: the answer's sums h1…hk against the target (no training).
import { ConfigError } from '../../errors.js';
import { cascade } from './cascade.js';
import { handBuilt, maxK } from '../../math/handbuilt.js';
import { target as targetOf } from '../../math/targets.js';
import { isTarget2 } from '../../math/targets2.js';
import { handbuiltPlane } from './handbuilt-plane.js';
import { gridOf } from '../../experiment/run.js';
import { checkOutDir, writeFigures } from '../../experiment/store.js';
import { handbuiltReport } from '../../report/text.js';
import { gridFlags } from '../flags.js';
import { EXIT, type Flags } from '../exit.js';
import { parseHeight, viewOf, type Io } from '../terminal.js';

export async function handbuilt(io: Io, flags: Flags): Promise<number> {
  if (flags.cascade !== undefined || flags.shallow) return cascade(io, flags);
  if (typeof flags.target === 'string' && isTarget2(flags.target)) return handbuiltPlane(io, flags);
  const g = gridFlags(flags);
  const height = parseHeight(flags.height);
  const most = maxK(g.domain);
  const k = flags.k === undefined ? Math.min(2, most) : Number(flags.k);
  if (!Number.isInteger(k) || k < 1 || k > most) {
    throw new ConfigError([`--k: ${JSON.stringify(flags.k)} is not allowed; expected a whole number from 1 to ${most} (hₖ's knots at the centre ± 1…k−1 must lie inside [${g.domain.join(', ')}])`]);
  }
  if (flags.figures !== undefined) checkOutDir(String(flags.figures), '--figures');
  const data = gridOf(g);
  const { f, formula } = targetOf(g.target);
  const sums = Array.from({ length: k }, (_, i) => handBuilt(i + 1, f, g.domain));
  const { handbuiltFigures, handbuiltJson } = await import('../../report/run-figures.js');
  const written = flags.figures ? writeFigures(String(flags.figures), await handbuiltFigures(formula, data, sums)) : [];
  if (flags.json) {
    io.out(JSON.stringify({ target: { name: g.target, formula }, domain: g.domain, samples: g.samples, sums: sums.map((hb) => handbuiltJson(data, hb)) }) + '\n');
  } else {
    io.out(`hand-built ReLU sums for ${formula} on [${g.domain.join(', ')}], ${g.samples} points (g = relu; hₖ interpolates the target at the centre ± 0…k)\n\n`);
    io.out(handbuiltReport(formula, data, sums, viewOf(io, height)) + '\n');
    if (written.length) io.out(`figures: ${written.join(', ')}\n`);
  }
  return EXIT.ok;
}
