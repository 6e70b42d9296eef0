/**
 * OGB's Evaluator (ogb/{graph,node,link}proppred/evaluate.py): the metric of each dataset from OGB's
 * master table, computed as OGB computes it and returned under OGB's keys.
 */
import { DeepGraphError, ShapeError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { ogbFamilyOf, ogbMasterRow, type OgbFamily, type OgbMetric } from './master.js';
import { averagePrecision, rocAuc } from './metrics.js';
import { hitsAboveKthNegative, ranksAmongOwnNegatives } from '../../metrics/ranking.js';

/** A matrix or vector: a Tensor, nested number arrays, or a flat typed array (a vector). */
export type OgbArray = Tensor | ArrayLike<number> | ArrayLike<ArrayLike<number>>;

/** Graph / node property prediction input: [n, numTasks] (a 1-D array is one task). */
export interface OgbPropInput { yTrue: OgbArray; yPred: OgbArray }
/** Link prediction input: positive scores [n] and negative scores ([m] for Hits@K and ROC-AUC, [n, k] for MRR). */
export interface OgbLinkInput { yPredPos: OgbArray; yPredNeg: OgbArray }

interface Matrix { rows: number; cols: number; data: Float64Array }

function toMatrix(x: OgbArray, what: string): Matrix {
  if (x instanceof Tensor) {
    if (x.ndim > 2) throw new ShapeError(`OgbEvaluator: ${what} must be 1- or 2-dimensional, got shape [${x.shape.join(', ')}]`);
    const rows = x.shape[0] ?? 1, cols = x.ndim === 2 ? x.shape[1] : 1;
    return { rows, cols, data: Float64Array.from(x.data as ArrayLike<number>) };
  }
  const first = x.length > 0 ? (x as ArrayLike<unknown>)[0] : undefined;
  if (typeof first === 'object' && first !== null) {
    const rows = x as ArrayLike<ArrayLike<number>>;
    const cols = rows[0].length;
    const data = new Float64Array(rows.length * cols);
    for (let i = 0; i < rows.length; i++) {
      if (rows[i].length !== cols) throw new ShapeError(`OgbEvaluator: ${what} row ${i} has ${rows[i].length} values, row 0 has ${cols}`);
      for (let j = 0; j < cols; j++) data[i * cols + j] = rows[i][j];
    }
    return { rows: rows.length, cols, data };
  }
  return { rows: x.length, cols: 1, data: Float64Array.from(x as ArrayLike<number>) };
}

function column(m: Matrix, j: number, keep: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < m.rows; i++) if (keep(i)) out.push(m.data[i * m.cols + j]);
  return out;
}

const meanOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * `new OgbEvaluator('ogbg-molbace').eval({ yTrue, yPred })` → `{ rocauc }`; the metric comes from OGB's
 * master table (rocauc, ap, rmse, acc for graph and node datasets; hits@K, mrr, rocauc for link datasets).
 */
export class OgbEvaluator {
  readonly name: string;
  readonly family: OgbFamily;
  readonly evalMetric: OgbMetric;
  readonly numTasks: number;

  constructor(name: string) {
    const family = ogbFamilyOf(name);
    if (family === undefined) throw new DeepGraphError(`OgbEvaluator: '${name}' is not an OGB dataset name (ogbg-*, ogbn-* or ogbl-*)`);
    const row = ogbMasterRow(name, family);
    this.name = name;
    this.family = family;
    this.evalMetric = row.evalMetric;
    this.numTasks = row.numTasks;
  }

