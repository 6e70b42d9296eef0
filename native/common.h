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

// Work (in elements) below which a kernel stays on one thread: spawning costs more.
constexpr int64_t kParallelGrain = 1 << 16;

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
