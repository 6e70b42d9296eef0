// Software prefetch. Inline asm rather than __builtin_prefetch: GCC 12 deletes builtin prefetches
// whose address comes from a load inside an inlined helper, which is exactly the use here.
#pragma once

namespace dg {

inline void prefetchLine(const void* p) {
#if defined(__x86_64__) || defined(__i386__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#elif defined(__aarch64__)
  asm volatile("prfm pldl1keep, %0" : : "Q"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p, 0, 3);
#endif
}

}  // namespace dg
