// Kernels over segments of rows: edge softmax (forward, backward), segment reduce, and the
// row gather / scatter-add used by message passing fallbacks and embeddings.
#include <napi.h>
#include <cstring>
#include <vector>
#include <cmath>
#include "napi_util.h"
#include "ops.h"
#include "prefetch.h"

namespace dg {

namespace {

// Validated CSC view of a destination-grouped edge list: rows = indptr.length - 1.
struct Csc {
  std::shared_ptr<void> ownIndptr, ownEids;  // private copies of shared arrays (getIndexArray)
  const int32_t* indptr;
  const int32_t* eids;
  int64_t rows, edges;
  int64_t eid(int64_t p) const { return eids ? eids[p] : p; }
};

Csc getCsc(Napi::Env env, const Napi::Value& indptrV, const Napi::Value& eidsV, const std::string& op) {
  const ArrayArg indptr = getIndexArray(indptrV, op + ": indptr");
  const ArrayArg eids = getIndexArray(eidsV, op + ": eids", true);
  if (indptr.length < 1) throwRange(env, op + ": indptr is empty (it needs numDst + 1 entries)");
  const int32_t* p = indptr.as<int32_t>();
  const int64_t rows = indptr.length - 1;
  const int64_t edges = p[rows] < 0 ? 0 : p[rows];
  checkIndptr(env, p, rows, edges, op + ": indptr");
  if (eids.present) {
    expectLength(env, eids, edges, op + ": eids");
    checkIndices(env, eids.as<int32_t>(), edges, edges, op + ": eids");
  }
  return Csc{indptr.owned, eids.owned, p, eids.present ? eids.as<int32_t>() : nullptr, rows, edges};
}

// Edge softmax over each destination's in-edges, all columns in one sweep per pass (a logits
// row is read contiguously, not once per column), in the TypeScript kernel's order: max (NaN
// propagates, as Math.max), exp, sum (in double), scale. Rows of edges a few positions ahead are
// prefetched: with permuted edge ids each one is a random access.
template <class T>
void edgeSoftmaxT(const Csc& g, const T* x, int64_t C, T* out) {
  if (g.edges == 0 || C == 0) return;
  const int nt = numThreads();
  std::vector<T> mAll(static_cast<size_t>(nt * C));
  std::vector<double> sAll(static_cast<size_t>(nt * C));
#pragma omp parallel num_threads(nt) if (g.edges * C > kGrainMath)
  {
    T* m = mAll.data() + threadIndex() * C;
    double* s = sAll.data() + threadIndex() * C;
#pragma omp for schedule(dynamic, 64)
    for (int64_t v = 0; v < g.rows; v++) {
      const int64_t b = g.indptr[v], e = g.indptr[v + 1];
      if (b == e) continue;
      for (int64_t c = 0; c < C; c++) {
        m[c] = -INFINITY;
        s[c] = 0;
      }
      for (int64_t p = b; p < e; p++) {
        if (g.eids && p + 8 < g.edges) prefetchLine(x + g.eid(p + 8) * C);
        const T* xr = x + g.eid(p) * C;
        for (int64_t c = 0; c < C; c++) {
          if (std::isnan(xr[c]) || xr[c] > m[c]) m[c] = xr[c];
        }
      }
      for (int64_t p = b; p < e; p++) {
        const int64_t i = g.eid(p) * C;
        for (int64_t c = 0; c < C; c++) {
          const T z = std::exp(x[i + c] - m[c]);
          out[i + c] = z;
          s[c] += double(z);
        }
      }
      for (int64_t c = 0; c < C; c++) s[c] = 1.0 / s[c];
      for (int64_t p = b; p < e; p++) {
        T* o = out + g.eid(p) * C;
        for (int64_t c = 0; c < C; c++) o[c] = T(double(o[c]) * s[c]);
      }
    }
  }
}

// gradLogits = y * (gradY - sum over the group of gradY * y), in double as the TypeScript kernel.
template <class T>
void edgeSoftmaxBackT(const Csc& g, const T* y, const T* gy, int64_t C, T* gx) {
  if (g.edges == 0 || C == 0) return;
  const int nt = numThreads();
  std::vector<double> dotAll(static_cast<size_t>(nt * C));
#pragma omp parallel num_threads(nt) if (g.edges * C > kGrainMath)
  {
    double* dot = dotAll.data() + threadIndex() * C;
#pragma omp for schedule(dynamic, 64)
    for (int64_t v = 0; v < g.rows; v++) {
      const int64_t b = g.indptr[v], e = g.indptr[v + 1];
      if (b == e) continue;
      for (int64_t c = 0; c < C; c++) dot[c] = 0;
      for (int64_t p = b; p < e; p++) {
        if (g.eids && p + 8 < g.edges) {
          prefetchLine(y + g.eid(p + 8) * C);
          prefetchLine(gy + g.eid(p + 8) * C);
        }
        const int64_t i = g.eid(p) * C;
        for (int64_t c = 0; c < C; c++) dot[c] += double(gy[i + c]) * double(y[i + c]);
      }
      for (int64_t p = b; p < e; p++) {
        const int64_t i = g.eid(p) * C;
        for (int64_t c = 0; c < C; c++) gx[i + c] = T(double(y[i + c]) * (double(gy[i + c]) - dot[c]));
      }
    }
  }
}

template <class T, Red R>
void segmentReduceT(const T* x, const int32_t* off, int64_t S, int64_t F, T* out, int32_t* arg) {
#pragma omp parallel for schedule(dynamic, 64) num_threads(numThreads()) if (S * F > kGrainScalar)
  for (int64_t s = 0; s < S; s++) {
    const int64_t b = off[s], e = off[s + 1];
    T* o = out + s * F;
    int32_t* a = arg ? arg + s * F : nullptr;
    if (b == e || R == Red::Sum) {
      for (int64_t k = 0; k < F; k++) o[k] = 0;
      if (a) for (int64_t k = 0; k < F; k++) a[k] = -1;
    }
    for (int64_t r = b; r < e; r++) {
      const T* row = x + r * F;
      for (int64_t k = 0; k < F; k++) {
        if constexpr (R == Red::Sum) {
          o[k] += row[k];
        } else if (r == b || better<T, R>(row[k], o[k])) {
          o[k] = row[k];
          if (a) a[k] = static_cast<int32_t>(r);
        }
      }
    }
  }
}

template <class T>
void scatterAddT(const T* src, int64_t F, const int32_t* idx, int64_t n, T* out, int64_t numRows) {
  // Repeated indices would race if the inputs were split; instead each thread owns a range of
  // output rows and adds, in input order, the inputs that land there (the serial result exactly).
  const int nt = n * F > kGrainScalar && numRows > 1 ? numThreads() : 1;
#pragma omp parallel num_threads(nt)
  {
#ifdef _OPENMP
    const int t = omp_get_thread_num(), T_ = omp_get_num_threads();
#else
    const int t = 0, T_ = 1;
#endif
    const int64_t r0 = numRows * t / T_, r1 = numRows * (t + 1) / T_;
    for (int64_t i = 0; i < n; i++) {
      const int64_t r = idx[i];
      if (r < r0 || r >= r1) continue;
      const T* s = src + i * F;
      T* o = out + r * F;
      for (int64_t k = 0; k < F; k++) o[k] += s[k];
    }
  }
}

}  // namespace

Napi::Value EdgeSoftmax(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Csc g = getCsc(env, info[0], info[1], "edgeSoftmax");
  const ArrayArg x = getFloatArray(info[2], "edgeSoftmax: logits");
  const int64_t C = getCount(info[3], "edgeSoftmax: cols");
  const ArrayArg out = getFloatArray(info[4], "edgeSoftmax: out");
  expectSameDType(env, out, x, "edgeSoftmax: out", "logits");
  const int64_t n = checkedMul(env, g.edges, C, "edgeSoftmax: logits");
  expectLength(env, x, n, "edgeSoftmax: logits");
  expectLength(env, out, n, "edgeSoftmax: out");
  if (x.dtype == DType::F32) edgeSoftmaxT<float>(g, x.as<float>(), C, out.as<float>());
  else edgeSoftmaxT<double>(g, x.as<double>(), C, out.as<double>());
  return env.Undefined();
}

Napi::Value EdgeSoftmaxBackward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Csc g = getCsc(env, info[0], info[1], "edgeSoftmaxBackward");
  const ArrayArg y = getFloatArray(info[2], "edgeSoftmaxBackward: y");
  const ArrayArg gy = getFloatArray(info[3], "edgeSoftmaxBackward: gradY");
  const int64_t C = getCount(info[4], "edgeSoftmaxBackward: cols");
  const ArrayArg gx = getFloatArray(info[5], "edgeSoftmaxBackward: gradLogits");
  expectSameDType(env, gy, y, "edgeSoftmaxBackward: gradY", "y");
  expectSameDType(env, gx, y, "edgeSoftmaxBackward: gradLogits", "y");
  const int64_t n = checkedMul(env, g.edges, C, "edgeSoftmaxBackward: y");
  expectLength(env, y, n, "edgeSoftmaxBackward: y");
  expectLength(env, gy, n, "edgeSoftmaxBackward: gradY");
  expectLength(env, gx, n, "edgeSoftmaxBackward: gradLogits");
  if (y.dtype == DType::F32) edgeSoftmaxBackT<float>(g, y.as<float>(), gy.as<float>(), C, gx.as<float>());
  else edgeSoftmaxBackT<double>(g, y.as<double>(), gy.as<double>(), C, gx.as<double>());
  return env.Undefined();
}

