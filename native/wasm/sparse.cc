// Message-passing kernels for wasm32 + SIMD128: g-SpMM, g-SDDMM, edge softmax, segment reduce.
// The float32 fast paths are the addon's own SIMD kernels (native/simd/kernels_impl.h, written with
// vector extensions) instantiated at 128 bits; the general broadcasting loops follow the addon's
// native/spmm.cc and the TypeScript backend (same visiting order, same tie and NaN rules).
#include <cstring>
#include "wasm.h"
#include "../ops.h"
#include "../prefetch.h"
#include "../sampling/rng.h"
#include "../simd/kernels.h"

namespace dg {
namespace simd {
namespace {
#define DG_VEC_WIDTH 4
#define DG_VEC_BLOCK 8
#define DG_VEC_NAME "wasm-simd128"
#include "../simd/kernels_impl.h"
}  // namespace
const Table& wasmTable() { return kTable; }
}  // namespace simd
}  // namespace dg

namespace {

using dg::BinOp;
using dg::Red;

struct Spmm {
  int32_t numDst, numEdges, F, L, R;
  const int32_t *indptr, *indices, *eids;
  const int32_t *lo, *ro;  // feature offsets into lhs / rhs rows, null = identity
  int32_t *argU, *argE;
};

template <class T, BinOp OP, Red RED>
DG_OUTLINE void spmmGeneral(const Spmm& s, const T* lhs, const T* rhs, T* out) {
  const int32_t F = s.F;
  for (int32_t v = 0; v < s.numDst; v++) {
    T* o = out + int64_t(v) * F;
    int32_t* au = s.argU ? s.argU + int64_t(v) * F : nullptr;
    int32_t* ae = s.argE ? s.argE + int64_t(v) * F : nullptr;
    const int32_t b = s.indptr[v], e = s.indptr[v + 1];
    if (b == e || RED == Red::Sum) {
      for (int32_t k = 0; k < F; k++) o[k] = T(0);
      if (au) for (int32_t k = 0; k < F; k++) au[k] = -1;
      if (ae) for (int32_t k = 0; k < F; k++) ae[k] = -1;
    }
    for (int32_t p = b; p < e; p++) {
      const int32_t u = s.indices[p], eid = s.eids ? s.eids[p] : p;
      const T* l = dg::usesLhs<OP>() ? lhs + int64_t(u) * s.L : nullptr;
      const T* r = dg::usesRhs<OP>() ? rhs + int64_t(eid) * s.R : nullptr;
      for (int32_t k = 0; k < F; k++) {
        const T lv = dg::usesLhs<OP>() ? l[s.lo ? s.lo[k] : k] : T(0);
        const T rv = dg::usesRhs<OP>() ? r[s.ro ? s.ro[k] : k] : T(0);
        const T m = dg::applyOp<T, OP>(lv, rv);
        if constexpr (RED == Red::Sum) {
          o[k] += m;
        } else if (p == b || dg::better<T, RED>(m, o[k])) {
          o[k] = m;
          if (au) au[k] = u;
          if (ae) ae[k] = eid;
        }
      }
    }
  }
}

template <class T, BinOp OP>
void spmmRed(int red, const Spmm& s, const T* lhs, const T* rhs, T* out) {
  if (red == int(Red::Sum)) spmmGeneral<T, OP, Red::Sum>(s, lhs, rhs, out);
  else if (red == int(Red::Max)) spmmGeneral<T, OP, Red::Max>(s, lhs, rhs, out);
  else spmmGeneral<T, OP, Red::Min>(s, lhs, rhs, out);
}

template <class T>
void spmmTyped(int op, int red, const Spmm& s, const T* lhs, const T* rhs, T* out) {
  switch (op) {
    case 0: spmmRed<T, BinOp::Add>(red, s, lhs, rhs, out); break;
    case 1: spmmRed<T, BinOp::Sub>(red, s, lhs, rhs, out); break;
    case 2: spmmRed<T, BinOp::Mul>(red, s, lhs, rhs, out); break;
    case 3: spmmRed<T, BinOp::Div>(red, s, lhs, rhs, out); break;
    case 4: spmmRed<T, BinOp::CopyL>(red, s, lhs, rhs, out); break;
    default: spmmRed<T, BinOp::CopyR>(red, s, lhs, rhs, out); break;
  }
}

// The addon's SIMD row kernels where the call has their shape (float32, no broadcasting, or one
// weight per edge); false sends the call to the general loop.
bool spmmFast(int op, int red, const Spmm& s, const float* lhs, const float* rhs, float* out) {
  const dg::simd::Table& t = dg::simd::wasmTable();
  dg::simd::RowsFn fn = nullptr;
  const bool plain = !s.lo && !s.ro;
  if (red == int(Red::Sum)) {
    if (op == int(BinOp::CopyL) && plain) fn = t.copyLhsSum;
    else if (op == int(BinOp::CopyR) && plain) fn = t.copyRhsSum;
    else if (op == int(BinOp::Mul) && plain) fn = t.mulVecSum;
    else if (op == int(BinOp::Mul) && !s.lo && s.R == 1) fn = t.mulScalarSum;
  } else if (op == int(BinOp::CopyL) && plain) {
    fn = red == int(Red::Max) ? t.copyLhsMax : t.copyLhsMin;
  }
  if (!fn) return false;
  dg::simd::SpmmRows a{s.indptr, s.indices, s.eids, lhs, rhs, out, s.argU, s.argE, s.F, s.numEdges, 1};
  fn(a, 0, s.numDst);
  return true;
}

struct Sddmm {
  int32_t numEdges, F, L, R, P, D;  // P output positions of D-long dots (dot) or F = P (others)
  const int32_t *lRow, *rRow;       // row id per edge, null = the edge itself
  const int32_t *lo, *ro;
};

template <class T, BinOp OP>
DG_OUTLINE void sddmmGeneral(const Sddmm& s, const T* lhs, const T* rhs, T* out) {
  for (int32_t e = 0; e < s.numEdges; e++) {
    const T* l = lhs + int64_t(s.lRow ? s.lRow[e] : e) * s.L;
    const T* r = rhs + int64_t(s.rRow ? s.rRow[e] : e) * s.R;
    T* o = out + int64_t(e) * s.F;
    if constexpr (OP == BinOp::Dot) {
      for (int32_t k = 0; k < s.P; k++) {
        const T* x = l + int64_t(s.lo ? s.lo[k] : k) * s.D;
        const T* y = r + int64_t(s.ro ? s.ro[k] : k) * s.D;
        double acc = 0;  // as the TypeScript backend sums (a JavaScript number)
        for (int32_t d = 0; d < s.D; d++) acc += double(x[d]) * double(y[d]);
        o[k] = T(acc);
      }
    } else {
      for (int32_t k = 0; k < s.F; k++) {
        const T lv = dg::usesLhs<OP>() ? l[s.lo ? s.lo[k] : k] : T(0);
        const T rv = dg::usesRhs<OP>() ? r[s.ro ? s.ro[k] : k] : T(0);
        o[k] = dg::applyOp<T, OP>(lv, rv);
      }
    }
  }
}

template <class T>
void sddmmTyped(int op, const Sddmm& s, const T* lhs, const T* rhs, T* out) {
  switch (op) {
    case 0: sddmmGeneral<T, BinOp::Add>(s, lhs, rhs, out); break;
    case 1: sddmmGeneral<T, BinOp::Sub>(s, lhs, rhs, out); break;
    case 2: sddmmGeneral<T, BinOp::Mul>(s, lhs, rhs, out); break;
    case 3: sddmmGeneral<T, BinOp::Div>(s, lhs, rhs, out); break;
    case 4: sddmmGeneral<T, BinOp::CopyL>(s, lhs, rhs, out); break;
    case 5: sddmmGeneral<T, BinOp::CopyR>(s, lhs, rhs, out); break;
    default: sddmmGeneral<T, BinOp::Dot>(s, lhs, rhs, out); break;
  }
}

// Edge softmax per group and column, in double as the TypeScript backend computes it (a float32
// output is rounded where that backend's Float32Array store rounds), with JavaScript's Math.exp.
template <class T>
DG_OUTLINE void edgeSoftmaxTyped(int32_t rows, const int32_t* indptr, const int32_t* eids, const T* x, int32_t cols, T* out) {
  for (int32_t r = 0; r < rows; r++) {
    const int32_t b = indptr[r], e = indptr[r + 1];
    for (int32_t c = 0; c < cols; c++) {
      double m = -__builtin_inf();
      for (int32_t p = b; p < e; p++) m = __builtin_wasm_max_f64(m, double(x[int64_t(eids ? eids[p] : p) * cols + c]));
      double sum = 0;
      for (int32_t p = b; p < e; p++) {
        const int64_t i = int64_t(eids ? eids[p] : p) * cols + c;
        const double z = js_exp(double(x[i]) - m);
        out[i] = T(z);
        sum += z;
      }
      for (int32_t p = b; p < e; p++) {
        const int64_t i = int64_t(eids ? eids[p] : p) * cols + c;
        out[i] = T(double(out[i]) / sum);
      }
    }
  }
}

template <class T>
DG_OUTLINE void edgeSoftmaxBackwardTyped(int32_t rows, const int32_t* indptr, const int32_t* eids, const T* y, const T* gy,
                              int32_t cols, T* gx) {
  for (int32_t r = 0; r < rows; r++) {
    const int32_t b = indptr[r], e = indptr[r + 1];
    for (int32_t c = 0; c < cols; c++) {
      double dot = 0;
      for (int32_t p = b; p < e; p++) {
        const int64_t i = int64_t(eids ? eids[p] : p) * cols + c;
        dot += double(gy[i]) * double(y[i]);
      }
      for (int32_t p = b; p < e; p++) {
        const int64_t i = int64_t(eids ? eids[p] : p) * cols + c;
        gx[i] = T(double(y[i]) * (double(gy[i]) - dot));
      }
    }
  }
}

template <class T>
DG_OUTLINE void segmentTyped(int red, const T* x, const int32_t* offsets, int32_t S, int32_t rowLen, T* out, int32_t* arg) {
  for (int32_t s = 0; s < S; s++) {
    T* o = out + int64_t(s) * rowLen;
    int32_t* a = arg ? arg + int64_t(s) * rowLen : nullptr;
    const int32_t b = offsets[s], e = offsets[s + 1];
    for (int32_t k = 0; k < rowLen; k++) o[k] = T(0);
    if (a) for (int32_t k = 0; k < rowLen; k++) a[k] = -1;
    for (int32_t r = b; r < e; r++) {
      const T* xr = x + int64_t(r) * rowLen;
      if (red == int(Red::Sum)) {
        for (int32_t k = 0; k < rowLen; k++) o[k] += xr[k];
      } else {
        const bool mx = red == int(Red::Max);
        for (int32_t k = 0; k < rowLen; k++) {
          if (r == b || (mx ? xr[k] > o[k] : xr[k] < o[k])) {
            o[k] = xr[k];
            if (a) a[k] = r;
          }
        }
      }
    }
  }
}

}  // namespace

