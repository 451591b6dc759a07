// "Did you mean …?" for a misspelt name: the closest allowed name by edit distance, when it is close
// enough to be a typo rather than another word.
/** A suggestion is made only within this many edits (and fewer than half the name's letters). */
const MAX_EDITS = 3;

/** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** ' (did you mean "tanh"?)' for the closest name within reach, else ''. */
export function didYouMean(v: unknown, names: readonly string[]): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 40) return '';
  const typed = v.toLowerCase().replace(/_/g, '-');
  let best = '';
  let bestD = Infinity;
  for (const n of names) {
    const d = editDistance(typed, n);
    if (d < bestD) {
      best = n;
      bestD = d;
    }
  }
  return bestD <= Math.min(MAX_EDITS, Math.ceil(best.length / 2)) ? ` (did you mean "${best}"?)` : '';
}
