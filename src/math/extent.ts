// Smallest and largest of many numbers by a loop. Spreading an array into Math.min/Math.max puts
// every element on the call stack and throws RangeError past ~1e5 elements (a 1e6-point grid).

/** The smallest value (Infinity for none). NaN is skipped unless every value is NaN (then NaN). */
export function minOf(values: ArrayLike<number> | Iterable<number>): number {
  let m = Infinity;
  let seen = false;
  let any = false;
  for (const v of values as Iterable<number>) {
    any = true;
    if (Number.isNaN(v)) continue;
    seen = true;
    if (v < m) m = v;
  }
  return any && !seen ? NaN : m;
}

/** The largest value (-Infinity for none). NaN is skipped unless every value is NaN (then NaN). */
export function maxOf(values: ArrayLike<number> | Iterable<number>): number {
  let m = -Infinity;
  let seen = false;
  let any = false;
  for (const v of values as Iterable<number>) {
    any = true;
    if (Number.isNaN(v)) continue;
    seen = true;
    if (v > m) m = v;
  }
  return any && !seen ? NaN : m;
}
