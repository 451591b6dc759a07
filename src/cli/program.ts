// The commands and their flags (commander). Each action is a few lines in commands/; run settings'
// flags come from flags.ts. Nothing runs here: actions hand their promise to `run`.
import { Command, Option } from 'commander';
import { VERSION } from '../experiment/run.js';
import { CONFIG_KEYS } from '../settings.js';
import { MAX_WIDTH } from '../limits.js';
import { BACKENDS } from '../tfjs/backend.js';
import { handbuilt } from './commands/handbuilt.js';
import { optimum } from './commands/optimum.js';
import { settings } from './commands/settings.js';
import { report } from './commands/report.js';
import { show } from './commands/show.js';
import { summarize, sweep } from './commands/sweep.js';
import { train } from './commands/train.js';
import { addRunOptions } from './flags.js';
import type { Io } from './terminal.js';

export function program(io: Io, run: (p: Promise<number>) => void): Command {
  const prog = new Command('relu-lab')
    .description('How a ReLU network makes a curve out of straight lines: train y = d + Σ cᵢ·relu(aᵢx + bᵢ) in TensorFlow.js, read its hinges, compare them with hand-built sums and with the best any network of that width can do.')
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: () => {} });

  const common = (c: Command) =>
    c
      .option('--json', 'print one JSON object on stdout and nothing else there')
      .option('--quiet', 'no progress line and no backend line on stderr')
      .option('--verbose', 'say on stderr why this backend and not a faster one')
      .option('--height <rows>', 'chart height in rows (default 14)');

  const trainCmd = addRunOptions(prog.command('train').description('train one network and report its hinges, errors and charts'), CONFIG_KEYS);
  common(trainCmd)
    .option('--config <file>', 'JSON or YAML (.yaml, .yml) file of settings (sparse; flags override it; see docs/settings.md)')
    .option('--out <dir>', 'write run.json, model.json and weights.bin (TF.js layers format) into this folder')
    .option('--figures <dir>', 'write SVG figures (and their vega-lite specs) into this folder')
    .option('--report <file>', 'write the run\'s self-contained HTML report page to this file')
    .action((opts) => run(train(io, opts)));

  common(prog.command('show').description('reload a run saved with --out, check its model reproduces the recorded MSE, and print its report').argument('<dir>'))
    .addOption(new Option('--backend <name>', 'TF.js backend for the check').choices([...BACKENDS]))
    .action((dir, opts) => run(show(io, dir, opts)));

  const hb = addRunOptions(prog.command('handbuilt').description("the answer's hand-built sums h1…hk against the target, and their pointwise losses (no training); two-input targets (product, saddle, bowl, sin-sum, ridge: --domain lo,hi or lo1,hi1,lo2,hi2, --samples per axis) get the polarisation-style networks, folds, interaction and heatmaps"), ['target', 'domain', 'samples']);
  common(hb)
    .option('--k <k>', 'show h1 … hk (default 2)')
    .option('--cascade <M>', "Yarotsky's deep sawtooth construction of x² for m = 0…M folds (0 to 12) instead of hₖ")
    .option('--shallow', 'with --cascade: also the best shallow network with as many parameters (relu-lab optimum; cached)')
    .option('--figures <dir>', 'write SVG figures into this folder')
    .action((opts) => run(handbuilt(io, opts)));

  const opt = addRunOptions(prog.command('optimum').description('the lowest MSE any width-n network reaches on the grid, and the network that reaches it'), ['target', 'hidden', 'domain', 'samples'], {
    hidden: `the width of the one hidden layer; a whole number from 1 to ${MAX_WIDTH}`,
  });
  common(opt).action((opts) => run(optimum(io, opts)));

  common(prog.command('sweep').description('train every run of a config file (lists of hidden, seed, target, ...) into a results folder; resumable').argument('<file>'))
    .option('--out <dir>', 'results folder (default results/<config name>)')
    .option('--force', 'rerun finished runs too')
    .option('--shard <I/N>', 'run only the I-th of N disjoint slices of the grid (shards may share --out)')
    .option('--no-batch', 'train runs one at a time instead of as one tensor program per width')
    .option('--jobs <n>', 'batches trained at once, each on a worker thread with its own backend (default: every core); the numbers do not depend on it')
    .addOption(new Option('--backend <name>', 'TF.js backend; overrides the config file'))
    .action((file, opts) => run(sweep(io, file, opts)));

  common(prog.command('summarize').description('rebuild summary.csv, summary.md and the MSE-vs-width chart of a sweep folder from its run files').argument('<dir>')).action((dir, opts) =>
    run(summarize(io, dir, opts)),
  );
  prog.command('settings').description('every run setting: flag, config key, default and what is allowed (the table docs/settings.md and configs/schema.json are made from)')
    .option('--markdown', 'print docs/settings.md')
    .option('--schema', 'print configs/schema.json (JSON Schema of a config file)')
    .action((opts) => run(settings(io, opts)));
  prog
    .command('report')
    .description('write one self-contained HTML page (charts, hinge table, summary) for a run folder or a sweep folder')
    .argument('<dir>')
    .option('--out <file>', 'the page to write (default <dir>/report.html)')
    .option('--json', 'print one JSON object on stdout and nothing else there')
    .option('--quiet', 'print nothing on stderr (as the other commands accept)')
    .action((dir, opts) => run(report(io, dir, opts)));
  return prog;
}
