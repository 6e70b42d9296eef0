// Batched dense matmul: CBLAS (OpenBLAS) when found at build time, else a row-parallel kernel.
#include <napi.h>
#include <algorithm>
#include <vector>
#include "matmul.h"
#include "napi_util.h"
#ifdef DG_HAVE_CBLAS
#include <cblas.h>
#endif

namespace dg {

namespace {

#ifdef DG_HAVE_CBLAS
// OpenBLAS keeps its own pthread pool, whose workers spin-yield for a long time after each call;
// next to the OpenMP team that is two pools fighting over the cores. So BLAS always runs on the
// calling thread (setBlasThreads pins it to one) and a large product is split into blocks of
// output rows (or columns, when there are few rows) over the OpenMP team, one BLAS call each.
constexpr int64_t kGemmParallelFlops = int64_t(1) << 25;  // ~0.4 ms on one core at 80 GFLOP/s

inline void blas(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
                 int64_t ldb, float* c, int64_t ldc) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, int(m), int(n), int(k),
              1.0f, a, int(lda), b, int(ldb), 0.0f, c, int(ldc));
}
inline void blas(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const double* a, int64_t lda, const double* b,
                 int64_t ldb, double* c, int64_t ldc) {
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, int(m), int(n), int(k),
              1.0, a, int(lda), b, int(ldb), 0.0, c, int(ldc));
}

// Block q of nb of one product: rows [i0, i1) of op(A) and C, or columns [j0, j1) of op(B) and C.
template <class T>
void gemmBlock(const Mm& p, const T* A, const T* B, T* C, bool byRows, int64_t q, int64_t nb) {
  const int64_t lda = std::max<int64_t>(1, p.ta ? p.m : p.k), ldb = std::max<int64_t>(1, p.tb ? p.k : p.n);
  const int64_t ldc = std::max<int64_t>(1, p.n);
  const int64_t len = byRows ? p.m : p.n, lo = len * q / nb, hi = len * (q + 1) / nb;
  if (hi == lo) return;
  if (byRows) {
    blas(p.ta, p.tb, hi - lo, p.n, p.k, p.ta ? A + lo : A + lo * lda, lda, B, ldb, C + lo * ldc, ldc);
  } else {
    blas(p.ta, p.tb, p.m, hi - lo, p.k, A, lda, p.tb ? B + lo * ldb : B + lo, ldb, C + lo, ldc);
  }
}

template <class T>
void gemm(const Mm& p, const T* a, const T* b, T* c) {
  const int64_t flops = 2 * p.m * p.n * p.k;
  const int nt = numThreads();
  if (nt == 1 || flops * p.batch < kGemmParallelFlops) {
    for (int64_t t = 0; t < p.batch; t++) gemmBlock(p, a + t * p.aStride, b + t * p.bStride, c + t * p.m * p.n, true, 0, 1);
    return;
  }
  // Many small products: one per task. Otherwise each product is split in nt blocks along its
  // longer output dimension.
  const bool perBatch = p.batch >= 2 * nt || flops < kGemmParallelFlops;
  const bool byRows = p.m >= p.n;
  const int64_t nb = perBatch ? 1 : nt;
#pragma omp parallel for schedule(dynamic, 1) num_threads(nt) collapse(2)
  for (int64_t t = 0; t < p.batch; t++) {
    for (int64_t q = 0; q < nb; q++) gemmBlock(p, a + t * p.aStride, b + t * p.bStride, c + t * p.m * p.n, byRows, q, nb);
  }
}
#else
// One output row at a time: the row of op(A) is packed, then either streamed against the rows
// of B (axpy form, vectorises over n) or dotted with the rows of a transposed B.
template <class T>
void gemm(const Mm& p, const T* a, const T* b, T* c) {
  for (int64_t t = 0; t < p.batch; t++) {
    const T* A = a + t * p.aStride;
    const T* B = b + t * p.bStride;
    T* C = c + t * p.m * p.n;
    const int nt = numThreads();
    std::vector<T> rows(static_cast<size_t>(nt * p.k));
#pragma omp parallel num_threads(nt) if (p.m * p.n * p.k > kGrainStream)
    {
      T* row = rows.data() + threadIndex() * p.k;
#pragma omp for schedule(static)
      for (int64_t i = 0; i < p.m; i++) {
        for (int64_t q = 0; q < p.k; q++) row[q] = p.ta ? A[q * p.m + i] : A[i * p.k + q];
        T* out = C + i * p.n;
        if (p.tb) {
          for (int64_t j = 0; j < p.n; j++) {
            const T* bj = B + j * p.k;
            T s = 0;
            for (int64_t q = 0; q < p.k; q++) s += row[q] * bj[q];
            out[j] = s;
          }
        } else {
          for (int64_t j = 0; j < p.n; j++) out[j] = 0;
          for (int64_t q = 0; q < p.k; q++) {
            const T av = row[q];
            const T* bq = B + q * p.n;
            for (int64_t j = 0; j < p.n; j++) out[j] += av * bq[j];
          }
        }
      }
    }
  }
}
#endif

}  // namespace

