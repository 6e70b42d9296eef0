/** The arrays of test/distributed's collective jobs, shared by the ranks and the checking parent. */

/** One collective to run: its inputs follow from (rank, index) through `pattern`. */
export interface CaseSpec {
  name: string;
  op: 'allReduce' | 'broadcast' | 'allGather' | 'barrier';
  dtype: 'float32' | 'float64' | 'int32';
  length: number;
  /** 'int': small integers (sums exact in any order); 'real': sin values (sums within rounding). */
  pattern: 'int' | 'real';
  root?: number;
}

const value = (pattern: CaseSpec['pattern'], rank: number, i: number): number =>
  pattern === 'int' ? ((i * 7 + rank * 13) % 101) - 50 : Math.sin(i * 0.37 + rank * 1.3);

/** Rank `rank`'s input of case `c`. */
export function fillCase(c: CaseSpec, rank: number): Float32Array | Float64Array | Int32Array {
  const a = c.dtype === 'float32' ? new Float32Array(c.length) : c.dtype === 'float64' ? new Float64Array(c.length) : new Int32Array(c.length);
  for (let i = 0; i < c.length; i++) a[i] = value(c.pattern, rank, i);
  return a;
}