extern "C" {

// g-SpMM (src/kernels/backend.ts SpmmArgs); lo / ro: per output position, the offset inside an
// operand's feature row (0 = identity); F / L / R: output, lhs and rhs feature lengths.
DG_EXPORT(dg_spmm) void dg_spmm(int f64, int op, int red, int32_t numDst, int32_t numEdges, const int32_t* indptr,
                                const int32_t* indices, const int32_t* eids, const void* lhs, const void* rhs, void* out,
                                int32_t* argU, int32_t* argE, int32_t F, int32_t L, int32_t R, const int32_t* lo,
                                const int32_t* ro) {
  const Spmm s{numDst, numEdges, F, L, R, indptr, indices, eids, lo, ro, argU, argE};
  if (!f64) {
    if (spmmFast(op, red, s, static_cast<const float*>(lhs), static_cast<const float*>(rhs), static_cast<float*>(out))) return;
    spmmTyped<float>(op, red, s, static_cast<const float*>(lhs), static_cast<const float*>(rhs), static_cast<float*>(out));
  } else {
    spmmTyped<double>(op, red, s, static_cast<const double*>(lhs), static_cast<const double*>(rhs), static_cast<double*>(out));
  }
}

// g-SDDMM over COO edges; lRow / rRow: the row each edge reads (null = the edge id itself).
DG_EXPORT(dg_sddmm) void dg_sddmm(int f64, int op, int32_t numEdges, const int32_t* lRow, const int32_t* rRow,
                                  const void* lhs, const void* rhs, void* out, int32_t F, int32_t L, int32_t R, int32_t P,
                                  int32_t D, const int32_t* lo, const int32_t* ro) {
  const Sddmm s{numEdges, F, L, R, P, D, lRow, rRow, lo, ro};
  if (!f64 && op == int(BinOp::Dot) && !lo && !ro && L == R && L == P * D) {
    const dg::simd::SddmmDot a{lRow, rRow, static_cast<const float*>(lhs), static_cast<const float*>(rhs),
                               static_cast<float*>(out), P, D, numEdges};
    dg::simd::wasmTable().dot(a, 0, numEdges);
    return;
  }
  if (!f64) sddmmTyped<float>(op, s, static_cast<const float*>(lhs), static_cast<const float*>(rhs), static_cast<float*>(out));
  else sddmmTyped<double>(op, s, static_cast<const double*>(lhs), static_cast<const double*>(rhs), static_cast<double*>(out));
}

DG_EXPORT(dg_edge_softmax) void dg_edge_softmax(int f64, int32_t rows, const int32_t* indptr, const int32_t* eids,
                                                const void* x, int32_t cols, void* out) {
  if (!f64) edgeSoftmaxTyped(rows, indptr, eids, static_cast<const float*>(x), cols, static_cast<float*>(out));
  else edgeSoftmaxTyped(rows, indptr, eids, static_cast<const double*>(x), cols, static_cast<double*>(out));
}

DG_EXPORT(dg_edge_softmax_backward) void dg_edge_softmax_backward(int f64, int32_t rows, const int32_t* indptr,
                                                                  const int32_t* eids, const void* y, const void* gy,
                                                                  int32_t cols, void* gx) {
  if (!f64) {
    edgeSoftmaxBackwardTyped(rows, indptr, eids, static_cast<const float*>(y), static_cast<const float*>(gy), cols,
                             static_cast<float*>(gx));
  } else {
    edgeSoftmaxBackwardTyped(rows, indptr, eids, static_cast<const double*>(y), static_cast<const double*>(gy), cols,
                             static_cast<double*>(gx));
  }
}

DG_EXPORT(dg_segment_reduce) void dg_segment_reduce(int f64, int red, const void* x, const int32_t* offsets, int32_t S,
                                                    int32_t rowLen, void* out, int32_t* arg) {
  if (!f64) segmentTyped(red, static_cast<const float*>(x), offsets, S, rowLen, static_cast<float*>(out), arg);
  else segmentTyped(red, static_cast<const double*>(x), offsets, S, rowLen, static_cast<double*>(out), arg);
}

}  // extern "C"