bool haveCblas() {
#ifdef DG_HAVE_CBLAS
  return true;
#else
  return false;
#endif
}

// BLAS runs on the calling thread whatever the thread count (see gemm): the OpenMP team is the
// only pool.
void setBlasThreads(int n) {
  (void)n;
#ifdef DG_HAVE_OPENBLAS
  openblas_set_num_threads(1);
#endif
}

Napi::Value Matmul(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ArrayArg a = getFloatArray(info[0], "matmul: a");
  const ArrayArg b = getFloatArray(info[1], "matmul: b");
  const ArrayArg out = getFloatArray(info[2], "matmul: out");
  Mm p;
  p.batch = getCount(info[3], "matmul: batch");
  p.m = getCount(info[4], "matmul: m");
  p.k = getCount(info[5], "matmul: k");
  p.n = getCount(info[6], "matmul: n");
  p.ta = getBool(info[7], "matmul: transA");
  p.tb = getBool(info[8], "matmul: transB");
  p.aStride = getCount(info[9], "matmul: aBatchStride", true);
  p.bStride = getCount(info[10], "matmul: bBatchStride", true);
  expectSameDType(env, b, a, "matmul: b", "a");
  expectSameDType(env, out, a, "matmul: out", "a");
  const int64_t mk = checkedMul(env, p.m, p.k, "matmul: m*k"), kn = checkedMul(env, p.k, p.n, "matmul: k*n");
  const int64_t mn = checkedMul(env, p.m, p.n, "matmul: m*n");
  expectLength(env, out, checkedMul(env, p.batch, mn, "matmul: out"), "matmul: out");
  if (p.batch == 0) return env.Undefined();
  // The last batch's operand must end inside the array (checked even when nothing is read).
  const int64_t aNeed = checkedMul(env, p.batch - 1, p.aStride, "matmul: a") + mk;
  const int64_t bNeed = checkedMul(env, p.batch - 1, p.bStride, "matmul: b") + kn;
  if (a.length < aNeed) {
    throwRange(env, "matmul: a has length " + std::to_string(a.length) + ", needs at least " + std::to_string(aNeed));
  }
  if (b.length < bNeed) {
    throwRange(env, "matmul: b has length " + std::to_string(b.length) + ", needs at least " + std::to_string(bNeed));
  }
  if (mn == 0) return env.Undefined();
  if (p.k == 0) {
    if (a.dtype == DType::F32) std::fill(out.as<float>(), out.as<float>() + out.length, 0.0f);
    else std::fill(out.as<double>(), out.as<double>() + out.length, 0.0);
    return env.Undefined();
  }
  if (a.dtype == DType::F32) {
    if (!sparseLeftMatmul(p, a.as<const float>(), b.as<const float>(), out.as<float>())) {
      gemm(p, a.as<const float>(), b.as<const float>(), out.as<float>());
    }
  } else if (!sparseLeftMatmul(p, a.as<const double>(), b.as<const double>(), out.as<double>())) {
    gemm(p, a.as<const double>(), b.as<const double>(), out.as<double>());
  }
  return env.Undefined();
}

}  // namespace dg
