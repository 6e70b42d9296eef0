// Counter-based random numbers, bit for bit the TypeScript backend's (src/kernels/js/sampling.ts):
// draw `counter` of work item `stream` is a murmur3-style hash of (seed, stream, counter), so any
// split of the work items over threads reproduces the same numbers.
#pragma once
#include <cstdint>

namespace dg {
namespace rng {

inline uint32_t mixWord(uint32_t h, uint32_t k) {
  k *= 0xcc9e2d51u;
  k = (k << 15) | (k >> 17);
  k *= 0x1b873593u;
  h ^= k;
  h = (h << 13) | (h >> 19);
  return h * 5u + 0xe6546b64u;
}

inline uint32_t hashUint32(uint32_t seed, uint32_t stream, uint32_t counter) {
  uint32_t h = seed;
  h = mixWord(h, stream);
  h = mixWord(h, counter);
  h ^= 12u;
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

// The random stream of one work item (ItemStream in TypeScript).
struct ItemStream {
  uint32_t seed = 0, stream = 0, counter = 0;

  void reset(uint32_t s, uint32_t st) {
    seed = s;
    stream = st;
    counter = 0;
  }
  uint32_t u32() { return hashUint32(seed, stream, counter++); }
  // Uniform in the open interval (0, 1): (x + 0.5) / 2^32 is exact in double.
  double open01() { return (double(u32()) + 0.5) / 4294967296.0; }
  // Uniform integer in [0, n) for 0 < n <= 2^32, unbiased by rejection.
  uint32_t below(uint64_t n) {
    const uint64_t limit = 4294967296ull - (4294967296ull % n);
    uint64_t x = u32();
    while (x >= limit) x = u32();
    return uint32_t(x % n);
  }
};

// Natural logarithm with exactly the rounding of V8's Math.log (fdlibm's __ieee754_log), so
// Efraimidis-Spirakis keys log(u) / w order ties the same way in both backends.
double jsLog(double x);

// ToUint32 of a JavaScript number (what `seed | 0` keeps), for finite doubles.
uint32_t toUint32(double d);

}  // namespace rng
}  // namespace dg
