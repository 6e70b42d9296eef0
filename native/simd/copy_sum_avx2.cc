// Compiled with -mavx2 -mfma; only called when the CPU reports AVX2 and FMA.
#include "copy_sum.h"
#include <immintrin.h>

namespace dg {
namespace simd {
namespace {

struct Avx2 {
  using V = __m256;
  static constexpr int W = 8;
  static V zero() { return _mm256_setzero_ps(); }
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
};

#include "copy_sum_vec.h"

}  // namespace

void copySumRowsF32Avx2(const int32_t* indptr, const int32_t* indices, const float* lhs, float* out, int64_t F,
                        int64_t rowBegin, int64_t rowEnd) {
  // 8 ymm accumulators = 64 floats per pass, leaving half the 16 registers for loads.
  copySumRows<Avx2, 8>(indptr, indices, lhs, out, F, rowBegin, rowEnd);
}

}  // namespace simd
}  // namespace dg
