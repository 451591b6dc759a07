// The runs of a batch that still train, as rows of the stacked tensors both trainers keep (the
// parameters P[R, p, 1] and the points X, Y). When runs stop, their parameters are read back once
// and every tensor, Adam's moments included, is narrowed to the rest: a stopped run costs nothing.
import type { TF } from './backend.js';
import { narrow, type Updater } from './adam.js';

type Tensor3D = import('@tensorflow/tfjs').Tensor3D;
type Variable = import('@tensorflow/tfjs').Variable;

export interface Rows<V extends Variable> {
  P: V;
  X: Tensor3D;
  Y: Tensor3D;
  /** The job each row belongs to. */
  live: number[];
}

/** Read back the parameters (width numbers a row) of every live row not kept into final[job]. */
export function saveRows(P: Variable, live: number[], width: number, final: Float32Array[], kept: ReadonlySet<number>): void {
  const flat = P.dataSync() as Float32Array;
  live.forEach((r, k) => {
    if (!kept.has(k)) final[r] = flat.slice(k * width, (k + 1) * width);
  });
}

/** Continue with these rows only: the others' parameters saved into final, P, X, Y and the moments narrowed. */
export function keepRows<V extends Variable>(tf: TF, s: Rows<V>, rows: number[], width: number, final: Float32Array[], update: Pick<Updater, 'keep'>): Rows<V> {
  saveRows(s.P, s.live, width, final, new Set(rows));
  const idx = tf.tensor1d(rows, 'int32');
  const [X, Y] = [tf.gather(s.X, idx) as Tensor3D, tf.gather(s.Y, idx) as Tensor3D];
  idx.dispose();
  tf.dispose([s.X, s.Y]);
  const P = narrow(tf, s.P, rows);
  update.keep(rows, P);
  return { P, X, Y, live: rows.map((k) => s.live[k]) };
}
