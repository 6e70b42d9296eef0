/**
 * A 2-D projection of node embeddings, computed in the page: the top two principal components
 * (power iteration with deflation on the D x D covariance, float64), deterministic for given rows.
 */

/** Projects `rows` [n, d] (row-major) onto its top two principal axes; returns [n, 2] row-major. */
export function pca2(rows: ArrayLike<number>, n: number, d: number): Float64Array {
  if (rows.length !== n * d) throw new RangeError(`pca2: ${rows.length} values is not ${n} x ${d}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += rows[i * d + j] / n;
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) centred[j] = rows[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a * d + b] += centred[a] * centred[b];
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a];
  const axes: Float64Array[] = [];
  for (let k = 0; k < 2; k++) {
    let v = Float64Array.from({ length: d }, (_, j) => 1 + j / d);
    for (let it = 0; it < 200; it++) {
      const w = new Float64Array(d);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) w[a] += cov[a * d + b] * v[b];
      for (const u of axes) { // deflation: stay orthogonal to the axes found already
        let dot = 0;
        for (let a = 0; a < d; a++) dot += w[a] * u[a];
        for (let a = 0; a < d; a++) w[a] -= dot * u[a];
      }
      const norm = Math.hypot(...w);
      if (norm === 0) break;
      v = w.map((x) => x / norm);
    }
    axes.push(v);
  }
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 2; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (rows[i * d + j] - mean[j]) * axes[k][j];
      out[i * 2 + k] = s;
    }
  }
  return out;
}
