// A two-input ReLU network read in the plane. Unit i of a shallow network, cᵢ·relu(a1·x1 + a2·x2 + b),
// is a fold: flat on one side of the line a1·x1 + a2·x2 + b = 0, a plane rising with gradient cᵢ·a on
// the other. Its folds cut the domain into linear regions: for a shallow network the cells of an
// arrangement of lines (counted exactly), for a deep one the activation patterns seen on a fine grid.
// Pure: no TF.js, no I/O.
import type { Net } from './net.js';
import type { Domain2 } from './targets2.js';

export type FoldKind = 'fold' | 'linear' | 'dead';

export interface Fold {
  unit: number;
  a1: number;
  a2: number;
  b: number;
  c: number;
  /** Direction of the normal (a1, a2), pointing to the active side, in degrees (−180, 180]. */
  angle: number;
  /** Signed distance of the line from the origin along the unit normal: the line is n·x = offset. */
  offset: number;
  /** Where the line crosses the domain rectangle; null when it does not cut its interior. */
  segment: [[number, number], [number, number]] | null;
  /** How much the slope across the fold changes: c·|a|, the jump of the gradient along the normal. */
  slopeChange: number;
  /** fold: the line cuts the domain; linear: the unit is active on all of it; dead: on none of it. */
  kind: FoldKind;
}

/** Lengths below this fraction of the domain's diagonal are points: a line touching a corner does not cut. */
const TOUCH = 1e-9;

/** The chord of the line a·x + b = 0 inside the rectangle (Liang–Barsky clipping), or null. */
export function clipLine(a1: number, a2: number, b: number, domain: Domain2): [[number, number], [number, number]] | null {
  const norm = Math.hypot(a1, a2);
  if (norm === 0) return null;
  const [[lo1, hi1], [lo2, hi2]] = domain;
  const n1 = a1 / norm;
  const n2 = a2 / norm;
  const off = -b / norm;
  const p = [off * n1, off * n2]; // the line's point nearest the origin
  const d = [-n2, n1]; // its direction
  let t0 = -Infinity;
  let t1 = Infinity;
  const bounds: [number, number][] = [
    [lo1, hi1],
    [lo2, hi2],
  ];
  for (let k = 0; k < 2; k++) {
    const [lo, hi] = bounds[k];
    if (Math.abs(d[k]) < 1e-15) {
      if (p[k] < lo || p[k] > hi) return null;
      continue;
    }
    const ta = (lo - p[k]) / d[k];
    const tb = (hi - p[k]) / d[k];
    t0 = Math.max(t0, Math.min(ta, tb));
    t1 = Math.min(t1, Math.max(ta, tb));
  }
  const diag = Math.hypot(hi1 - lo1, hi2 - lo2);
  if (!(t1 - t0 > TOUCH * diag)) return null;
  // a chord lying on an edge of the rectangle does not cut the interior either
  const onEdge = (k: number) => Math.abs(d[k]) < 1e-15 && (Math.abs(p[k] - bounds[k][0]) <= TOUCH * diag || Math.abs(p[k] - bounds[k][1]) <= TOUCH * diag);
  if (onEdge(0) || onEdge(1)) return null;
  return [
    [p[0] + t0 * d[0], p[1] + t0 * d[1]],
    [p[0] + t1 * d[0], p[1] + t1 * d[1]],
  ];
}

const corners = (domain: Domain2): [number, number][] => [
  [domain[0][0], domain[1][0]],
  [domain[0][1], domain[1][0]],
  [domain[0][0], domain[1][1]],
  [domain[0][1], domain[1][1]],
];

/** The folds of a one-hidden-layer two-input ReLU network; throws for anything else. */
export function folds(net: Net, domain: Domain2): Fold[] {
  if (net.inputs !== 2 || net.layers.length !== 1 || net.layers[0].activation !== 'relu') {
    throw new Error('folds are read from a one-hidden-layer two-input ReLU network');
  }
  const [layer] = net.layers;
  return layer.W.map(([a1, a2], unit) => {
    const b = layer.b[unit];
    const c = net.output.w[unit];
    const norm = Math.hypot(a1, a2);
    const segment = clipLine(a1, a2, b, domain);
    // without a chord the sign of the pre-activation is the same on the whole rectangle: ask its centre
    const centre = [(domain[0][0] + domain[0][1]) / 2, (domain[1][0] + domain[1][1]) / 2];
    const zAtCorners = corners(domain).map(([x1, x2]) => a1 * x1 + a2 * x2 + b);
    const zCentre = a1 * centre[0] + a2 * centre[1] + b;
    const kind: FoldKind = segment ? 'fold' : zCentre > 0 || zAtCorners.some((z) => z > 0) ? 'linear' : 'dead';
    return {
      unit,
      a1,
      a2,
      b,
      c,
      angle: norm === 0 ? 0 : (Math.atan2(a2 + 0, a1 + 0) * 180) / Math.PI, // + 0: −0 would give −180 for the normal (−1, 0)
      offset: norm === 0 ? 0 : -b / norm,
      segment,
      slopeChange: c * norm,
      kind,
    };
  });
}

