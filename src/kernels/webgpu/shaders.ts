/**
 * WGSL compute shaders for g-SpMM and dense (batched) matmul, float32. One invocation per output
 * element; dispatches are 2-D (x at most 65535 workgroups) so large outputs fit the limits. The
 * integer inputs of g-SpMM share one buffer (offsets in the uniform block) so that a pass binds
 * five storage buffers, under WebGPU's default limit of eight per stage.
 */

/** Threads per workgroup of both shaders. */
export const WORKGROUP = 64;

/** Encodes SpmmOp / SpmmReduce for the uniform block. */
export const SPMM_OP_CODE = { add: 0, sub: 1, mul: 2, div: 3, copyLhs: 4, copyRhs: 5 } as const;
/** Encodes SpmmReduce for the uniform block. */
export const SPMM_REDUCE_CODE = { sum: 0, max: 1, min: 2 } as const;

/**
 * g-SpMM over a CSC. Uniform words: numDst, F, L, R, op, reduce, flags (1 eids, 2 lo, 4 ro, 8 args),
 * offsets of indices / eids / lo / ro inside `ints` (indptr at 0), total = numDst * F.
 */
export const GSPMM_WGSL = /* wgsl */ `
struct Params { numDst: u32, F: u32, L: u32, R: u32, op: u32, reduce: u32, flags: u32,
  offIndices: u32, offEids: u32, offLo: u32, offRo: u32, total: u32 };
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> ints: array<i32>;
@group(0) @binding(2) var<storage, read> lhs: array<f32>;
@group(0) @binding(3) var<storage, read> rhs: array<f32>;
@group(0) @binding(4) var<storage, read_write> outv: array<f32>;
@group(0) @binding(5) var<storage, read_write> args: array<i32>;

fn message(x: f32, y: f32) -> f32 {
  switch P.op {
    case 0u: { return x + y; }
    case 1u: { return x - y; }
    case 2u: { return x * y; }
    case 3u: { return x / y; }
    case 4u: { return x; }
    default: { return y; }
  }
}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = (wid.y * nwg.x + wid.x) * ${WORKGROUP}u + lid;
  if (idx >= P.total) { return; }
  let v = idx / P.F;
  let k = idx % P.F;
  var lk = k;
  if ((P.flags & 2u) != 0u) { lk = u32(ints[P.offLo + k]); }
  var rk = k;
  if ((P.flags & 4u) != 0u) { rk = u32(ints[P.offRo + k]); }
  let start = ints[v];
  let end = ints[v + 1u];
  var best = 0.0;
  var bu = -1;
  var be = -1;
  for (var p = start; p < end; p = p + 1) {
    let u = ints[P.offIndices + u32(p)];
    var e = p;
    if ((P.flags & 1u) != 0u) { e = ints[P.offEids + u32(p)]; }
    var x = 0.0;
    if (P.op != 5u) { x = lhs[u32(u) * P.L + lk]; }
    var y = 0.0;
    if (P.op != 4u) { y = rhs[u32(e) * P.R + rk]; }
    let m = message(x, y);
    if (P.reduce == 0u) {
      best = best + m;
    } else if (p == start || (P.reduce == 1u && m > best) || (P.reduce == 2u && m < best)) {
      // The first in-edge wins ties, as in the TypeScript kernel.
      best = m; bu = u; be = e;
    }
  }
  outv[idx] = best;
  if ((P.flags & 8u) != 0u) {
    args[idx] = bu;
    args[P.total + idx] = be;
  }
}
`;

/**
 * Batched matmul out[b] = op(a[b]) @ op(b[b]). Uniform words: batch, m, k, n, transA, transB,
 * aBatchStride, bBatchStride, total (= batch * m * n).
 */
export const MATMUL_WGSL = /* wgsl */ `
struct Params { batch: u32, m: u32, k: u32, n: u32, transA: u32, transB: u32, aStride: u32, bStride: u32, total: u32 };
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> outv: array<f32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = (wid.y * nwg.x + wid.x) * ${WORKGROUP}u + lid;
  if (idx >= P.total) { return; }
  let bi = idx / (P.m * P.n);
  let r = idx % (P.m * P.n);
  let i = r / P.n;
  let j = r % P.n;
  let ao = bi * P.aStride;
  let bo = bi * P.bStride;
  var s = 0.0;
  for (var p = 0u; p < P.k; p = p + 1u) {
    var av = 0.0;
    if (P.transA != 0u) { av = a[ao + p * P.m + i]; } else { av = a[ao + i * P.k + p]; }
    var bv = 0.0;
    if (P.transB != 0u) { bv = b[bo + j * P.k + p]; } else { bv = b[bo + p * P.n + j]; }
    s = s + av * bv;
  }
  outv[idx] = s;
}
`;
