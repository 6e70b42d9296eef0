// Shared, N-API-free helpers for the kernels: thread count, broadcasting offsets.
#pragma once
#include <cstdint>
#include <vector>
#include <cstddef>
#include <string>
#include <type_traits>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace dg {

// Threads used by every parallel region (set from JS with setNumThreads).
int numThreads();
void setNumThreads(int n);

// This thread's index inside a parallel region (0 outside one). Scratch memory for a region is
// allocated before it, one slice per thread: an exception (bad_alloc) must never leave a region.
inline int threadIndex() {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

// Work below which a kernel stays on one thread. The team sleeps between regions
// (OMP_WAIT_POLICY=passive, set by src/kernels/native/binding.ts), so a region first wakes it:
// ~10 us on an idle machine and much more on a busy one (the worker must be scheduled, and the
// region ends only when it has been). A region therefore needs ~100-200 us of serial work to pay
// off; the grains below are that much work for each kind of loop (measured on one core).
// Memory-bound elementwise passes (add, relu, copies; ~0.1 ns per element).
constexpr int64_t kGrainStream = 1 << 20;
// Elementwise transcendentals (exp, log, tanh, pow, erf; ~5-25 ns per element).
constexpr int64_t kGrainMath = 1 << 14;
// Scalar loops with index arithmetic (broadcasting, reductions over rows, the general g-SpMM /
// g-SDDMM kernels; ~0.5-1 ns per element).
constexpr int64_t kGrainScalar = 1 << 18;
// The SIMD message-passing kernels, in (edges + rows) x features (~0.05-0.1 ns per unit).
constexpr int64_t kGrainSimd = 1 << 21;

// Runs f(begin, end) over [0, n): in one call below `grain`, else in chunks over the team.
// (An `omp parallel for simd if (...)` loop leaves its serial fallback unvectorised; a plain
// loop inside f is vectorised on both paths.)
template <class F>
void parallelRanges(int64_t n, int64_t grain, F f) {
  if (n <= grain || numThreads() == 1) {
    f(int64_t(0), n);
    return;
  }
  constexpr int64_t kChunk = 1 << 16;
  const int64_t chunks = (n + kChunk - 1) / kChunk;
#pragma omp parallel for schedule(static) num_threads(numThreads())
  for (int64_t c = 0; c < chunks; c++) f(c * kChunk, c * kChunk + kChunk < n ? c * kChunk + kChunk : n);
}

// Per output feature position, the offset into the (broadcast) lhs and rhs feature rows.
// `trivial` is true when both operands already have the output's shape (offsets are identity).
struct Bcast {
  int64_t outLen = 1, lhsLen = 1, rhsLen = 1;
  bool trivial = true;
  std::vector<int64_t> lhsOff, rhsOff;
};

// NumPy broadcasting of lhs and rhs (right-aligned) onto out. Returns false when the shapes
// do not broadcast to exactly `out`.
bool makeBcast(const std::vector<int64_t>& lhs, const std::vector<int64_t>& rhs,
               const std::vector<int64_t>& out, Bcast& b);

inline int64_t prod(const std::vector<int64_t>& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

}  // namespace dg