/**
 * Exact count of the linear regions of a shallow network in the domain: the cells its fold lines cut
 * the rectangle into. Adding a chord splits as many cells as it has pieces, 1 + the distinct points
 * where it meets earlier chords inside the rectangle; so cells = 1 + Σ over distinct lines of that.
 * Units whose lines coincide are one line. Points and lines are merged within a small tolerance.
 */
export function regionCount(fs: readonly Fold[], domain: Domain2): number {
  const diag = Math.hypot(domain[0][1] - domain[0][0], domain[1][1] - domain[1][0]);
  const tol = 1e-9 * diag;
  // each line as unit normal n and offset, with n made unique in sign (a line has two normals)
  const lines: { n1: number; n2: number; off: number }[] = [];
  for (const f of fs) {
    if (f.kind !== 'fold') continue;
    const norm = Math.hypot(f.a1, f.a2);
    let n1 = f.a1 / norm;
    let n2 = f.a2 / norm;
    let off = f.offset;
    if (n1 < -1e-15 || (Math.abs(n1) <= 1e-15 && n2 < 0)) {
      n1 = -n1;
      n2 = -n2;
      off = -off;
    }
    if (!lines.some((l) => Math.abs(l.n1 - n1) < 1e-12 && Math.abs(l.n2 - n2) < 1e-12 && Math.abs(l.off - off) < tol)) lines.push({ n1, n2, off });
  }
  const [[lo1, hi1], [lo2, hi2]] = domain;
  let cells = 1;
  for (let i = 0; i < lines.length; i++) {
    const points: [number, number][] = [];
    for (let j = 0; j < i; j++) {
      const p = lines[i];
      const q = lines[j];
      const det = p.n1 * q.n2 - p.n2 * q.n1;
      if (Math.abs(det) < 1e-12) continue; // parallel
      const x1 = (p.off * q.n2 - p.n2 * q.off) / det;
      const x2 = (p.n1 * q.off - p.off * q.n1) / det;
      if (!(x1 > lo1 + tol && x1 < hi1 - tol && x2 > lo2 + tol && x2 < hi2 - tol)) continue;
      if (!points.some(([y1, y2]) => Math.hypot(y1 - x1, y2 - x2) < 1e3 * tol)) points.push([x1, x2]);
    }
    cells += 1 + points.length;
  }
  return cells;
}

/**
 * The number of distinct activation patterns (every unit of every layer on or off) over an n × n
 * grid of the domain: the linear regions a deep network shows at that resolution. A lower bound on
 * the true count (a region smaller than a grid cell can be missed); for a shallow network use regionCount.
 */
export function regionsOnGrid(net: Net, domain: Domain2, n: number): number {
  if (net.inputs !== 2) throw new Error('regions are counted in the plane: the network needs two inputs');
  const seen = new Set<string>();
  const [[lo1, hi1], [lo2, hi2]] = domain;
  const ws = net.layers.map((l) => l.b.length);
  const total = ws.reduce((s, w) => s + w, 0);
  const bits = new Uint8Array(total);
  let h = new Float64Array(Math.max(2, ...ws));
  let next = new Float64Array(h.length);
  for (let i2 = 0; i2 < n; i2++) {
    for (let i1 = 0; i1 < n; i1++) {
      h[0] = lo1 + ((hi1 - lo1) * i1) / (n - 1);
      h[1] = lo2 + ((hi2 - lo2) * i2) / (n - 1);
      let fanIn = 2;
      let at = 0;
      for (const layer of net.layers) {
        if (layer.activation !== 'relu') throw new Error('activation patterns are read from ReLU layers');
        for (let i = 0; i < layer.b.length; i++) {
          let s = layer.b[i];
          for (let k = 0; k < fanIn; k++) s += layer.W[i][k] * h[k];
          bits[at++] = s > 0 ? 1 : 0;
          next[i] = s > 0 ? s : 0;
        }
        [h, next] = [next, h];
        fanIn = layer.b.length;
      }
      seen.add(String.fromCharCode(...bits.map((b) => 48 + b)));
    }
  }
  return seen.size;
}
