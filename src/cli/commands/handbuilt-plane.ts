// `relu-lab handbuilt --target product` (any two-input target): the ridge-sum constructions — for
// product the polarisation identity — at widths k = 1 … K, read in the plane, with heatmaps.
import { ConfigError } from '../../errors.js';
import { constructionBest, constructionHk } from '../../math/polarisation.js';
import { DEFAULT_DOMAIN_2, DEFAULT_SAMPLES_2, TARGET2_NAMES, planeGrid, planeGridProblem, sample2, target2, type Domain2, type Target2Name } from '../../math/targets2.js';
import { checkOutDir, writeFigures } from '../../experiment/store.js';
import { constructionJson, planeHandbuiltFigures, planeHandbuiltReport } from '../../report/plane.js';
import { EXIT, type Flags } from '../exit.js';
import { viewOf, parseHeight, type Io } from '../terminal.js';

/** The widest hₖ: k = 16 gives width 64 for product, as wide as the sweeps go. */
const MAX_K_2 = 16;
/** Points along each term's range for the best one-input networks: the distinct values w·x takes, roughly. */
const BEST_SAMPLES = (n: number) => Math.min(2001, Math.max(81, 2 * n - 1));

/** --domain for two inputs: lo,hi (both axes) or lo1,hi1,lo2,hi2. */
export function planeDomain(v: unknown): Domain2 {
  if (v === undefined) return DEFAULT_DOMAIN_2;
  const parts = String(v).split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
  const bad = () => new ConfigError([`--domain: ${JSON.stringify(String(v))} is not allowed; expected lo,hi for both axes or lo1,hi1,lo2,hi2, finite numbers with lo < hi (two-input target)`]);
  if ((parts.length !== 2 && parts.length !== 4) || !parts.every(Number.isFinite)) throw bad();
  const d: Domain2 = parts.length === 2 ? [[parts[0], parts[1]], [parts[0], parts[1]]] : [[parts[0], parts[1]], [parts[2], parts[3]]];
  if (!(d[0][0] < d[0][1] && d[1][0] < d[1][1])) throw bad();
  return d;
}

export function planeSamples(v: unknown): number {
  if (v === undefined) return DEFAULT_SAMPLES_2;
  const n = String(v).trim() === '' ? NaN : Number(v);
  if (!Number.isInteger(n) || n < 2) throw new ConfigError([`--samples: ${JSON.stringify(String(v))} is not allowed; expected a whole number ≥ 2 of samples per axis (two-input target)`]);
  return n;
}

/** Flags a two-input handbuilt has no use for are refused, not ignored. */
const ONE_INPUT_ONLY = ['hidden', 'compare', 'init'];

export async function handbuiltPlane(io: Io, flags: Flags): Promise<number> {
  const name = String(flags.target) as Target2Name;
  if (!TARGET2_NAMES.includes(name)) throw new Error(`not a two-input target: ${name}`);
  for (const k of ONE_INPUT_ONLY) if (flags[k] !== undefined) throw new ConfigError([`--${k}: not allowed with the two-input target ${name}`]);
  const domain = planeDomain(flags.domain);
  const samples = planeSamples(flags.samples);
  const problem = planeGridProblem(domain, samples);
  if (problem) throw new ConfigError([`--samples: ${problem}`]);
  const K = flags.k === undefined ? 2 : Number(flags.k);
  if (!Number.isInteger(K) || K < 1 || K > MAX_K_2) throw new ConfigError([`--k: ${JSON.stringify(flags.k)} is not allowed; expected a whole number from 1 to ${MAX_K_2} (the two-input constructions use k = 1 … K)`]);
  const height = parseHeight(flags.height);
  if (flags.figures) checkOutDir(String(flags.figures), '--figures');
  const g = planeGrid(domain, samples);
  const y = sample2(name, g);
  const hk = Array.from({ length: K }, (_, i) => constructionHk(name, i + 1, domain));
  // best one-input parts with as many units as hₖ's 2k
  const best = constructionBest(name, 2 * K, domain, BEST_SAMPLES(samples)).filter((_, i) => (i + 1) % 2 === 0);
  const h = { target: name, g, y, hk, best };
  const written = flags.figures ? writeFigures(String(flags.figures), await planeHandbuiltFigures(h)) : [];
  if (flags.json) {
    io.out(JSON.stringify({ target: { name, formula: target2(name).formula, inputs: 2 }, domain, samples, constructions: [...hk, ...best].map((c) => constructionJson(c, g, y)) }) + '\n');
  } else {
    const view = viewOf(io, height);
    const truecolor = /^(truecolor|24bit)$/i.test(io.env.COLORTERM ?? '');
    io.out(planeHandbuiltReport(h, { view, truecolor }) + '\n');
    if (written.length) io.out(`figures: ${written.join(', ')}\n`);
  }
  return EXIT.ok;
}
