// A small seeded generator, so initial weights and mini-batch order depend on the seed alone,
// identically on every backend and in every process. Pure.

/** mulberry32: 32-bit state, uniform in [0, 1). Good enough for weights and shuffles; not for cryptography. */
export function rng(seed: number): () => number {
  let s = (seed ^ 0x9e3779b9) >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function uniform(next: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * next();
}

/** Fisher–Yates shuffle of 0..n-1 in place of `out`. */
export function permutation(next: () => number, out: Int32Array): Int32Array {
  for (let i = 0; i < out.length; i++) out[i] = i;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}