  /** OGB's eval(input_dict): the keys OGB returns for this dataset's metric. */
  eval(input: OgbPropInput | OgbLinkInput): Record<string, number | Float32Array> {
    if (this.family === 'link') {
      const { yPredPos, yPredNeg } = input as OgbLinkInput;
      if (yPredPos === undefined || yPredNeg === undefined) throw new DeepGraphError(`OgbEvaluator(${this.name}): input needs yPredPos and yPredNeg`);
      return this.evalLink(toMatrix(yPredPos, 'yPredPos'), toMatrix(yPredNeg, 'yPredNeg'));
    }
    const { yTrue, yPred } = input as OgbPropInput;
    if (yTrue === undefined || yPred === undefined) throw new DeepGraphError(`OgbEvaluator(${this.name}): input needs yTrue and yPred`);
    const t = toMatrix(yTrue, 'yTrue'), p = toMatrix(yPred, 'yPred');
    if (t.rows !== p.rows || t.cols !== p.cols) {
      throw new ShapeError(`OgbEvaluator(${this.name}): yTrue is [${t.rows}, ${t.cols}] but yPred is [${p.rows}, ${p.cols}]`);
    }
    if (this.evalMetric !== 'acc' && t.cols !== this.numTasks) {
      throw new ShapeError(`OgbEvaluator(${this.name}): ${this.numTasks} tasks expected, yTrue has ${t.cols} columns`);
    }
    switch (this.evalMetric) {
      case 'rocauc': return { rocauc: this.perTaskBinary(t, p, rocAuc, 'ROC-AUC') };
      case 'ap': return { ap: this.perTaskBinary(t, p, averagePrecision, 'Average Precision') };
      case 'rmse': return { rmse: meanOf(this.perTask(t, p, (y, s) => Math.sqrt(meanOf(y.map((v, i) => (v - s[i]) ** 2))))) };
      case 'acc': return { acc: meanOf(this.perTask(t, p, (y, s) => y.filter((v, i) => v === s[i]).length / y.length)) };
      default: throw new DeepGraphError(`OgbEvaluator(${this.name}): metric ${this.evalMetric} is not supported`);
    }
  }

  /** score(labels, preds) of each task over its labelled (non-NaN) rows. */
  private perTask(t: Matrix, p: Matrix, score: (y: number[], s: number[]) => number): number[] {
    const out: number[] = [];
    for (let j = 0; j < t.cols; j++) {
      const labelled = (i: number): boolean => !Number.isNaN(t.data[i * t.cols + j]);
      out.push(score(column(t, j, labelled), column(p, j, labelled)));
    }
    return out;
  }

  /** The mean over tasks that have both a positive and a negative label; none is an error, as in OGB. */
  private perTaskBinary(t: Matrix, p: Matrix, score: (y: number[], s: number[]) => number, label: string): number {
    const scores: number[] = [];
    for (let j = 0; j < t.cols; j++) {
      const y = column(t, j, () => true);
      if (!y.includes(1) || !y.includes(0)) continue;
      const labelled = (i: number): boolean => !Number.isNaN(t.data[i * t.cols + j]);
      scores.push(score(column(t, j, labelled), column(p, j, labelled)));
    }
    if (scores.length === 0) throw new DeepGraphError(`OgbEvaluator(${this.name}): No positively labeled data available. Cannot compute ${label}.`);
    return meanOf(scores);
  }

  private evalLink(pos: Matrix, neg: Matrix): Record<string, number | Float32Array> {
    const m = this.evalMetric;
    if (m.startsWith('hits@')) {
      const k = Number(m.slice(5));
      if (pos.cols !== 1 || neg.cols !== 1) throw new ShapeError(`OgbEvaluator(${this.name}): yPredPos and yPredNeg must be 1-dimensional for ${m}`);
      return { [m]: hitsAboveKthNegative(pos.data, neg.data, k) };
    }
    if (m === 'mrr') {
      if (neg.rows !== pos.rows) throw new ShapeError(`OgbEvaluator(${this.name}): yPredNeg needs one row per positive (${pos.rows}), got ${neg.rows}`);
      const lists = { 'hits@1_list': new Float32Array(pos.rows), 'hits@3_list': new Float32Array(pos.rows), 'hits@10_list': new Float32Array(pos.rows), mrr_list: new Float32Array(pos.rows) };
      const ranks = ranksAmongOwnNegatives(pos.data, neg);
      for (let i = 0; i < pos.rows; i++) {
        const rank = ranks[i];
        lists['hits@1_list'][i] = rank <= 1 ? 1 : 0;
        lists['hits@3_list'][i] = rank <= 3 ? 1 : 0;
        lists['hits@10_list'][i] = rank <= 10 ? 1 : 0;
        lists.mrr_list[i] = 1 / rank;
      }
      return lists;
    }
    const labels = [...new Array<number>(pos.rows).fill(1), ...new Array<number>(neg.rows).fill(0)];
    return { rocauc: rocAuc(labels, [...pos.data, ...neg.data]) };
  }
}