Napi::Value SegmentReduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Red red;
  const std::string opName = getString(info[0], "segmentReduce: op");
  if (!parseRed(opName, red)) throwRange(env, "segmentReduce: unknown op '" + opName + "'");
  const ArrayArg x = getFloatArray(info[1], "segmentReduce: x");
  const ArrayArg off = getIndexArray(info[2], "segmentReduce: offsets");
  const int64_t F = getCount(info[3], "segmentReduce: rowLen");
  const ArrayArg out = getFloatArray(info[4], "segmentReduce: out");
  const ArrayArg arg = red == Red::Sum ? ArrayArg{} : getIndexOutput(info[5], "segmentReduce: arg", true);
  expectSameDType(env, out, x, "segmentReduce: out", "x");
  const int64_t last = checkOffsets(env, off.as<int32_t>(), off.length, "segmentReduce: offsets");
  const int64_t S = off.length - 1;
  // As in the TypeScript kernel: offsets start at 0 and end exactly at the last row of x.
  if (off.as<int32_t>()[0] != 0) throwRange(env, "segmentReduce: offsets[0] must be 0, got " + std::to_string(off.as<int32_t>()[0]));
  if (F > 0 && checkedMul(env, last, F, "segmentReduce: x") != x.length) {
    throwRange(env, "segmentReduce: offsets end at row " + std::to_string(last) + " but x has " +
                        std::to_string(x.length) + " elements (rows of " + std::to_string(F) + ")");
  }
  expectLength(env, out, checkedMul(env, S, F, "segmentReduce: out"), "segmentReduce: out");
  if (arg.present) expectLength(env, arg, S * F, "segmentReduce: arg");
  const int32_t* o = off.as<int32_t>();
  int32_t* a = arg.present ? arg.as<int32_t>() : nullptr;
  auto run = [&](auto* xs, auto* os) {
    using T = std::remove_pointer_t<decltype(os)>;
    if (red == Red::Sum) segmentReduceT<T, Red::Sum>(xs, o, S, F, os, nullptr);
    else if (red == Red::Max) segmentReduceT<T, Red::Max>(xs, o, S, F, os, a);
    else segmentReduceT<T, Red::Min>(xs, o, S, F, os, a);
  };
  if (x.dtype == DType::F32) run(x.as<const float>(), out.as<float>());
  else run(x.as<const double>(), out.as<double>());
  return env.Undefined();
}

