// Compiled with -mavx512f; only called when the CPU reports AVX-512F.
#include "copy_sum.h"
#include <immintrin.h>

namespace dg {
namespace simd {
namespace {

struct Avx512 {
  using V = __m512;
  static constexpr int W = 16;
  static V zero() { return _mm512_setzero_ps(); }
  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
};

#include "copy_sum_vec.h"

}  // namespace

void copySumRowsF32Avx512(const int32_t* indptr, const int32_t* indices, const float* lhs, float* out, int64_t F,
                          int64_t rowBegin, int64_t rowEnd) {
  // 4 zmm accumulators = 64 floats per pass (F = 64 in one sweep over the in-edges).
  copySumRows<Avx512, 4>(indptr, indices, lhs, out, F, rowBegin, rowEnd);
}

}  // namespace simd
}  // namespace dg
