// Software prefetch. Inline asm rather than __builtin_prefetch: GCC 12 deletes builtin prefetches
// whose address comes from a load inside an inlined helper, which is exactly the use here.
#pragma once
#include <cstdint>

namespace dg {

// static: each ISA-specific TU gets its own copy (no weak symbol compiled with -mavx512f can leak).
static inline void prefetchLine(const void* p) {
#if defined(__x86_64__) || defined(__i386__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#elif defined(__aarch64__)
  asm volatile("prfm pldl1keep, %0" : : "Q"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p, 0, 3);
#endif
}

// Every cache line of [p, p + bytes), at most 8 lines (longer rows stream well enough after that).
static inline void prefetchSpan(const void* p, int64_t bytes) {
  const char* c = static_cast<const char*>(p);
  const int64_t n = bytes < 512 ? bytes : 512;
  for (int64_t b = 0; b < n; b += 64) prefetchLine(c + b);
}

}  // namespace dg