Napi::Value GatherRows(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ArrayArg src = getArray(info[0], "gatherRows: src");
  const int64_t numRows = getCount(info[1], "gatherRows: numRows");
  const int64_t F = getCount(info[2], "gatherRows: rowLen", true);
  const ArrayArg idx = getIndexArray(info[3], "gatherRows: idx");
  const ArrayArg out = getArray(info[4], "gatherRows: out");
  if (src.dtype == DType::Other) throwType(env, "gatherRows: src must be a Float32/Float64/Int32/Uint8Array");
  expectSameDType(env, out, src, "gatherRows: out", "src");
  expectLength(env, src, checkedMul(env, numRows, F, "gatherRows: src"), "gatherRows: src");
  expectLength(env, out, checkedMul(env, idx.length, F, "gatherRows: out"), "gatherRows: out");
  checkIndices(env, idx.as<int32_t>(), idx.length, numRows, "gatherRows: idx");
  const int64_t esz = src.dtype == DType::F64 ? 8 : src.dtype == DType::U8 ? 1 : 4;
  const int64_t rowBytes = F * esz, n = idx.length;
  const char* s = src.as<const char>();
  char* o = out.as<char>();
  const int32_t* ix = idx.as<int32_t>();
#pragma omp parallel for schedule(static) num_threads(numThreads()) if (n * F > kGrainStream)
  for (int64_t i = 0; i < n; i++) std::memcpy(o + i * rowBytes, s + int64_t(ix[i]) * rowBytes, rowBytes);
  return env.Undefined();
}

Napi::Value ScatterAddRows(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ArrayArg src = getFloatArray(info[0], "scatterAddRows: src");
  const int64_t F = getCount(info[1], "scatterAddRows: rowLen", true);
  const ArrayArg idx = getIndexArray(info[2], "scatterAddRows: idx");
  const ArrayArg out = getFloatArray(info[3], "scatterAddRows: out");
  const int64_t numRows = getCount(info[4], "scatterAddRows: numRows");
  expectSameDType(env, out, src, "scatterAddRows: out", "src");
  expectLength(env, src, checkedMul(env, idx.length, F, "scatterAddRows: src"), "scatterAddRows: src");
  expectLength(env, out, checkedMul(env, numRows, F, "scatterAddRows: out"), "scatterAddRows: out");
  checkIndices(env, idx.as<int32_t>(), idx.length, numRows, "scatterAddRows: idx");
  if (src.dtype == DType::F32) scatterAddT<float>(src.as<float>(), F, idx.as<int32_t>(), idx.length, out.as<float>(), numRows);
  else scatterAddT<double>(src.as<double>(), F, idx.as<int32_t>(), idx.length, out.as<double>(), numRows);
  return env.Undefined();
}

}  // namespace dg
