// When an error is zero up to float round-off: a network that represents its target exactly (|x|
// at width 2, max(x, 0) at width 1) ends with an MSE of 1e-15 or 1e-30 depending on the last bits
// of its weights, and a ratio of two such numbers (4240, or ∞) says nothing.

/**
 * An MSE at or below this (relative to the target's mean square, at least 1) is round-off: the
 * trained weights are float32 (relative error ~6e-8), so an exact fit leaves squared errors near
 * (6e-8)² ≈ 4e-15 times the target's scale; 1e-12 keeps a margin above that and far below any
 * real approximation error here (the best width-32 fit of x² on [-3, 3] has MSE ~1e-5).
 */
export const ROUNDOFF_MSE = 1e-12;

/**
 * A variance at or below this share of the values' mean square is a constant's round-off: a
 * constant has no shares to split (interaction.ts) and nothing for powers to miss (taylor.ts).
 */
export const FLAT_VARIANCE = 1e-24;

/** Is this MSE zero up to round-off, for a target whose mean square is `scale`? */
export const isExact = (mse: number | null | undefined, scale = 1): boolean =>
  typeof mse === 'number' && Number.isFinite(mse) && mse <= ROUNDOFF_MSE * Math.max(1, scale);

/** learned / best as text: "exact" when both are round-off, no number when one is, the ratio otherwise (null when unknown). */
export function ratioText(learned: number | null | undefined, best: number | null | undefined, format: (v: number) => string, scale = 1): string | null {
  if (typeof learned !== 'number' || typeof best !== 'number') return null;
  if (isExact(learned, scale) && isExact(best, scale)) return 'exact';
  if (isExact(best, scale)) return '— (the best is exact, the learned is not)';
  if (isExact(learned, scale)) return '— (the learned is exact, the best is not)';
  return format(learned / best);
}
