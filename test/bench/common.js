// What every benchmark script reads the same way: its flags (`--name value`) and medians.
export const args = process.argv.slice(2);

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
