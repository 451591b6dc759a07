// What every benchmark script reads the same way: its flags (`--name value`) and medians.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const args = process.argv.slice(2);

/**
 * The command line checked against the flags a script knows, before any work (a misspelt flag
 * would otherwise run hours of the defaults): `--help` prints the script's opening comment and
 * exits 0; an unknown flag, or one that takes a value given none, is one line and exit 2.
 * `script`: the script's import.meta.url; `values`: flags that take a value; `switches`: those that do not.
 */
export function checkFlags(script, values, switches = []) {
  const name = `bench:${fileURLToPath(script).split('/').pop().replace(/\.js$/, '')}`;
  if (args.includes('--help') || args.includes('-h')) {
    const usage = readFileSync(fileURLToPath(script), 'utf8').split('\n');
    console.log(usage.slice(0, usage.findIndex((l) => !l.startsWith('//'))).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
    process.exit(0);
  }
  const fail = (why) => {
    console.error(`${name}: ${why}`);
    process.exit(2);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (values.includes(a)) {
      if (i + 1 >= args.length || args[i + 1].startsWith('--')) fail(`${a}: expected a value after it`);
      i++;
    } else if (!switches.includes(a)) fail(`${JSON.stringify(a)}: not a flag here; the flags are ${[...values, ...switches].join(', ')} (--help: usage)`);
  }
}

/** The value after `--name` on the command line, or `fallback`. */
export const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};

/** The median (the mean of the middle two for an even count). */
export const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
