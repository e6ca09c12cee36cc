/** A dense row-major matrix of features (NaN = missing) and, for training, a 0/1 target. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** row-major: value of row i, column j at `i * cols + j` */
  readonly data: Float64Array;
}

export interface Labeled {
  readonly X: Matrix;
  readonly y: Uint8Array;
  readonly features: readonly string[];
}

export function matrixFromRows(rows: readonly (readonly number[])[], cols: number): Matrix {
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`row ${i}: ${r.length} values, expected ${cols}`);
    data.set(r, i * cols);
  });
  return { rows: rows.length, cols, data };
}

/** The rows `idx` of a matrix (a copy). */
export function takeRows(X: Matrix, idx: ArrayLike<number>): Matrix {
  const data = new Float64Array(idx.length * X.cols);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), k * X.cols);
  }
  return { rows: idx.length, cols: X.cols, data };
}

export function takeLabels(y: Uint8Array, idx: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = y[idx[k]!]!;
  return out;
}

export function row(X: Matrix, i: number): Float64Array {
  return X.data.subarray(i * X.cols, (i + 1) * X.cols);
}

/** Per-column median of the non-missing values (0 for a column with none): the imputation of the models. */
export function columnMedians(X: Matrix): Float64Array {
  const out = new Float64Array(X.cols);
  const buf = new Float64Array(X.rows);
  for (let j = 0; j < X.cols; j++) {
    let n = 0;
    for (let i = 0; i < X.rows; i++) {
      const v = X.data[i * X.cols + j]!;
      if (!Number.isNaN(v)) buf[n++] = v;
    }
    if (n === 0) continue;
    const s = buf.subarray(0, n).sort();
    out[j] = n % 2 === 1 ? s[(n - 1) >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  }
  return out;
}

/** A copy with every NaN replaced by its column's fill value. */
export function impute(X: Matrix, fill: ArrayLike<number>): Matrix {
  const data = Float64Array.from(X.data);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.cols; j++) {
      const k = i * X.cols + j;
      if (Number.isNaN(data[k]!)) data[k] = fill[j]!;
    }
  }
  return { rows: X.rows, cols: X.cols, data };
}
