// `relu-lab optimum`: the lowest MSE any width-n network reaches on the grid, and that network.
import { gridOf } from '../../experiment/run.js';
import { cachedOptimum } from '../../experiment/store.js';
import { optimumReport } from '../../report/text.js';
import { hinges } from '../../math/hinges.js';
import { tidyNetwork } from '../../math/tidy.js';
import { gridFlags, oneLayerFlag } from '../flags.js';
import { EXIT, type Flags } from '../exit.js';
import { parseHeight, phaseProgress, viewOf, type Io } from '../terminal.js';

export async function optimum(io: Io, flags: Flags): Promise<number> {
  const g = gridFlags(flags);
  const n = oneLayerFlag(flags, 'the best possible network is computed for one hidden layer');
  const height = parseHeight(flags.height);
  const data = gridOf(g);
  const t0 = performance.now();
  const progress = phaseProgress(io, Boolean(flags.quiet), 'best possible network');
  const found = cachedOptimum(g.target, g.domain, g.samples, n, data.xs, data.ys, (p) => progress.update(p.fraction, `width ${p.width}/${p.of}`));
  progress.clear();
  // shown as a trained network is: units sorted by knot, |a| = 1 (the same function)
  const opt = { ...found, network: tidyNetwork(found.network) };
  const seconds = (performance.now() - t0) / 1000;
  if (flags.json) {
    io.out(JSON.stringify({ target: g.target, domain: g.domain, samples: g.samples, hidden: n, mse: opt.mse, maxAbsError: opt.maxAbsError, network: opt.network, hinges: hinges(opt.network, data.xs) }) + '\n');
  } else io.out(optimumReport(g, data, opt, seconds, viewOf(io, height)) + '\n');
  return EXIT.ok;
}
