// The float32 hot loops of message passing, compiled once per instruction set (kernels_*.cc with
// their own -m flags) and picked at run time, so the binary never needs -march=native.
// Each kernel handles destination rows [rowBegin, rowEnd) of a CSC, or edges [begin, end).
#pragma once
#include <cstdint>

namespace dg {
namespace simd {

struct SpmmRows {
  const int32_t* indptr;
  const int32_t* indices;
  const int32_t* eids;  // null = identity
  const float* lhs;     // [numSrc, F] (copy/mul kinds that read it)
  const float* rhs;     // [numEdges, F] or [numEdges] (scalar kinds)
  float* out;           // [numDst, F]
  int32_t* argU;        // max/min only, may be null
  int32_t* argE;
  int64_t F;
  int64_t numEdges;     // bound for prefetching ahead across rows
  int64_t D;            // mulHead: features per head (rhs holds F / D scalars per edge)
};

using RowsFn = void (*)(const SpmmRows& a, int64_t rowBegin, int64_t rowEnd);

struct SddmmDot {
  const int32_t* lhsRow;  // row id per edge (null = the edge itself)
  const int32_t* rhsRow;
  const float* lhs;
  const float* rhs;
  float* out;       // [numEdges, heads]
  int64_t heads, D;  // each operand row is heads x D; out[e, h] = dot over D
  int64_t numEdges;
};

using DotFn = void (*)(const SddmmDot& a, int64_t begin, int64_t end);

// One instruction set's kernels. Sum kinds: out[v] = sum over in-edges of
//   copyLhs: lhs[u]   mulScalar: lhs[u] * rhs[e]   mulVec: lhs[u] * rhs[e, :]   copyRhs: rhs[e, :]
//   mulHead: lhs[u] viewed as [H, D] times one rhs[e, h] per head (GAT's aggregation); needs
//            D % width == 0 (the dispatcher picks a table whose vectors fit).
// max/min kinds take copyLhs messages and record argU / argE.
// Inverted-dropout multipliers for elements [begin, end): mask[i] = hash(seed, i, 0) >= threshold
// ? keep : 0 (hash of sampling/rng.h; threshold = ceil(p * 2^32), 2^32 keeps nothing).
using DropoutF32 = void (*)(float* mask, int64_t begin, int64_t end, uint32_t seed, uint64_t threshold, float keep);
using DropoutF64 = void (*)(double* mask, int64_t begin, int64_t end, uint32_t seed, uint64_t threshold, double keep);

struct Table {
  const char* name;
  int width;  // floats per vector
  RowsFn copyLhsSum, mulScalarSum, mulVecSum, copyRhsSum, copyLhsMax, copyLhsMin, mulHeadSum;
  DotFn dot;
  DropoutF32 dropoutF32;
  DropoutF64 dropoutF64;
};

const Table& baseTable();
#if defined(DG_HAVE_AVX2)
const Table& avx2Table();
#endif
#if defined(DG_HAVE_AVX512)
const Table& avx512Table();
#endif

}  // namespace simd
}  // namespace dg
