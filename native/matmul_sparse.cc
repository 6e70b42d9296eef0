// Dense matmul whose left operand is mostly zeros (bag-of-words node features: Cora's X is
// 2708 x 1433 with 1.3% non-zeros), for X @ W and, in the backward, X^T @ G. Zeros of op(A) are
// skipped: each output row is a sum of axpys over the non-zeros, in increasing k, so the result
// equals the dense IEEE result up to summation order (and the sign of zero sums). That holds
// only when op(B) is all-finite
// (0 * Inf = NaN must not be skipped): B is checked first and any Inf / NaN means the dense path.
//
// Each output row is owned by one thread and summed in the same order whatever the split, so
// the result does not depend on the thread count.
#include <algorithm>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string>
#include <vector>
#include "common.h"
#include "matmul.h"

namespace dg {

namespace {

enum class Mode { Auto, Never, Always };
Mode gMode = Mode::Auto;

// Bits of a value without its sign (zero iff the value is +0 or -0), and the exponent mask that
// marks Inf / NaN.
inline uint32_t magnitude(float x) { uint32_t u; std::memcpy(&u, &x, 4); return u & 0x7fffffffu; }
inline uint64_t magnitude(double x) { uint64_t u; std::memcpy(&u, &x, 8); return u & 0x7fffffffffffffffull; }
inline bool nonFinite(float x) { uint32_t u; std::memcpy(&u, &x, 4); return (u & 0x7f800000u) == 0x7f800000u; }
inline bool nonFinite(double x) { uint64_t u; std::memcpy(&u, &x, 8); return (u & 0x7ff0000000000000ull) == 0x7ff0000000000000ull; }

template <class T>
bool allFinite(const T* x, int64_t n) {
  bool bad = false;
  for (int64_t i = 0; i < n; i++) bad |= nonFinite(x[i]);
  return !bad;
}

// Fraction of non-zeros in 64 cache lines at fixed pseudo-random places (a few microseconds: each
// line is one miss). NaN counts as non-zero.
template <class T>
double sampledDensity(const T* a, int64_t len) {
  constexpr int64_t kLines = 64, kPer = 64 / int64_t(sizeof(T));
  uint64_t h = 0x9e3779b97f4a7c15ull;
  int64_t nz = 0;
  for (int64_t s = 0; s < kLines; s++) {
    h ^= h >> 33; h *= 0xff51afd7ed558ccdull; h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53ull; h ^= h >> 33;
    const int64_t p0 = int64_t(h % uint64_t(len - kPer + 1));
    for (int64_t t = 0; t < kPer; t++) nz += magnitude(a[p0 + t]) != 0;
  }
  return double(nz) / double(kLines * kPer);
}

// o[0..n) += v * b[0..n).
template <class T>
inline void axpy(T* __restrict o, T v, const T* __restrict b, int64_t n) {
  for (int64_t j = 0; j < n; j++) o[j] += v * b[j];
}

// Bit t set when x[t] is non-zero (NaN included), for 16 consecutive values.
inline uint32_t nonZeroMask(const float* x) {
#if defined(__SSE2__)
  const __m128 z = _mm_setzero_ps();
  uint32_t m = 0;
  for (int q = 0; q < 4; q++) m |= uint32_t(_mm_movemask_ps(_mm_cmpneq_ps(_mm_loadu_ps(x + 4 * q), z))) << (4 * q);
  return m;
#else
  uint32_t m = 0;
  for (int t = 0; t < 16; t++) m |= uint32_t(magnitude(x[t]) != 0) << t;
  return m;
#endif
}
inline uint32_t nonZeroMask(const double* x) {
#if defined(__SSE2__)
  const __m128d z = _mm_setzero_pd();
  uint32_t m = 0;
  for (int q = 0; q < 8; q++) m |= uint32_t(_mm_movemask_pd(_mm_cmpneq_pd(_mm_loadu_pd(x + 2 * q), z))) << (2 * q);
  return m;
#else
  uint32_t m = 0;
  for (int t = 0; t < 16; t++) m |= uint32_t(magnitude(x[t]) != 0) << t;
  return m;
#endif
}

// Calls f(i) for every non-zero x[i], i in [0, n), in increasing i: 16 values at a time as a bit
// mask, whose set bits are visited without a branch per value.
template <class T, class F>
inline void forNonZeros(const T* x, int64_t n, F f) {
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    for (uint32_t m = nonZeroMask(x + i); m != 0; m &= m - 1) f(i + __builtin_ctz(m));
  }
  for (; i < n; i++) if (magnitude(x[i]) != 0) f(i);
}

// op(A) = A (m x k): row i of C sums A[i, q] * B[q, :] over the non-zeros of row i.
template <class T>
void rowsKernel(const Mm& p, const T* A, const T* B, T* C, bool par) {
  const int64_t k = p.k, n = p.n;
#pragma omp parallel for schedule(static, 16) num_threads(numThreads()) if (par)
  for (int64_t i = 0; i < p.m; i++) {
    T* o = C + i * n;
    for (int64_t j = 0; j < n; j++) o[j] = T(0);
    forNonZeros(A + i * k, k, [&](int64_t q) { axpy(o, A[i * k + q], B + q * n, n); });
  }
}

// op(A) = A^T with A stored k x m: C[i, :] sums A[q, i] * B[q, :] over q. Thread t owns the
// output rows [i0, i1), i.e. a slab of A's columns, and sweeps A's rows in order.
template <class T>
void columnsKernel(const Mm& p, const T* A, const T* B, T* C, bool par) {
  const int64_t m = p.m, n = p.n;
  const int nt = par ? numThreads() : 1;
#pragma omp parallel num_threads(nt) if (par)
  {
#ifdef _OPENMP
    const int t = omp_get_thread_num(), T_ = omp_get_num_threads();  // the team actually granted
#else
    const int t = 0, T_ = 1;
#endif
    const int64_t i0 = m * t / T_, i1 = m * (t + 1) / T_;
    for (int64_t i = i0 * n; i < i1 * n; i++) C[i] = T(0);
    for (int64_t q = 0; q < p.k; q++) {
      const T* row = A + q * m;
      forNonZeros(row + i0, i1 - i0, [&](int64_t d) { axpy(C + (i0 + d) * n, row[i0 + d], B + q * n, n); });
    }
  }
}

// Largest sampled density at which zeros are skipped, for n output columns. The zero scan reads
// A once (about what OpenBLAS needs for n ~ 8 columns) and each non-zero costs an axpy of n plus a
// mispredicted branch or so. Measured on Cora's shape (2708 x 1433) against OpenBLAS on one core
// (node native/tools/small-bench.mjs sparse): break-even near 3% density at n = 16 (1.8x faster at
// Cora's 1.3%), 12% at n = 64, 18% at n = 256; never worth it below n = 8.
double maxDensity(int64_t n) {
  if (n < 8) return 0;
  return std::min(0.15, double(n) / 640);
}

template <class T>
bool sparseLeft(const Mm& p, const T* a, const T* b, T* c) {
  if (gMode == Mode::Never || p.tb || p.batch != 1) return false;
  const int64_t len = p.m * p.k;
  // Small operands: the dense kernel is fast and the sampling would not see enough of them.
  if (gMode == Mode::Auto && (len < 1 << 14 || sampledDensity(a, len) > maxDensity(p.n))) return false;
  if (!allFinite(b, p.k * p.n)) return false;
  const bool par = len > kGrainStream;
  if (p.ta) columnsKernel(p, a, b, c, par);
  else rowsKernel(p, a, b, c, par);
  return true;
}

}  // namespace

bool sparseLeftMatmul(const Mm& p, const float* a, const float* b, float* c) { return sparseLeft(p, a, b, c); }
bool sparseLeftMatmul(const Mm& p, const double* a, const double* b, double* c) { return sparseLeft(p, a, b, c); }

bool setSparseMatmulMode(const char* mode) {
  const std::string m(mode);
  if (m == "auto") gMode = Mode::Auto;
  else if (m == "never") gMode = Mode::Never;
  else if (m == "always") gMode = Mode::Always;
  else return false;
  return true;
}

}  // namespace dg
